# Tests of the template engine and of the script that embeds templates.
# Included from tests/CMakeLists.txt.

# ---- src/emit/template.c -------------------------------------------------------
# Written by the top directory's rules; a fresh tree must know that here too.
set_source_files_properties(${PROJECT_BINARY_DIR}/builtin_templates.c PROPERTIES GENERATED TRUE)
mofgen_test(test_template SOURCES test_template.c ${PROJECT_SOURCE_DIR}/src/emit/template.c
  ${PROJECT_SOURCE_DIR}/src/util/arena.c ${PROJECT_BINARY_DIR}/builtin_templates.c)
target_include_directories(test_template PRIVATE ${PROJECT_SOURCE_DIR}/src/emit ${PROJECT_SOURCE_DIR}/src/util)
# template.c includes compiled_templates.inc, which mofgen_core's build writes
# (with builtin_templates.c).
target_include_directories(test_template PRIVATE ${PROJECT_BINARY_DIR})
add_dependencies(test_template mofgen_core)
if(CMAKE_CROSSCOMPILING)
  target_compile_definitions(test_template PRIVATE MOFGEN_TEMPLATE_BOOTSTRAP) # as mofgen_core
endif()
# A quadratic regression would run for minutes rather than fail: cap it.
set_tests_properties(test_template PROPERTIES TIMEOUT 300)

# ---- cmake/embed_templates.cmake -----------------------------------------------
set(EMBED_SCRIPT ${PROJECT_SOURCE_DIR}/cmake/embed_templates.cmake)
set(EMBED_FIXTURE_DIR ${CMAKE_CURRENT_SOURCE_DIR}/data/template-embed)
# Out of order on purpose: the script must sort by name.
set(EMBED_FIXTURES
  ${EMBED_FIXTURE_DIR}/utf8.tmpl
  ${EMBED_FIXTURE_DIR}/binary.tmpl
  ${EMBED_FIXTURE_DIR}/a.tmpl
  ${EMBED_FIXTURE_DIR}/quotes.tmpl
  ${EMBED_FIXTURE_DIR}/empty.tmpl
  ${EMBED_FIXTURE_DIR}/Upper.tmpl
  ${EMBED_FIXTURE_DIR}/exact16.tmpl
  ${EMBED_FIXTURE_DIR}/a-b.tmpl)
set(EMBED_OUTPUT ${CMAKE_CURRENT_BINARY_DIR}/template-embed/builtin_templates.c)
add_custom_command(
  OUTPUT ${EMBED_OUTPUT}
  COMMAND ${CMAKE_COMMAND} -DOUTPUT=${EMBED_OUTPUT} "-DINPUTS=${EMBED_FIXTURES}" -P ${EMBED_SCRIPT}
  DEPENDS ${EMBED_FIXTURES} ${EMBED_SCRIPT}
  COMMENT "Embedding the template-embed test fixtures"
  VERBATIM)  # without it the shell would split INPUTS at its ';'s

# The C view: every fixture byte for byte, sorted, NUL-terminated.
mofgen_test(test_embed_templates SOURCES test_embed_templates.c ${EMBED_OUTPUT})
target_include_directories(test_embed_templates PRIVATE ${PROJECT_SOURCE_DIR}/src/emit)
set_target_properties(test_embed_templates PROPERTIES C_STANDARD 99)  # as strict as the generated code
target_compile_options(test_embed_templates PRIVATE -Wpedantic)

# The script's behaviour: determinism, no paths, write-on-change, bad input.
add_test(NAME embed_templates_script
  COMMAND ${CMAKE_COMMAND}
          -DSCRIPT=${EMBED_SCRIPT}
          -DFIXTURE_DIR=${EMBED_FIXTURE_DIR}
          -DWORK_DIR=${CMAKE_CURRENT_BINARY_DIR}/template-embed-check
          -P ${CMAKE_CURRENT_SOURCE_DIR}/template_embed_check.cmake)
