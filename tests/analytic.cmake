# The analytic group: analytic_cli_test runs the built `spoolsim analyze`.
if(TARGET analytic_tests AND TARGET spoolsim_cli)
  add_dependencies(analytic_tests spoolsim_cli)
endif()
