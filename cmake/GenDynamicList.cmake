# Writes OUTPUT, a linker --dynamic-list with every symbol that ARCHIVE
# defines with default visibility (the interceptors and __tlsan_* entry
# points). Run as: cmake -DREADELF=... -DARCHIVE=... -DOUTPUT=... -P this.
execute_process(COMMAND ${READELF} -sW ${ARCHIVE}
  OUTPUT_VARIABLE syms RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${READELF} failed on ${ARCHIVE}")
endif()
string(REPLACE "\n" ";" lines "${syms}")
set(names)
foreach(line IN LISTS lines)
  # Num: Value Size Type Bind Vis Ndx Name
  if(line MATCHES "^ *[0-9]+: +[0-9a-f]+ +[0-9]+ +(FUNC|OBJECT|IFUNC) +(GLOBAL|WEAK) +DEFAULT +([0-9]+) +([^ ]+)$")
    list(APPEND names "${CMAKE_MATCH_4}")
  endif()
endforeach()
list(REMOVE_DUPLICATES names)
list(SORT names)
set(out "{\n")
foreach(n IN LISTS names)
  string(APPEND out "  ${n};\n")
endforeach()
string(APPEND out "};\n")
file(WRITE ${OUTPUT}.tmp "${out}")
file(RENAME ${OUTPUT}.tmp ${OUTPUT})
