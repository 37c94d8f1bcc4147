/*
 * driver.h - one compilation, start to finish: parse -> model -> emit ->
 * write.  The CLI (main.c) and the tests call this same function.
 */
#ifndef MOFGEN_DRIVER_H
#define MOFGEN_DRIVER_H

#include "diag.h"
#include "source.h"

#include <stdbool.h>
#include <stdio.h>

typedef enum mofgen_dump { DUMP_NONE, DUMP_AST, DUMP_MODEL } mofgen_dump;

typedef struct mofgen_options {
    const char *const *inputs;
    size_t input_count;
    const char *output_dir;        /* default "." */
    const char *const *include_dirs;
    size_t include_dir_count;
    const char *template_dir;      /* NULL: built-in templates */
    bool template_trees;           /* render the built-in templates from their parsed trees, not from
                                      the C they were compiled to (the same output, slower: for tests) */
    const char *const *classes;    /* emit only these; NULL: all */
    size_t class_count;
    const char *namespace_name;    /* emit only this namespace's classes; NULL: all */
    bool namespace_prefix;         /* prefix C names with the class's namespace */
    bool check;                    /* compare only, write nothing */
    bool syntax_only;              /* parse and check, emit nothing */
    mofgen_dump dump;              /* print JSON to `out` instead of emitting */
    bool list_outputs;             /* print the files it would write and the MOF files read; write nothing */
    const char *depfile;           /* write a Makefile dependency rule here (NULL: none) */
    const char *depfile_target;    /* its target; NULL: the first generated file */
    /* MOF files served from memory instead of the disk (fuzz targets):
     * inputs and includes are looked up only here.  NULL: the disk. */
    const source_memory_file *memory_files;
    size_t memory_file_count;
    unsigned max_depth;            /* nesting of brackets and includes; 0: the default (100) */
    unsigned long long max_input_size; /* bytes read, all inputs together; 0: the default (4 GiB) */
} mofgen_options;

/* Returns the process exit status: 0 success, 1 errors in the input (or,
 * with check, files that would change).  (main.c adds 2 for usage errors;
 * 3, out of memory, comes from xmalloc.)  Diagnostics go to `diag`; dumps
 * and --check reports to `out`. */
int mofgen_run(const mofgen_options *opts, diag_engine *diag, FILE *out);

#endif
