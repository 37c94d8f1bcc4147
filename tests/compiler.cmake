# Compiler tests: in-process through mofgen_core.
add_library(test_support STATIC support.c)
target_link_libraries(test_support PUBLIC mofgen_core PkgConfig::CMOCKA)

mofgen_test(test_parser SOURCES test_parser.c LIBS test_support)
mofgen_test(test_diagnostics SOURCES test_diagnostics.c LIBS test_support)
mofgen_test(test_generated SOURCES test_generated.c LIBS distjob_bindings)
mofgen_test(test_emit SOURCES test_emit.c LIBS test_support)
mofgen_test(test_semantics SOURCES test_semantics.c LIBS test_support)
mofgen_test(test_cli SOURCES test_cli.c LIBS test_support)
add_dependencies(test_cli mofgen distjob)
mofgen_test(test_output SOURCES test_output.c LIBS test_support)
add_dependencies(test_output mofgen)

# Real schemas (../shared/corpus): labelled "corpus"; the sanitizer build
# skips the C compile of 1,631 classes, which exercises no mofgen code.
mofgen_test(test_corpus SOURCES test_corpus.c LIBS test_support)
set_tests_properties(test_corpus PROPERTIES LABELS corpus TIMEOUT 600)
mofgen_corpus_test(test_corpus)
add_test(NAME compile_cim_bindings
  COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/compile_generated.sh $<TARGET_FILE:mofgen>
          ${PROJECT_SOURCE_DIR}/src/runtime ${CMAKE_C_COMPILER}
          ${MOFGEN_CORPUS_DIR}/cim-2.49/cim_schema_2.49.0.mof
  WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(compile_cim_bindings PROPERTIES LABELS "corpus;slow" TIMEOUT 900)
mofgen_corpus_test(compile_cim_bindings)

# The generated bindings are usable from C++ too (extern "C", no C-only syntax).
find_program(CXX_FOR_TESTS NAMES c++ g++ clang++ REQUIRED)
add_test(NAME generated_compiles_as_cxx
  COMMAND ${CXX_FOR_TESTS} -x c++ -std=c++11 -Wall -Wextra -Werror -fsyntax-only
          -I${PROJECT_SOURCE_DIR}/generated -I${PROJECT_SOURCE_DIR}/src/runtime
          ${PROJECT_SOURCE_DIR}/generated/SMS_DistributionJob.c
  WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})

# Bindings for tests/data/methods.mof, generated at build time the way a
# user's project would (mofgen_generate), for test_methods.
mofgen_generate(
  OUTPUT_DIR ${CMAKE_CURRENT_BINARY_DIR}/methods
  MOF ${CMAKE_CURRENT_SOURCE_DIR}/data/methods.mof
  CLASSES Test_Inner Test_Service Test_Collide
  OUT_VAR METHODS_SOURCES)
add_library(methods_bindings STATIC ${METHODS_SOURCES})
target_include_directories(methods_bindings PUBLIC ${CMAKE_CURRENT_BINARY_DIR}/methods)
target_link_libraries(methods_bindings PUBLIC mofrt)
set_target_properties(methods_bindings PROPERTIES C_STANDARD 99 C_EXTENSIONS OFF)
target_compile_options(methods_bindings PRIVATE -Wpedantic)
mofgen_test(test_methods SOURCES test_methods.c LIBS methods_bindings)
mofgen_test(test_includes SOURCES test_includes.c LIBS test_support)
mofgen_test(test_limits SOURCES test_limits.c LIBS test_support)

# import-doc: SDK pages to MOF (the seed page from ../shared/seed).
mofgen_test(test_import SOURCES test_import.c LIBS test_support)
mofgen_corpus_test(test_import) # the seed page is in ../shared/seed
# Every SDK class page (../shared/corpus/configmgr-sdk/pages) imports.
mofgen_test(test_import_corpus SOURCES test_import_corpus.c LIBS test_support)
set_tests_properties(test_import_corpus PROPERTIES LABELS corpus TIMEOUT 600)
mofgen_corpus_test(test_import_corpus)
# ... and the bindings of every imported page compile with -Werror.
add_test(NAME compile_imported_pages
  COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/compile_imported_pages.sh $<TARGET_FILE:mofgen>
          ${PROJECT_SOURCE_DIR}/src/runtime ${CMAKE_C_COMPILER}
          ${MOFGEN_CORPUS_DIR}/configmgr-sdk/pages
  WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(compile_imported_pages PROPERTIES LABELS "corpus;slow" TIMEOUT 900)

# The fuzz targets' code over their seeds and every finding (fuzz/regressions).
mofgen_test(test_fuzz_replay SOURCES test_fuzz_replay.c ${PROJECT_SOURCE_DIR}/fuzz/fuzz_compiler.c
            ${PROJECT_SOURCE_DIR}/fuzz/fuzz_templates.c ${PROJECT_SOURCE_DIR}/fuzz/fuzz_decoders.c
            LIBS test_support all_types_bindings)
set_source_files_properties(${PROJECT_SOURCE_DIR}/fuzz/fuzz_compiler.c PROPERTIES COMPILE_DEFINITIONS FUZZ_ENTRY=fuzz_compiler_one)
set_source_files_properties(${PROJECT_SOURCE_DIR}/fuzz/fuzz_templates.c PROPERTIES COMPILE_DEFINITIONS FUZZ_ENTRY=fuzz_templates_one)
set_source_files_properties(${PROJECT_SOURCE_DIR}/fuzz/fuzz_decoders.c PROPERTIES COMPILE_DEFINITIONS FUZZ_ENTRY=fuzz_decoders_one)
mofgen_corpus_test(compile_imported_pages)
