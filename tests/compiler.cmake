# Compiler tests: in-process through mofgen_core.
add_library(test_support STATIC support.c)
target_link_libraries(test_support PUBLIC mofgen_core PkgConfig::CMOCKA)

mofgen_test(test_parser SOURCES test_parser.c LIBS test_support)
mofgen_test(test_diagnostics SOURCES test_diagnostics.c LIBS test_support)
mofgen_test(test_generated SOURCES test_generated.c LIBS distjob_bindings)
mofgen_test(test_emit SOURCES test_emit.c LIBS test_support)
mofgen_test(test_cli SOURCES test_cli.c LIBS test_support)
add_dependencies(test_cli mofgen distjob)
