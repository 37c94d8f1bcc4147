/*
 * parse.h - from MOF text to the AST: one file at a time, plus the include
 * driver that follows #pragma include.
 */
#ifndef MOFGEN_PARSE_H
#define MOFGEN_PARSE_H

#include "ast.h"
#include "diag.h"

/* What the scanner and the grammar actions share (the scanner's yyextra and
 * the parser's parameter).  No global state: each parse has its own. */
typedef struct parse_context {
    arena *arena;
    diag_engine *diag;
    const source_file *file;
    ast_unit *unit;       /* declarations are appended here */
    int line, column;     /* scanner position of the next character */
    mof_location comment_start; /* for an unterminated comment */
    void *scanner;        /* yyscan_t */
    /* Reading ended early (grammar_stop): nothing more is reported, and
     * the declarations after the last complete one are dropped. */
    bool stopped;
    size_t complete_decls; /* unit->decls.count after the last declaration read whole */
    /* What the grammar is inside of, for actions that add to it. */
    ast_class *current_class;
    ast_instance *current_instance;
    /* "String X\n [key] String Y;": the "[key]" read as X's array size was
     * Y's qualifier list; it waits here for the next feature. */
    ptr_vec pending_qualifiers;
    struct ast_feature *pending_from; /* the feature it was taken from */
    /* Adjacent string literals being joined (malloc'ed, reused). */
    struct {
        char *text;
        size_t length, capacity;
        bool broken; /* a piece had an error */
    } pieces;
} parse_context;

/* Parses one file's text into `unit` (appending).  Errors go to `diag`.
 * Returns the number of errors this file produced. */
unsigned parse_file(arena *a, diag_engine *diag, const source_file *file, ast_unit *unit);

/* Reads `paths` in order, follows #pragma include (relative to the including
 * file, then the `include_dirs`), and returns every declaration in one unit.
 * Cycles and missing files are reported.  Files are owned by `sources`. */
typedef struct parse_options {
    const char *const *include_dirs;
    size_t include_dir_count;
} parse_options;

ast_unit *parse_files(arena *a, diag_engine *diag, source_set *sources, const char *const *paths,
                      size_t path_count, const parse_options *opts);

#endif
