/*
 * test_limits.c - hostile input: depth far past anything real, floods of
 * diagnostics, oversized input, and the encodings and literals that used
 * to come out wrong.  Each row is an input (written out, or generated at a
 * size), the limits it runs under (lowered, so no test needs a huge input
 * to reach them), and what mofgen must say.  Time and memory growth are
 * measured by bench/scaling.py, not here.
 */
#include "support.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ---- generated inputs --------------------------------------------------- */

typedef struct text {
    char *bytes;
    size_t length, capacity;
} text;

static void put(text *t, const char *bytes, size_t n)
{
    if (t->length + n + 1 > t->capacity) {
        t->capacity = (t->length + n + 1) * 2;
        t->bytes = realloc(t->bytes, t->capacity);
        assert_non_null(t->bytes);
    }
    memcpy(t->bytes + t->length, bytes, n);
    t->length += n;
    t->bytes[t->length] = '\0';
}

static void putf(text *t, const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    put(t, buf, (size_t)n);
}

/* A chain of `n` classes, each deriving from the next one declared. */
static void inheritance_chain(text *t, int n)
{
    for (int i = n - 1; i > 0; i--)
        putf(t, "class C%d : C%d { };\n", i, i - 1);
    putf(t, "class C0 { uint32 Root; };\n");
}

/* An instance holding an instance holding ... `n` levels of them. */
static void nested_instances(text *t, int n)
{
    putf(t, "class A { [EmbeddedInstance(\"A\")] string S; };\ninstance of A { S = ");
    for (int i = 1; i < n; i++)
        putf(t, "instance of A { S = ");
    putf(t, "\"x\"");
    for (int i = 1; i < n; i++)
        putf(t, "; }");
    putf(t, "; };\n");
}

/* One property with `n` distinct qualifiers nobody declared. */
static void unknown_qualifiers(text *t, int n)
{
    putf(t, "class Q {\n    [");
    for (int i = 0; i < n; i++)
        putf(t, "%sQ%d", i ? ", " : "", i);
    putf(t, "] uint32 X;\n};\n");
}

/* A class name of `n` letters. */
static void long_class_name(text *t, int n)
{
    putf(t, "class ");
    for (int i = 0; i < n; i++)
        put(t, "N", 1);
    putf(t, " { uint32 X; };\n");
}

/* `n` bytes of comment after a class: input of a known size. */
static void padded(text *t, int n)
{
    putf(t, "class A { };\n//");
    for (int i = 0; i < n; i++)
        put(t, "x", 1);
    put(t, "\n", 1);
}

/* UTF-32 with a BOM, little- or big-endian (n: 0 or 1). */
static void utf32(text *t, int big_endian)
{
    const char *mof = "class W { uint32 X; };\n";
    put(t, big_endian ? "\0\0\xFE\xFF" : "\xFF\xFE\0\0", 4);
    for (const char *c = mof; *c; c++) {
        char unit[4] = {0};
        unit[big_endian ? 3 : 0] = *c;
        put(t, unit, 4);
    }
}

/* ---- the table ----------------------------------------------------------- */

typedef struct limits {
    unsigned max_depth, max_warnings;
    unsigned long long max_input_size;
    bool emit; /* write bindings (to a scratch folder), not --syntax-only */
} limits;

typedef struct row {
    const char *what;
    const char *mof;                /* the input, or NULL: */
    void (*generate)(text *, int);  /* made by this, at `size` */
    int size;
    limits lim;
    const char *expected;           /* a substring of the diagnostics, position included */
    int status;
    int errors;                     /* -1: not counted */
    int warnings;                   /* -1: not counted */
} row;

