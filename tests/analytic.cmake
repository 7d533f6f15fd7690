# The analytic group: analytic_cli_test runs the built `spoolsim analyze`;
# analytic_ctmc_test reads the chain's Eigen types (presence_chain.hpp).
if(TARGET analytic_tests)
  target_link_libraries(analytic_tests PRIVATE spoolsim_analytic Eigen3::Eigen)
endif()
if(TARGET analytic_tests AND TARGET spoolsim_cli)
  add_dependencies(analytic_tests spoolsim_cli)
endif()

# The heaviest simulation checks get label `slow` (`make asan` skips them).
# Test cases are discovered at build time, so the label is set by a file that
# ctest includes after the discovered list (TEST_INCLUDE_FILES keeps order).
if(TARGET analytic_tests)
  set(ANALYTIC_SLOW_LABELS ${CMAKE_CURRENT_BINARY_DIR}/analytic_slow_labels.cmake)
  file(WRITE ${ANALYTIC_SLOW_LABELS} [=[
foreach(t "AnalyticSimulation.MixOfOneTwoAndThreeDeviceUsers"
          "AnalyticLibrary.R13OneDevice" "AnalyticLibrary.R13MixedDevices")
  list(FIND analytic_tests_TESTS "${t}" found)  # set by the discovered list
  if(NOT found EQUAL -1)
    set_tests_properties("${t}" PROPERTIES LABELS slow)
  endif()
endforeach()
]=])
  set_property(DIRECTORY APPEND PROPERTY TEST_INCLUDE_FILES ${ANALYTIC_SLOW_LABELS})
endif()
