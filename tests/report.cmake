# The report group: formatting for people (report/human_format.*).
if(TARGET report_tests)
  target_link_libraries(report_tests PRIVATE spoolsim_report_format)
endif()
