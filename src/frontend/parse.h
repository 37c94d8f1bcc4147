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
    bool ascii;           /* the file's text is ASCII: a byte is a character */
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
    /* String literals as scanned, until the value they make is built:
     * the scratch is emptied at the end of every string value, so the
     * pieces of a Description are not kept beside the joined text.
     * Literals of PARSE_BIG_LITERAL bytes or more go to the arena itself
     * and, when alone, are the value (a 100 MB string is not copied). */
    arena *scratch;
    /* Names and short string values, each spelling kept once per file:
     * a schema says "Description", "ValueMap" and "0" thousands of times
     * (open addressing, at most half full; on the heap for the parse). */
    struct {
        char **slots;
        size_t size, count;
    } interned;
    /* Adjacent string literals being joined (malloc'ed, reused); a lone
     * literal is copied out of the scratch once (`single`). */
    struct {
        char *text;
        size_t length, capacity;
        const char *single;
        bool broken; /* a piece had an error */
    } pieces;
    /* Brackets ('{', '(', '[') open now, and how many may be: nesting
     * deeper than any schema needs is refused before it can exhaust the
     * parser's stack or the recursion of later stages over nested values. */
    unsigned depth, max_depth;
} parse_context;

/* See parse_context.scratch and .interned. */
enum { PARSE_BIG_LITERAL = 64 * 1024, PARSE_INTERN_MAX = 64 };

/* Parses one file's text into `unit` (appending).  Errors go to `diag`.
 * Returns the number of errors this file produced. */
unsigned parse_file(arena *a, diag_engine *diag, const source_file *file, ast_unit *unit, unsigned max_depth);

/* Runs only the scanner over `file` (for the benchmark, bench/bench_scan.c);
 * returns the number of tokens. */
size_t parse_scan_only(arena *a, diag_engine *diag, const source_file *file);

/* How deeply brackets and #pragma include may nest by default: real
 * schemas nest values and includes a few levels deep. */
enum { PARSE_DEFAULT_MAX_DEPTH = 100 };

/* Reads `paths` in order, follows #pragma include (relative to the including
 * file, then the `include_dirs`), and returns every declaration in one unit.
 * Cycles and missing files are reported.  Files are owned by `sources`. */
typedef struct parse_options {
    const char *const *include_dirs;
    size_t include_dir_count;
    unsigned max_depth;       /* nesting of brackets and includes; 0: PARSE_DEFAULT_MAX_DEPTH */
    unsigned long long max_input_size; /* bytes, all files together; 0: SOURCE_DEFAULT_MAX_INPUT */
} parse_options;

ast_unit *parse_files(arena *a, diag_engine *diag, source_set *sources, const char *const *paths,
                      size_t path_count, const parse_options *opts);

#endif
