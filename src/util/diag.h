/*
 * diag.h - compiler diagnostics in the form users know from gcc:
 *
 *   schema/x.mof:13:22: warning: stray ';' after the declaration [-Wextra-semi]
 *      13 |     UInt32 RetryCount;;
 *         |                      ^
 *
 * Warnings have names (the table in diag.c) so each can be switched off with
 * -Wno-NAME or turned into an error with -Werror=NAME.
 */
#ifndef MOFGEN_DIAG_H
#define MOFGEN_DIAG_H

#include "source.h"

#include <stdbool.h>
#include <stdio.h>

/* X-macro: identifier, option name, enabled by default, one-line summary.
 * "quirk" warnings flag documentation-grade MOF that strict DSP0004 refuses;
 * --strict makes them errors. */
#define MOFGEN_WARNINGS(X)                                                                            \
    X(EXTRA_SEMI, "extra-semi", true, true, "a stray ';' (e.g. 'UInt32 X;;')")                      \
    X(MISSING_SEMICOLON, "missing-semicolon", true, true, "a declaration not ended by ';'")           \
    X(COMMA_SEPARATOR, "comma-separator", true, true, "a property ended by ',' instead of ';'")      \
    X(TRAILING_TEXT, "trailing-text", true, true, "text after a declaration's ';' (e.g. '(Removed in SP1)')") \
    X(CLASS_PARENS, "class-parens", true, true, "a class written 'class X ();' with no body")         \
    X(DANGLING_COLON, "dangling-colon", true, true, "a ':' with no superclass after it")             \
    X(SPLIT_NAME, "split-name", true, true, "a class name broken by a space ('SMS_ Foo')")            \
    X(PREFIX_ARRAY, "prefix-array", true, true, "array brackets on the type ('UInt8[] x')")           \
    X(ARRAY_SIZE, "array-size", true, true, "array brackets holding something other than a size")    \
    X(REF_COLON, "ref-colon", true, true, "a reference written 'ref:Class name'")                     \
    X(UNKNOWN_ESCAPE, "unknown-escape", true, true, "a '\\' before a character that is no escape ('\\d'): kept") \
    X(NEWLINE_IN_STRING, "newline-in-string", true, true, "a string literal running over a line break (kept)") \
    X(VALUELESS_PROPERTY, "valueless-property", true, true, "an instance property with no value ('Name;', read as NULL)") \
    X(UNDECLARED_SUPERCLASS, "undeclared-superclass", true, false, "a superclass that is not declared") \
    X(UNDECLARED_CLASS, "undeclared-class", true, false, "a property typed by an undeclared class")    \
    X(UNKNOWN_PRAGMA, "unknown-pragma", true, false, "a #pragma mofgen does not know")                \
    X(UNKNOWN_QUALIFIER, "unknown-qualifier", true, false, "a qualifier neither declared nor standard") \
    X(QUALIFIER_TYPE, "qualifier-type", true, true, "an undeclared standard qualifier with a value of another type (typed from it)") \
    X(QUALIFIER_SCOPE, "qualifier-scope", true, false, "a qualifier used outside its declared scope")  \
    X(MISSING_OVERRIDE, "missing-override", true, false, "an inherited property redeclared without Override") \
    X(DUPLICATE_INCLUDE, "duplicate-include", true, false, "a file included a second time (skipped)")          \
    X(INCLUDE_PATH, "include-path", true, false, "an include found only with '\\' read as '/' or by ignoring case") \
    X(UNUSED_TEMPLATE, "unused-template", true, false, "a --template-dir file that replaces no built-in template") \
    X(VALUE_MAP, "value-map", true, true, "a ValueMap/Values that does not pair or runs past its type (no enum, or entries cut)") \
    X(SCALAR_FOR_ARRAY, "scalar-for-array", true, true, "an instance giving an array property one value, not a list (read as {value})") \
    X(STRING_FOR_CHAR16, "string-for-char16", true, true, "an instance giving a char16 a one-character string (read as that character)") \
    X(INSTANCE_VALUE, "instance-value", true, false, "an instance value that const C data cannot hold (left absent)") \
    X(DOC_TYPE, "doc-type", true, true, "import-doc: a page's 'Data type:' disagrees with its Syntax block")           \
    X(DOC_TABLE, "doc-table", true, true, "import-doc: a value table under another property than the one announcing it") \
    X(DOC_BITS, "doc-bits", true, true, "import-doc: a bit table's hex mask disagrees with its bit position")          \
    X(DOC_QUALIFIER, "doc-qualifier", true, true, "import-doc: qualifiers written oddly (in 'Access type:', twice)")  \
    X(DOC_PAGE, "doc-page", true, true, "import-doc: something else a page gets wrong (a nameless class, a missing link)")