static const row table[] = {
    /* Depth: resolution walks a chain in a loop (this overflowed the stack
     * as recursion), brackets and includes stop at --max-depth. */
    {"inheritance 200,000 deep, derived first", NULL, inheritance_chain, 200000, {0}, "", 0, 0, 0},
    {"nesting within --max-depth", NULL, nested_instances, 10, {.max_depth = 10}, "", 0, 0, 0},
    {"nesting past --max-depth", NULL, nested_instances, 11, {.max_depth = 10},
     "t.mof:2:215: error: nested too deeply: more than 10 levels of brackets ('{', '(', '[') are open here "
     "(--max-depth raises the limit)", 1, 1, 0},
    {"nesting past bison's stack", NULL, nested_instances, 3000, {.max_depth = 100000},
     "error: nested too deeply for the parser's stack (--max-depth 100000 allows more than it holds; lower it)", 1, 1,
     0},
    {"default depth limit", NULL, nested_instances, 101, {0}, "more than 100 levels of brackets", 1, 1, 0},
    {"array brackets count too", "class A { uint32 X[] = {{{1}}}; };", NULL, 0, {.max_depth = 2},
     "t.mof:1:25: error: nested too deeply: more than 2 levels", 1, -1, 0},
    /* Floods of diagnostics: capped like errors. */
    {"--max-warnings", NULL, unknown_qualifiers, 10, {.max_warnings = 3},
     "mofgen: note: too many warnings (3); not reporting more (--max-warnings raises the limit)", 0, 0, 10},
    {"a qualifier given three times", "class A { [Description(\"a\"), Description(\"b\"), Description(\"c\")] uint32 X; };",
     NULL, 0, {0}, "t.mof:1:48: error: qualifier 'Description' is given twice", 1, 2, 0},
    {"contradicting flavors, each once", "Qualifier Q : boolean = false, Scope(property), "
     "Flavor(ToSubclass, Restricted, Restricted, EnableOverride, DisableOverride);\nclass A { };",
     NULL, 0, {0}, "t.mof:1:108: error: flavor 'DisableOverride' contradicts 'EnableOverride' on qualifier 'Q'", 1, 3, 0},
    /* Input size. */
    {"--max-input-size", NULL, padded, 2000, {.max_input_size = 1024},
     "mofgen: error: cannot read 't.mof': the input is over the limit of 1 KiB for all input files together "
     "(--max-input-size raises it)", 1, 1, 0},
    {"within --max-input-size", NULL, padded, 900, {.max_input_size = 1024}, "", 0, 0, 0},
    /* Encodings. */
    {"UTF-32LE with a BOM", NULL, utf32, 0, {0}, "", 0, 0, 0},
    {"UTF-32BE with a BOM", NULL, utf32, 1, {0}, "", 0, 0, 0},
    {"a BOM in the middle", "class A { };\n\xEF\xBB\xBF" "class B { };\n", NULL, 0, {0},
     "t.mof:2:1: error: byte-order mark (U+FEFF) in the middle of the file; remove it (were two files joined?)", 1, 1,
     0},
    {"a BOM inside a string is text", "class A { string S = \"\xEF\xBB\xBF\"; };", NULL, 0, {0}, "", 0, 0, 0},
    /* Literals and names. */
    {"real underflow", "class A { real64 X = 1e-999; };", NULL, 0, {0},
     "t.mof:1:22: error: real literal '1e-999' underflows real64 (smallest 4.94066e-324): it would be 0", 1, 1, 0},
    {"real overflow", "class A { real32 X = -1.5e400; };", NULL, 0, {0},
     "t.mof:1:23: error: real literal '1.5e400' overflows real64 (largest 1.79769e+308): it would be infinity", 1, 1,
     0},
    {"a subnormal real is kept", "class A { real64 X = 1e-310; real64 Y = 0e-999; };", NULL, 0, {0}, "", 0, 0, 0},
    {"a class name too long for a file", NULL, long_class_name, 300, {.emit = true},
     "t.mof:1:7: error: class 'NNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNN...' is too long a name for its files: "
     "'NNNNNNNNNNNNNNNNNNNN....h' would have 302 bytes, and mofgen's file names at most 223 (a file name's 255, "
     "less room for the names of its temporary files)", 1, 1, 0},
    {"a class name that just fits", NULL, long_class_name, 221, {.emit = true}, "", 0, 0, 0},
};

