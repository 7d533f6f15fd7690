# Fuzz smoke (only in a SPOOLSIM_FUZZ build, e.g. build-fuzz): a short run of
# the loader fuzzer over the scenario library; any crash fails the test.
if(TARGET fuzz_scenario_loader)
  add_test(NAME scenario_fuzz_smoke
           COMMAND $<TARGET_FILE:fuzz_scenario_loader> -runs=2000 -max_len=1048576
                   ${CMAKE_CURRENT_BINARY_DIR}/fuzz_corpus ${PROJECT_SOURCE_DIR}/scenarios)
  set_tests_properties(scenario_fuzz_smoke PROPERTIES LABELS "scenario;fuzz" TIMEOUT 300
                       FIXTURES_REQUIRED scenario_fuzz_corpus)
  add_test(NAME scenario_fuzz_corpus_dir COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_CURRENT_BINARY_DIR}/fuzz_corpus)
  set_tests_properties(scenario_fuzz_corpus_dir PROPERTIES FIXTURES_SETUP scenario_fuzz_corpus)
endif()
