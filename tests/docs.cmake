# The docs' output excerpts (docs/reading-reports.md) against what the built
# spoolsim prints now: fails when they drift (scripts/update-doc-excerpts
# regenerates them). One full default run: label `slow` (`make asan` skips it).
if(TARGET spoolsim_cli)
  add_test(NAME cli_doc_excerpts
           COMMAND bash ${PROJECT_SOURCE_DIR}/scripts/update-doc-excerpts --check --bin $<TARGET_FILE:spoolsim_cli>)
  set_tests_properties(cli_doc_excerpts PROPERTIES LABELS "cli;slow" TIMEOUT 300)
endif()
