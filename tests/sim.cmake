# The sim group checks the kernel's quantiles against Boost.Math (header-only).
if(TARGET sim_tests)
  target_link_libraries(sim_tests PRIVATE Boost::headers)
endif()
