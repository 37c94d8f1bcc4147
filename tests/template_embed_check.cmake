# template_embed_check.cmake - what the compiled test (test_embed_templates)
# cannot see of cmake/embed_templates.cmake: determinism, no paths in the
# output, rewriting only on change, and refusing bad input.
#
#   cmake -DSCRIPT=cmake/embed_templates.cmake -DFIXTURE_DIR=tests/data/template-embed
#         -DWORK_DIR=<scratch dir> -P tests/template_embed_check.cmake

cmake_minimum_required(VERSION 3.18)

foreach(var SCRIPT FIXTURE_DIR WORK_DIR)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "-D${var}=... is required")
  endif()
endforeach()

file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")

# Runs the script; stores its exit code in ${result_var}.
function(embed output inputs result_var)
  execute_process(
    COMMAND ${CMAKE_COMMAND} "-DOUTPUT=${output}" "-DINPUTS=${inputs}" -P "${SCRIPT}"
    RESULT_VARIABLE result
    OUTPUT_QUIET ERROR_QUIET)
  set(${result_var} "${result}" PARENT_SCOPE)
endfunction()

function(expect_success output inputs)
  embed("${output}" "${inputs}" result)
  if(NOT result EQUAL 0)
    message(FATAL_ERROR "embedding ${inputs} failed (${result})")
  endif()
endfunction()

function(expect_failure what output inputs)
  embed("${output}" "${inputs}" result)
  if(result EQUAL 0)
    message(FATAL_ERROR "embedding accepted ${what}")
  endif()
endfunction()

file(GLOB fixtures "${FIXTURE_DIR}/*.tmpl")
list(SORT fixtures)
set(reversed ${fixtures})
list(REVERSE reversed)

# ---- deterministic whatever the input order --------------------------------
set(first "${WORK_DIR}/first/builtin_templates.c")
set(second "${WORK_DIR}/second/builtin_templates.c")
expect_success("${first}" "${fixtures}")
expect_success("${second}" "${reversed}")
file(READ "${first}" first_text)
file(READ "${second}" second_text)
if(NOT first_text STREQUAL second_text)
  message(FATAL_ERROR "the output depends on the order of the inputs")
endif()

# ---- no paths ----------------------------------------------------------------
get_filename_component(fixture_parent "${FIXTURE_DIR}" DIRECTORY)
foreach(path "${FIXTURE_DIR}" "${fixture_parent}" "${WORK_DIR}")
  string(FIND "${first_text}" "${path}" at)
  if(NOT at EQUAL -1)
    message(FATAL_ERROR "the output holds the path ${path}")
  endif()
endforeach()

# ---- rewritten only on change --------------------------------------------------
file(TIMESTAMP "${first}" before "%s")
# A rewrite after this sleep would carry a later second.
execute_process(COMMAND ${CMAKE_COMMAND} -E sleep 1)
expect_success("${first}" "${fixtures}")
file(TIMESTAMP "${first}" after "%s")
if(NOT before STREQUAL after)
  message(FATAL_ERROR "an unchanged output was rewritten (${before} -> ${after})")
endif()

file(MAKE_DIRECTORY "${WORK_DIR}/changing")
file(WRITE "${WORK_DIR}/changing/one.tmpl" "before")
expect_success("${first}" "${WORK_DIR}/changing/one.tmpl")
file(READ "${first}" text)
file(WRITE "${WORK_DIR}/changing/one.tmpl" "after!")
expect_success("${first}" "${WORK_DIR}/changing/one.tmpl")
file(READ "${first}" changed_text)
if(text STREQUAL changed_text OR NOT changed_text MATCHES "0x61,0x66,0x74,0x65,0x72,0x21,")
  message(FATAL_ERROR "a changed template did not change the output")
endif()

# ---- no templates at all -------------------------------------------------------
expect_success("${WORK_DIR}/none.c" "")
file(READ "${WORK_DIR}/none.c" text)
if(NOT text MATCHES "mofgen_builtin_template_count = 0;")
  message(FATAL_ERROR "no templates: wrong count")
endif()

# ---- bad input -----------------------------------------------------------------------
file(MAKE_DIRECTORY "${WORK_DIR}/dup")
file(WRITE "${WORK_DIR}/dup/a.tmpl" "other a")
expect_failure("two templates named a.tmpl" "${WORK_DIR}/bad.c" "${FIXTURE_DIR}/a.tmpl;${WORK_DIR}/dup/a.tmpl")
file(WRITE "${WORK_DIR}/bad name.tmpl" "x")
expect_failure("a name with a space" "${WORK_DIR}/bad.c" "${WORK_DIR}/bad name.tmpl")
expect_failure("a missing file" "${WORK_DIR}/bad.c" "${WORK_DIR}/missing.tmpl")
if(EXISTS "${WORK_DIR}/bad.c")
  message(FATAL_ERROR "a failed run left an output behind")
endif()

message(STATUS "embed_templates.cmake checks passed")
