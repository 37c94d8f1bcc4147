# ctest -R readme_tour: runs the README's fragments (they must exit 0) and
# its complete program, whose output must be what the README says.
#   cmake -DFRAGMENTS=exe -DPROGRAM=exe -DEXPECTED=file -P run_readme_tour.cmake
execute_process(COMMAND ${FRAGMENTS} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "README.md's tour fragments exited ${rc}:\n${out}${err}")
endif()
execute_process(COMMAND ${PROGRAM} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
file(READ ${EXPECTED} expected)
if(NOT rc EQUAL 0 OR NOT out STREQUAL expected)
  message(FATAL_ERROR "README.md's complete program exited ${rc}${err}; it printed:\n${out}\n"
                      "and the README says:\n${expected}")
endif()