static run_result run_row(const row *r, const char *dir)
{
    text t = {0};
    if (r->mof)
        put(&t, r->mof, strlen(r->mof));
    else
        r->generate(&t, r->size);
    char path[4200];
    snprintf(path, sizeof path, "%s/t.mof", dir);
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    assert_int_equal(fwrite(t.bytes, 1, t.length, fp), t.length);
    fclose(fp);
    free(t.bytes);

    run_result res = {0};
    size_t diag_len = 0, out_len = 0;
    FILE *diag_stream = open_memstream(&res.diagnostics, &diag_len);
    FILE *out_stream = open_memstream(&res.output, &out_len);
    diag_engine diag;
    diag_init(&diag, diag_stream);
    if (r->lim.max_warnings)
        diag.max_warnings = r->lim.max_warnings;
    char cwd[4096], out_dir[4200];
    assert_non_null(getcwd(cwd, sizeof cwd));
    assert_int_equal(chdir(dir), 0);
    snprintf(out_dir, sizeof out_dir, "%s/out", dir);
    const char *inputs[] = {"t.mof"};
    mofgen_options opts = {.inputs = inputs, .input_count = 1, .syntax_only = !r->lim.emit, .output_dir = out_dir,
                           .max_depth = r->lim.max_depth, .max_input_size = r->lim.max_input_size};
    res.status = mofgen_run(&opts, &diag, out_stream);
    res.errors = diag.errors;
    res.warnings = diag.warnings;
    assert_int_equal(chdir(cwd), 0);
    fclose(diag_stream);
    fclose(out_stream);
    return res;
}

static void test_table(void **state)
{
    (void)state;
    char *dir = test_temp_dir();
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
        const row *r = &table[i];
        run_result res = run_row(r, dir);
        if (res.status != r->status || (r->errors >= 0 && res.errors != (unsigned)r->errors) ||
            (r->warnings >= 0 && res.warnings != (unsigned)r->warnings))
            fprintf(stderr, "row '%s': status %d, %u errors, %u warnings; wanted %d, %d, %d\n%s", r->what, res.status,
                    res.errors, res.warnings, r->status, r->errors, r->warnings, res.diagnostics);
        assert_int_equal(res.status, r->status);
        if (r->errors >= 0)
            assert_int_equal(res.errors, r->errors);
        if (r->warnings >= 0)
            assert_int_equal(res.warnings, r->warnings);
        if (r->expected[0])
            assert_contains(res.diagnostics, r->expected);
        else if (r->status == 0)
            assert_int_equal(strlen(res.diagnostics), 0);
        run_result_free(&res);
    }
    free(dir);
}

/* Past --max-warnings nothing more is printed: the count goes on, the
 * text stops after the third. */
static void test_warnings_stop_at_the_limit(void **state)
{
    (void)state;
    char *dir = test_temp_dir();
    row r = {"", NULL, unknown_qualifiers, 10, {.max_warnings = 3}, "", 0, 0, 10};
    run_result res = run_row(&r, dir);
    assert_contains(res.diagnostics, "qualifier 'Q2' is neither declared");
    assert_not_contains(res.diagnostics, "qualifier 'Q3'");
    run_result_free(&res);
    free(dir);
}

/* UTF-32 is decoded, not read as UTF-16 ("unexpected identifier 'c'"). */
static void test_utf32_decoded(void **state)
{
    (void)state;
    char *dir = test_temp_dir();
    text t = {0};
    utf32(&t, 0);
    char *path = malloc(strlen(dir) + 8);
    sprintf(path, "%s/w.mof", dir);
    FILE *fp = fopen(path, "wb");
    fwrite(t.bytes, 1, t.length, fp);
    fclose(fp);
    const char *inputs[] = {path};
    mofgen_options opts = {.inputs = inputs, .input_count = 1, .dump = DUMP_AST};
    run_result res = test_run(&opts, NULL);
    assert_int_equal(res.status, 0);
    assert_contains(res.output, "\"name\": \"W\"");
    assert_contains(res.output, "\"name\": \"X\"");
    run_result_free(&res);
    free(t.bytes);
    free(path);
    free(dir);
}

/* An include that is a symbolic link to itself is not "missing". */
static void test_include_symlink_loop(void **state)
{
    (void)state;
    char *dir = test_temp_dir();
    free(test_write_file(dir, "a.mof", "#pragma include(\"loop.mof\")\n"));
    char link_path[4200];
    snprintf(link_path, sizeof link_path, "%s/loop.mof", dir);
    assert_int_equal(symlink("loop.mof", link_path), 0);
    char cwd[4096];
    assert_non_null(getcwd(cwd, sizeof cwd));
    assert_int_equal(chdir(dir), 0);
    const char *inputs[] = {"a.mof"};
    mofgen_options opts = {.inputs = inputs, .input_count = 1, .syntax_only = true};
    run_result res = test_run(&opts, NULL);
    assert_int_equal(chdir(cwd), 0);
    assert_int_equal(res.status, 1);
    assert_contains(res.diagnostics, "a.mof:1:17: error: cannot read included file 'loop.mof': './loop.mof' is a "
                                     "symbolic link loop (Too many levels of symbolic links)");
    assert_not_contains(res.diagnostics, "cannot find");
    run_result_free(&res);
    free(dir);
}

