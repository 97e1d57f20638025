# tlsanFrameworks.cmake: installed beside tlsanConfig.cmake, which includes
# it once tlsan::tlsan exists (the module's or the header form's). Loads the
# Catch2 and doctest mains that were installed (cmake/tlsan_frameworks.cmake),
# each only when the consumer has that framework's CMake package:
#
#   | target              | needs                    | component |
#   |---------------------|--------------------------|-----------|
#   | tlsan::catch2_main  | find_package(Catch2 2)   | catch2    |
#   | tlsan::doctest_main | find_package(doctest)    | doctest   |
#
# Each main is one source file compiled in the consumer's target, in the
# consumer's C++ standard (C++17 or later): it includes <tlsan/tlsan.h> and
# links tlsan::tlsan. (With the modules, a target that also writes
# `import tlsan;` links tlsan::tlsan directly: CMake compiles an installed
# module only for the targets that link its target directly.)
# Example:
#   find_package(tlsan REQUIRED COMPONENTS catch2)
#   target_link_libraries(my_tests PRIVATE tlsan::catch2_main)
set(tlsan_catch2_FOUND FALSE)
set(tlsan_doctest_FOUND FALSE)
if(EXISTS "${CMAKE_CURRENT_LIST_DIR}/tlsanCatch2Targets.cmake")
  if(NOT TARGET Catch2::Catch2)
    find_package(Catch2 2 QUIET)
  endif()
  if(TARGET Catch2::Catch2)
    include("${CMAKE_CURRENT_LIST_DIR}/tlsanCatch2Targets.cmake")
    set(tlsan_catch2_FOUND TRUE)
  endif()
endif()
if(EXISTS "${CMAKE_CURRENT_LIST_DIR}/tlsanDoctestTargets.cmake")
  if(NOT TARGET doctest::doctest)
    find_package(doctest QUIET)
  endif()
  if(TARGET doctest::doctest)
    include("${CMAKE_CURRENT_LIST_DIR}/tlsanDoctestTargets.cmake")
    set(tlsan_doctest_FOUND TRUE)
  endif()
endif()
