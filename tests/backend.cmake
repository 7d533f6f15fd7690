# The backend group: spool traces, the database backends and replay.
if(TARGET backend_tests)
  target_link_libraries(backend_tests PRIVATE spoolsim_test_support_replay)
endif()
