/*
 * fuzz_parser.c - libFuzzer target for the compiler front end: any bytes as
 * a MOF file through the scanner, grammar, model and checks.
 */
#include "model.h"
#include "parse.h"

#include <stdio.h>

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    arena *a = arena_new();
    source_set sources = {0};
    diag_engine diag;
    diag_init(&diag, NULL);
    source_file *f = source_add_text(&sources, "fuzz.mof", (const char *)data, size);
    if (f) {
        ast_unit unit = {0};
        parse_file(a, &diag, f, &unit);
        model_build(a, &diag, &unit);
    }
    source_set_free(&sources);
    arena_free(a);
    return 0;
}
