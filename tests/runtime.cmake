# Runtime tests run against bindings generated from tests/data/all_types.mof,
# which has a property of every kind the runtime handles.
mofgen_generate(
  MOF ${CMAKE_CURRENT_SOURCE_DIR}/data/all_types.mof
  CLASSES Inner AllTypes
  OUTPUT_DIR ${CMAKE_CURRENT_BINARY_DIR}/all_types
  OUT_VAR ALL_TYPES_SOURCES)
add_library(all_types_bindings STATIC ${ALL_TYPES_SOURCES})
target_include_directories(all_types_bindings PUBLIC ${CMAKE_CURRENT_BINARY_DIR}/all_types)
target_link_libraries(all_types_bindings PUBLIC mofrt)
set_target_properties(all_types_bindings PROPERTIES C_STANDARD 99 C_EXTENSIONS OFF)
target_compile_options(all_types_bindings PRIVATE -Wpedantic)

mofgen_test(test_runtime SOURCES test_runtime.c LIBS all_types_bindings)
mofgen_test(test_encode SOURCES test_encode.c LIBS all_types_bindings mofrt_static)
