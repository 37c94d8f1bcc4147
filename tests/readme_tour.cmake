# The README's tour of the generated API, compiled: its C blocks are
# extracted at build time (extract_readme.cmake) and built against bindings
# for tests/data/tour.mof, with the project's warnings (and -Werror, and
# the sanitizers) like any other target.  readme_tour runs the fragments in
# order; readme_program runs the complete program and compares its output
# with the README's.
set(TOUR_DIR ${CMAKE_CURRENT_BINARY_DIR}/readme_tour)
mofgen_generate(
  MOF ${CMAKE_CURRENT_SOURCE_DIR}/data/tour.mof
  CLASSES Tour_Base Tour_Item Tour_Job
  OUTPUT_DIR ${TOUR_DIR}
  OUT_VAR TOUR_SOURCES)
add_library(tour_bindings STATIC ${TOUR_SOURCES})
target_include_directories(tour_bindings PUBLIC ${TOUR_DIR})
target_link_libraries(tour_bindings PUBLIC mofrt)
set_target_properties(tour_bindings PROPERTIES C_STANDARD 99 C_EXTENSIONS OFF)

add_custom_command(
  OUTPUT ${TOUR_DIR}/readme_fragments.c ${TOUR_DIR}/readme_program.c ${TOUR_DIR}/readme_program.expected
  COMMAND ${CMAKE_COMMAND} -DREADME=${PROJECT_SOURCE_DIR}/README.md -DOUT_DIR=${TOUR_DIR}
          -P ${CMAKE_CURRENT_SOURCE_DIR}/extract_readme.cmake
  DEPENDS ${PROJECT_SOURCE_DIR}/README.md ${CMAKE_CURRENT_SOURCE_DIR}/extract_readme.cmake
  COMMENT "Extracting the C of README.md's tour"
  VERBATIM)
# Both programs are built from this one command's outputs.  With the
# Makefile generator, a command listed in two targets runs in each of them,
# and under make -jN the two runs raced on the same files; one target owns
# the command and both programs wait for it.
add_custom_target(readme_extract DEPENDS
  ${TOUR_DIR}/readme_fragments.c ${TOUR_DIR}/readme_program.c ${TOUR_DIR}/readme_program.expected)

# Fragments show a value being got without using it; that is the point.
add_executable(readme_fragments ${TOUR_DIR}/readme_fragments.c)
target_link_libraries(readme_fragments PRIVATE tour_bindings)
target_compile_options(readme_fragments PRIVATE -Wpedantic -Wno-unused-variable -Wno-unused-but-set-variable)
add_executable(readme_program ${TOUR_DIR}/readme_program.c)
target_link_libraries(readme_program PRIVATE tour_bindings)
target_compile_options(readme_program PRIVATE -Wpedantic)
set_target_properties(readme_fragments readme_program PROPERTIES C_STANDARD 99 C_EXTENSIONS OFF)
add_dependencies(readme_fragments readme_extract)
add_dependencies(readme_program readme_extract)

add_test(NAME readme_tour
  COMMAND ${CMAKE_COMMAND} -DFRAGMENTS=$<TARGET_FILE:readme_fragments> -DPROGRAM=$<TARGET_FILE:readme_program>
          -DEXPECTED=${TOUR_DIR}/readme_program.expected -P ${CMAKE_CURRENT_SOURCE_DIR}/run_readme_tour.cmake)
