# cmake/tlsan_frameworks.cmake: the Catch2 (v2) and doctest (2.4)
# integrations, included by the top CMakeLists.txt after modules/.
#
#   | build target       | installed as         | what                          |
#   |--------------------|----------------------|-------------------------------|
#   | tlsan_catch2_main  | tlsan::catch2_main   | main() of Catch2 with the     |
#   |                    |                      | listener of <tlsan/catch2.h>  |
#   | tlsan_doctest_main | tlsan::doctest_main  | main() of doctest with the    |
#   |                    |                      | listener of <tlsan/doctest.h> |
#
# Both are INTERFACE libraries: their one source file is compiled in the
# consumer's target, against the consumer's own Catch2 / doctest (whose
# listener API is header-only and version-specific). The listeners include
# the API's header form, <tlsan/tlsan.h> (C++17), and link the library
# tlsan::tlsan (here tlsan_api; installed, whichever form tlsanConfig.cmake
# gives: the module's or the header form's); each exists only when its
# framework's CMake package is found.
#
# Installed: the headers into <include>/tlsan (the shared part into
# <include>/tlsan/detail), the sources into <datadir>/tlsan/frameworks, each
# target into its own export set (tlsanCatch2Targets.cmake,
# tlsanDoctestTargets.cmake beside tlsanConfig.cmake), and
# cmake/tlsanFrameworks.cmake, which tlsanConfig.cmake includes once
# tlsan::tlsan exists: it finds Catch2 / doctest and loads the matching
# export.
if(NOT TARGET tlsan_api)
  return()
endif()

# tlsan_framework_main(NAME HEADER TARGET EXPORT): the INTERFACE library
# tlsan_NAME_main (exported as tlsan::NAME_main) compiling
# frameworks/tlsan_NAME_main.cpp in its consumer, linked to the framework's
# CMake TARGET; installs <tlsan/HEADER>, that source and the export set
# EXPORT.
# Example: tlsan_framework_main(catch2 catch2.h Catch2::Catch2 tlsanCatch2Targets)
function(tlsan_framework_main name header framework_target export_set)
  set(source tlsan_${name}_main.cpp)
  set(share ${CMAKE_INSTALL_DATADIR}/tlsan/frameworks)
  add_library(tlsan_${name}_main INTERFACE)
  target_sources(tlsan_${name}_main INTERFACE
    $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/frameworks/${source}>
    $<INSTALL_INTERFACE:${share}/${source}>)
  target_link_libraries(tlsan_${name}_main INTERFACE tlsan_api
    ${framework_target})
  set_target_properties(tlsan_${name}_main PROPERTIES
    EXPORT_NAME ${name}_main)
  install(FILES ${PROJECT_SOURCE_DIR}/include/tlsan/${header}
    DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/tlsan)
  install(FILES ${PROJECT_SOURCE_DIR}/include/tlsan/detail/test_case_check.h
    DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/tlsan/detail)
  install(FILES ${PROJECT_SOURCE_DIR}/frameworks/${source}
    DESTINATION ${share})
  install(TARGETS tlsan_${name}_main EXPORT ${export_set})
  install(EXPORT ${export_set} NAMESPACE tlsan:: FILE ${export_set}.cmake
    DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/tlsan)
endfunction()

find_package(Catch2 2 QUIET)
if(TARGET Catch2::Catch2)
  tlsan_framework_main(catch2 catch2.h Catch2::Catch2 tlsanCatch2Targets)
else()
  message(STATUS "tlsan: Catch2 2.x not found; no tlsan_catch2_main")
endif()

find_package(doctest QUIET)
if(TARGET doctest::doctest)
  tlsan_framework_main(doctest doctest.h doctest::doctest tlsanDoctestTargets)
else()
  message(STATUS "tlsan: doctest not found; no tlsan_doctest_main")
endif()

install(FILES ${CMAKE_CURRENT_LIST_DIR}/tlsanFrameworks.cmake
  DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/tlsan)
