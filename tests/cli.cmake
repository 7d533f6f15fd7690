# The cli group: unit tests link the report library; end-to-end tests run the
# built binary (SPOOLSIM_BIN, set for every test by tests/CMakeLists.txt).
if(TARGET cli_tests)
  target_link_libraries(cli_tests PRIVATE spoolsim_cli_core)
  add_dependencies(cli_tests spoolsim_cli)
endif()
