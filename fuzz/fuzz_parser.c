/*
 * fuzz_parser.c - libFuzzer target for the whole compiler: any bytes as a
 * MOF file through the scanner, grammar, model and checks, the JSON dumps,
 * and, when the file compiles, the emitter and every template.
 */
#include "checks.h"
#include "dump.h"
#include "emit.h"
#include "model.h"
#include "parse.h"

#include <stdio.h>

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    arena *a = arena_new();
    source_set sources = {0};
    diag_engine diag;
    diag_init(&diag, NULL);
    FILE *sink = fopen("/dev/null", "w");
    source_file *f = source_add_text(&sources, "fuzz.mof", (const char *)data, size);
    if (f && sink) {
        ast_unit unit = {0};
        parse_file(a, &diag, f, &unit, 0);
        dump_ast(sink, &unit);
        model *m = model_build(a, &diag, &unit);
        checks_run(&diag, a, m);
        dump_model(sink, m);
        emit_options options = {0};
        emit_result files;
        if (diag.errors == 0 && emit_model(m, &options, &diag, &files) == 0)
            emit_result_free(&files);
    }
    if (sink)
        fclose(sink);
    source_set_free(&sources);
    arena_free(a);
    return 0;
}
