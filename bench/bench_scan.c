/*
 * bench_scan.c - the flex scanner alone over MOF files, for bench/compiler.py:
 * each file is read and decoded as mofgen reads it, then scanned to the end,
 * every token dropped (no grammar, no AST).  Prints the bytes and tokens.
 *
 *   bench_scan FILE.mof...
 */
#include "parse.h"

#include <stdio.h>

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs("usage: bench_scan FILE.mof...\n", stderr);
        return 2;
    }
    source_set sources = {0};
    diag_engine diag;
    diag_init(&diag, stderr);
    size_t bytes = 0, tokens = 0;
    for (int i = 1; i < argc; i++) {
        char why[256];
        source_file *f = source_load(&sources, argv[i], argv[i], SOURCE_DEFAULT_MAX_INPUT, why, sizeof why);
        if (!f) {
            fprintf(stderr, "bench_scan: cannot read '%s': %s\n", argv[i], why);
            return 1;
        }
        arena *a = arena_new();
        tokens += parse_scan_only(a, &diag, f);
        bytes += f->size_read;
        arena_free(a);
    }
    printf("%zu bytes, %zu tokens\n", bytes, tokens);
    source_set_free(&sources);
    return 0;
}
