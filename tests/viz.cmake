# Dashboard tests (issue 8). viz_tests (tests/viz_*_test.cpp) link the
# dashboard's core without OpenGL, so they run in every configuration.
if(TARGET viz_tests)
  target_link_libraries(viz_tests PRIVATE spoolsim_viz_core)
endif()

# `spoolsim dashboard` without a sibling spoolsim-dashboard: exit 2 and says
# which packages the dashboard needs.
if(TARGET spoolsim_cli)
  add_test(NAME viz_cli_dashboard_not_built
           COMMAND sh -c "d=$(mktemp -d) && cp \"$0\" \"$d/spoolsim\" && out=$(\"$d/spoolsim\" dashboard 2>&1); rc=$?; rm -rf \"$d\"; echo \"$out\"; [ $rc -eq 2 ] && echo \"$out\" | grep -q 'dashboard was not built' && echo \"$out\" | grep -q libimgui-dev"
                   $<TARGET_FILE:spoolsim_cli>)
endif()

if(NOT TARGET spoolsim_dashboard)
  return()
endif()

# `spoolsim dashboard --help` reaches the dashboard program's own help.
if(TARGET spoolsim_cli)
  add_test(NAME viz_cli_dashboard_help
           COMMAND sh -c "out=$(\"$0\" dashboard --help 2>&1) && echo \"$out\" && echo \"$out\" | grep -q 'usage: spoolsim-dashboard'"
                   $<TARGET_FILE:spoolsim_cli>)
endif()

# Without a display: non-zero exit and a message that says so.
add_test(NAME viz_dashboard_no_display
         COMMAND sh -c "out=$(env -u DISPLAY -u WAYLAND_DISPLAY \"$0\" --set population.users=50 --frames 1 --screenshot /dev/null 2>&1); rc=$?; echo \"$out\"; [ $rc -ne 0 ] && echo \"$out\" | grep -q 'needs a display'"
                 $<TARGET_FILE:spoolsim_dashboard>)

# The size check comes before the window (docs/sizing.md): with too little
# memory the dashboard says so and exits 2 without a display; --force passes
# the check and reaches the display's absence.
add_test(NAME viz_dashboard_size_check
         COMMAND sh -c "run() { env -u DISPLAY -u WAYLAND_DISPLAY SPOOLSIM_MEMORY_LIMIT=1M \"$0\" \"$@\" --set population.users=50 --frames 1 2>&1; }; out=$(run); rc=$?; echo \"$out\"; [ $rc -eq 2 ] && echo \"$out\" | grep -q 'the run would need about' && echo \"$out\" | grep -q -- '--force' || exit 1; out=$(run --force); rc=$?; echo \"$out\"; [ $rc -eq 1 ] && echo \"$out\" | grep -q 'warning: --force' && echo \"$out\" | grep -q 'needs a display'"
                 $<TARGET_FILE:spoolsim_dashboard>)

# Screenshot under Xvfb, through `spoolsim dashboard`, of a small run until
# it ends; then the PNG's size and pixel statistics.
find_package(PkgConfig QUIET)
if(PkgConfig_FOUND)
  pkg_check_modules(VIZ_TEST_STB QUIET IMPORTED_TARGET stb)
endif()
find_program(XVFB_RUN xvfb-run)
if(XVFB_RUN AND VIZ_TEST_STB_FOUND AND TARGET spoolsim_cli)
  add_executable(viz_png_check ${CMAKE_CURRENT_SOURCE_DIR}/viz_png_check.cpp)
  target_link_libraries(viz_png_check PRIVATE PkgConfig::VIZ_TEST_STB spoolsim_warnings)
  set(VIZ_PNG ${CMAKE_CURRENT_BINARY_DIR}/viz_dashboard.png)
  add_test(NAME viz_dashboard_screenshot
           COMMAND sh -c "rm -f \"$2\" && \"$0\" -a -s '-screen 0 1280x800x24' \"$1\" dashboard --set population.users=200 --set horizon=4d --set replications=2 --frames 3000 --screenshot \"$2\""
                   ${XVFB_RUN} $<TARGET_FILE:spoolsim_cli> ${VIZ_PNG})
  set_tests_properties(viz_dashboard_screenshot PROPERTIES
                       TIMEOUT 300 RESOURCE_LOCK xdisplay FIXTURES_SETUP viz_png)
  add_test(NAME viz_dashboard_png COMMAND viz_png_check ${VIZ_PNG} 1280 800)
  set_tests_properties(viz_dashboard_png PROPERTIES FIXTURES_REQUIRED viz_png)
endif()