typedef enum warning_id {
#define X(id, name, on, quirk, summary) W_##id,
    MOFGEN_WARNINGS(X)
#undef X
    W__COUNT
} warning_id;

typedef enum diag_severity { DIAG_NOTE, DIAG_WARNING, DIAG_ERROR } diag_severity;

typedef struct diag_engine {
    FILE *stream;
    bool enabled[W__COUNT];
    bool as_error[W__COUNT];
    bool no_error[W__COUNT]; /* -Wno-error=NAME beats -Werror */
    bool all_as_error;       /* -Werror */
    bool suppress_all;       /* -w: no warnings, so none become errors (as in gcc) */
    bool strict;             /* --strict: quirks are errors, which -w does not hide */
    unsigned errors;
    unsigned warnings;
    unsigned max_errors;     /* stop printing after this many; 0 = no limit */
    unsigned shown_errors;   /* errors printed so far */
    bool limit_reported;     /* past the limit: nothing more is printed */
    bool last_shown;         /* the last warning or error was printed: so are its notes */
    bool last_suppressed;    /* the last warning raised is turned off: so are its notes */
    unsigned max_warnings;   /* stop printing warnings after this many raised (default 1000) */
    bool warning_limit_reported;
    /* The file of the last diagnostic printed: as gcc does, the "In file
     * included from" lines are printed when the file changes. */
    const source_file *last_file;
    /* Diagnostics held back (diag_sort_begin), innermost hold last. */
    struct diag_hold *holds;
    size_t hold_count, hold_capacity;
    /* While set, each diagnostic's location goes through it first: checks.c
     * parses MOF text held in a string value and reports where in the
     * string literal each problem is. */
    void (*map_location)(void *context, mof_location *loc);
    void *map_context;
    bool warning_note_pending; /* "too many warnings", printed when the holds end */
    char warning_note[96];
} diag_engine;

void diag_init(diag_engine *d, FILE *stream);

/* Applies one option of the form -Werror, -Werror=NAME, -Wno-error=NAME,
 * -WNAME, -Wno-NAME, -w, --strict.  Returns 0, or -1 when the option or the
 * warning name is unknown. */
int diag_option(diag_engine *d, const char *option);

/* For an option diag_option refused: the known one it is closest to
 * ("-Wextra-sem" -> "-Wextra-semi"), written into `out`; NULL if none. */
const char *diag_option_suggestion(const char *option, char *out, size_t size);

const char *diag_warning_name(warning_id id);
const char *diag_warning_summary(warning_id id);
bool diag_warning_is_quirk(warning_id id);

void diag_error(diag_engine *d, const mof_location *loc, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
void diag_warning(diag_engine *d, warning_id id, const mof_location *loc, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;
/* True when an error reported now would only be counted (past
 * --max-errors): a caller can skip the work of wording it. */
bool diag_error_hidden(const diag_engine *d);

void diag_note(diag_engine *d, const mof_location *loc, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* Holding back everything reported until diag_sort_end, to print it in
 * source order: the file read first, then line and column, includes
 * expanded where their #pragma is; each note right after what it explains;
 * diagnostics with no place last, in the order raised.  The stages report
 * out of that order (the parser file by file, the checks one kind at a
 * time, the emitter last) but a user reads a file top to bottom, and
 * --max-errors N keeps the first N errors in that order.  mofgen_run holds
 * a whole run; holds nest, and an inner one's diagnostics go to the one
 * around it. */
void diag_sort_begin(diag_engine *d);
void diag_sort_end(diag_engine *d);

/* An error in a file that is not MOF (a template): "FILE:LINE:COL: error:
 * ...", or "FILE: error: ..." when `line` is 0. */
void diag_file_error(diag_engine *d, const char *file, unsigned line, unsigned column, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;

/* A diagnostic with no source position ("mofgen: error: ..."). */
void diag_plain_error(diag_engine *d, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

#endif
