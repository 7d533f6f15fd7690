# The report group: formatting for people (report/human_format.*) and the
# HTML report (report/html_report.*), whose end-to-end tests run the built
# binary (SPOOLSIM_BIN) and python3 checkers in tests/support/.
if(TARGET report_tests)
  target_link_libraries(report_tests PRIVATE spoolsim_report_format spoolsim_report_html)
  add_dependencies(report_tests spoolsim_cli)
endif()
