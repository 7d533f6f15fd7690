# The server group's registry test (server_registry_test.cpp) checks that a
# test-only strategy reaches the reports too, so it links the report library.
if(TARGET server_tests)
  target_link_libraries(server_tests PRIVATE spoolsim_cli_core)
endif()