/* #pragma include nests at most --max-depth files deep, and never more
 * than 200 (each level is a parse on the stack). */
static void test_include_depth_option(void **state)
{
    (void)state;
    char *dir = test_temp_dir();
    for (int i = 0; i < 12; i++) {
        char name[32], body[64];
        snprintf(name, sizeof name, "f%d.mof", i);
        snprintf(body, sizeof body, "#pragma include (\"f%d.mof\")\n", i + 1);
        free(test_write_file(dir, name, body));
    }
    free(test_write_file(dir, "f12.mof", "class Deep { };\n"));
    for (int i = 0; i < 210; i++) {
        char name[32], body[64];
        snprintf(name, sizeof name, "g%d.mof", i);
        snprintf(body, sizeof body, "#pragma include (\"g%d.mof\")\n", i + 1);
        free(test_write_file(dir, name, body));
    }
    free(test_write_file(dir, "g210.mof", "class Deeper { };\n"));
    char cwd[4096];
    assert_non_null(getcwd(cwd, sizeof cwd));
    assert_int_equal(chdir(dir), 0);
    const char *inputs[] = {"f0.mof"};
    mofgen_options opts = {.inputs = inputs, .input_count = 1, .syntax_only = true, .max_depth = 10};
    run_result res = test_run(&opts, NULL);
    opts.max_depth = 13;
    run_result enough = test_run(&opts, NULL);
    const char *deeper[] = {"g0.mof"};
    opts.inputs = deeper;
    opts.max_depth = 100000;
    run_result capped = test_run(&opts, NULL);
    assert_int_equal(chdir(cwd), 0);
    assert_int_equal(capped.status, 1);
    assert_contains(capped.diagnostics, "g199.mof:1:9: error: including 'g200.mof' nests #pragma include 201 deep; at "
                                        "most 200 levels are allowed\n");
    run_result_free(&capped);
    assert_int_equal(res.status, 1);
    assert_contains(res.diagnostics, "f9.mof:1:9: error: including 'f10.mof' nests #pragma include 11 deep; at most 10 "
                                     "levels are allowed (--max-depth raises the limit)");
    assert_int_equal(enough.status, 0);
    run_result_free(&res);
    run_result_free(&enough);
    free(dir);
}

/* Excerpts of one long line: each caret under its own column, whether the
 * next diagnostic is further along the line (the cursor goes on) or back
 * (a note pointing at what came first). */
static void test_excerpts_on_one_long_line(void **state)
{
    (void)state;
    text t = {0};
    putf(&t, "class A {");
    for (int i = 0; i < 300; i++)
        putf(&t, " uint32 P%d;", i);
    putf(&t, " uint32 P7; uint32 X = ; };\n");
    run_result res = test_run_text("t.mof", t.bytes, DUMP_NONE, NULL);
    free(t.bytes);
    /* Sorted into source order: the note (column 95) comes after the
     * error it explains (3808), so the cursor goes back for it. */
    assert_contains(res.diagnostics,
                    "t.mof:1:3808: error: 'P7' is declared twice in class 'A'\n"
                    "    1 | ... uint32 P296; uint32 P297; uint32 P298; uint32 P299; uint32 P7; uint32 X = ; };\n"
                    "      |                                                                ^~\n"
                    "t.mof:1:95: note: first declared here\n"
                    "    1 | ...nt32 P2; uint32 P3; uint32 P4; uint32 P5; uint32 P6; uint32 P7; uint32 P8;");
    assert_contains(res.diagnostics, "t.mof:1:3823: error: unexpected ';'; expected a value\n"
                                     "    1 | ...int32 P297; uint32 P298; uint32 P299; uint32 P7; uint32 X = ; };\n"
                                     "      |                                                                ^\n");
    run_result_free(&res);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table),
        cmocka_unit_test(test_warnings_stop_at_the_limit),
        cmocka_unit_test(test_utf32_decoded),
        cmocka_unit_test(test_include_symlink_loop),
        cmocka_unit_test(test_include_depth_option),
        cmocka_unit_test(test_excerpts_on_one_long_line),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
