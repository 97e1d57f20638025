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
# listener API is header-only and version-specific). The listeners import
# the module `tlsan`, so they exist only with the modules (tlsan_api), and
# each only when its framework's CMake package is found.
#
# Installed: the headers into <include>/tlsan, the sources into
# <datadir>/tlsan/frameworks, each target into its own export set
# (tlsanCatch2Targets.cmake, tlsanDoctestTargets.cmake beside
# tlsanConfig.cmake), and cmake/tlsanFrameworks.cmake, which
# tlsanConfig.cmake includes once the module targets are loaded: it finds
# Catch2 / doctest and loads the matching export.
if(NOT TARGET tlsan_api)
  return()
endif()

set(_tlsan_fw_src ${CMAKE_CURRENT_LIST_DIR}/../frameworks)
set(_tlsan_fw_share ${CMAKE_INSTALL_DATADIR}/tlsan/frameworks)

find_package(Catch2 2 QUIET)
if(TARGET Catch2::Catch2)
  add_library(tlsan_catch2_main INTERFACE)
  target_sources(tlsan_catch2_main INTERFACE
    $<BUILD_INTERFACE:${_tlsan_fw_src}/tlsan_catch2_main.cpp>
    $<INSTALL_INTERFACE:${_tlsan_fw_share}/tlsan_catch2_main.cpp>)
  target_link_libraries(tlsan_catch2_main INTERFACE tlsan_api Catch2::Catch2)
  set_target_properties(tlsan_catch2_main PROPERTIES EXPORT_NAME catch2_main)
  install(FILES ${PROJECT_SOURCE_DIR}/include/tlsan/catch2.h
    DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/tlsan)
  install(FILES ${_tlsan_fw_src}/tlsan_catch2_main.cpp
    DESTINATION ${_tlsan_fw_share})
  install(TARGETS tlsan_catch2_main EXPORT tlsanCatch2Targets)
  install(EXPORT tlsanCatch2Targets NAMESPACE tlsan::
    FILE tlsanCatch2Targets.cmake
    DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/tlsan)
else()
  message(STATUS "tlsan: Catch2 2.x not found; no tlsan_catch2_main")
endif()

find_package(doctest QUIET)
if(TARGET doctest::doctest)
  add_library(tlsan_doctest_main INTERFACE)
  target_sources(tlsan_doctest_main INTERFACE
    $<BUILD_INTERFACE:${_tlsan_fw_src}/tlsan_doctest_main.cpp>
    $<INSTALL_INTERFACE:${_tlsan_fw_share}/tlsan_doctest_main.cpp>)
  target_link_libraries(tlsan_doctest_main INTERFACE tlsan_api
    doctest::doctest)
  set_target_properties(tlsan_doctest_main PROPERTIES
    EXPORT_NAME doctest_main)
  install(FILES ${PROJECT_SOURCE_DIR}/include/tlsan/doctest.h
    DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/tlsan)
  install(FILES ${_tlsan_fw_src}/tlsan_doctest_main.cpp
    DESTINATION ${_tlsan_fw_share})
  install(TARGETS tlsan_doctest_main EXPORT tlsanDoctestTargets)
  install(EXPORT tlsanDoctestTargets NAMESPACE tlsan::
    FILE tlsanDoctestTargets.cmake
    DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/tlsan)
else()
  message(STATUS "tlsan: doctest not found; no tlsan_doctest_main")
endif()

install(FILES ${CMAKE_CURRENT_LIST_DIR}/tlsanFrameworks.cmake
  DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/tlsan)
unset(_tlsan_fw_src)
unset(_tlsan_fw_share)
