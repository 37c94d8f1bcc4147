/*
 * test_includes.c - diagnostics across #pragma include: the "In file
 * included from" chain, include cycles, file names built from -I folders,
 * and the order diagnostics come out in; and files whose encoding is wrong.
 */
#include "source.h"
#include "support.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Runs mofgen --syntax-only on `input` from inside `dir`, so diagnostics
 * name files relative to it. */
static run_result run_in(const char *dir, const char *input, const char *const *include_dirs,
                         size_t include_dir_count, const char *const *warning_options)
{
    char cwd[4096];
    assert_non_null(getcwd(cwd, sizeof cwd));
    assert_int_equal(chdir(dir), 0);
    const char *inputs[] = {input};
    mofgen_options opts = {.inputs = inputs, .input_count = 1, .syntax_only = true,
                           .include_dirs = include_dirs, .include_dir_count = include_dir_count};
    run_result r = test_run(&opts, warning_options);
    assert_int_equal(chdir(cwd), 0);
    return r;
}

static void write_raw(const char *dir, const char *name, const void *bytes, size_t length)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    assert_int_equal(fwrite(bytes, 1, length, fp), length);
    fclose(fp);
}

/* `ascii` as UTF-16 little-endian, after `prefix` (a BOM or nothing). */
static size_t utf16le(unsigned char *out, const char *prefix, const char *ascii)
{
    size_t n = strlen(prefix);
    memcpy(out, prefix, n);
    for (const char *c = ascii; *c; c++) {
        out[n++] = (unsigned char)*c;
        out[n++] = 0;
    }
    return n;
}

/* An error two includes deep names every level, innermost first, as gcc
 * does; a second error in the same file does not repeat the chain. */
static void test_include_chain(void **state)
{
    (void)state;
    char *dir = test_temp_dir();
    free(test_write_file(dir, "a.mof", "class A { };\n#pragma include (\"b.mof\")\n"));
    free(test_write_file(dir, "b.mof", "class B { };\n\n#pragma include (\"c.mof\")\n"));
    free(test_write_file(dir, "c.mof", "class C { uint32 X = ; };\nclass D { uint32 Y = ; };\n"));
    run_result r = run_in(dir, "a.mof", NULL, 0, NULL);
    assert_int_equal(r.status, 1);
    assert_contains(r.diagnostics, "In file included from b.mof:3,\n"
                                   "                 from a.mof:2:\n"
                                   "c.mof:1:22: error: unexpected ';'; expected a value\n");
    const char *second = strstr(r.diagnostics, "c.mof:2:22: error: unexpected ';'");
    assert_non_null(second);
    /* exactly one chain */
    const char *chain = strstr(r.diagnostics, "In file included from");
    assert_null(strstr(chain + 1, "In file included from"));
    run_result_free(&r);

    /* A warning in an included file gets the chain too. */
    free(test_write_file(dir, "w.mof", "#pragma include (\"v.mof\")\n"));
    free(test_write_file(dir, "v.mof", "class V { uint32 X;; };\n"));
    r = run_in(dir, "w.mof", NULL, 0, NULL);
    assert_int_equal(r.status, 0);
    assert_contains(r.diagnostics, "In file included from w.mof:1:\nv.mof:1:20: warning: extra ';'");
    run_result_free(&r);
    free(dir);
}

/* A cycle names every file on it. */
static void test_include_cycle_path(void **state)
{
    (void)state;
    char *dir = test_temp_dir();
    free(test_write_file(dir, "x.mof", "#pragma include (\"y.mof\")\nclass X { };\n"));
    free(test_write_file(dir, "y.mof", "class Y { };\n#pragma include (\"x.mof\")\n"));
    run_result r = run_in(dir, "x.mof", NULL, 0, NULL);
    assert_int_equal(r.status, 1);
    assert_contains(r.diagnostics, "In file included from x.mof:1:\n"
                                   "y.mof:2:9: error: 'x.mof' includes itself (include cycle): x.mof -> y.mof -> x.mof\n");
    run_result_free(&r);
    free(dir);
}

/* A -I folder written with a trailing '/' does not double it in names. */
static void test_include_dir_trailing_slash(void **state)
{
    (void)state;
    char *dir = test_temp_dir();
    char idir[4096];
    snprintf(idir, sizeof idir, "%s/idir", dir);
    char command[4200];
    snprintf(command, sizeof command, "mkdir -p '%s'", idir);
    assert_int_equal(system(command), 0);
    free(test_write_file(idir, "c.mof", "class C { uint32 X;; };\n"));
    free(test_write_file(dir, "m.mof", "#pragma include (\"c.mof\")\n"));
    const char *includes[] = {"idir/"};
    run_result r = run_in(dir, "m.mof", includes, 1, NULL);
    assert_int_equal(r.status, 0);
    assert_contains(r.diagnostics, "\nidir/c.mof:1:20: warning: extra ';'");
    assert_not_contains(r.diagnostics, "//");
    run_result_free(&r);

    const char *slashes[] = {"idir///"};
    r = run_in(dir, "m.mof", slashes, 1, NULL);
    assert_contains(r.diagnostics, "\nidir/c.mof:1:20: warning: extra ';'");
    run_result_free(&r);
    free(dir);
}

/* Asserts the needles occur in `text` in this order. */
static void assert_in_order(const char *text, const char *const *needles)
{
    const char *at = text;
    for (size_t i = 0; needles[i]; i++) {
        const char *found = strstr(at, needles[i]);
        if (!found) {
            fprintf(stderr, "expected '%s' after offset %zu in\n%s\n", needles[i], (size_t)(at - text), text);
            fail();
        }
        at = found + strlen(needles[i]);
    }
}

/* A file's diagnostics after the line of an include come after the
 * included file's, and the "too many errors" note comes last. */
/* The semantic checks run one kind at a time; what they report still
 * comes out in source order, includes expanded, each note after its
 * diagnostic. */
static void test_check_diagnostics_in_source_order(void **state)
{
    (void)state;
    char *dir = test_temp_dir();
    free(test_write_file(dir, "a.mof", "class A { uint32 x; };\n"
                                       "class X { Foo z; };\n"
                                       "class B : A { uint32 x; };\n"
                                       "#pragma include (\"b.mof\")\n"
                                       "class C : Nope { };\n"));
    free(test_write_file(dir, "b.mof", "class D : Nope2 { };\n"));
    run_result r = run_in(dir, "a.mof", NULL, 0, NULL);
    assert_int_equal(r.status, 0);
    assert_int_equal(r.warnings, 4);
    const char *order[] = {"a.mof:2:11: warning: class 'Foo' is not declared",
                           "\na.mof:3:22: warning: property 'x' has the name of an inherited property",
                           "\na.mof:1:18: note: inherited from class 'A'",
                           "In file included from a.mof:4:\nb.mof:1:11: warning: superclass 'Nope2'",
                           "\na.mof:5:11: warning: superclass 'Nope'",
                           NULL};
    assert_in_order(r.diagnostics, order);
    run_result_free(&r);
    free(dir);
}

/* Schemas written on Windows name includes with '\\' and in any case:
 * found, with a warning of their own; a folder is said to be one. */
static void test_windows_include_names(void **state)
{
    (void)state;
    char *dir = test_temp_dir();
    char *core = malloc(strlen(dir) + 8);
    sprintf(core, "%s/Core", dir);
    assert_int_equal(mkdir(core, 0777), 0);
    free(test_write_file(core, "CIM_Thing.mof", "class CIM_Thing { };\n"));
    free(test_write_file(dir, "a.mof", "#pragma include (\"core/cim_thing.mof\")\nclass A : CIM_Thing { };\n"));
    run_result r = run_in(dir, "a.mof", NULL, 0, NULL);
    assert_int_equal(r.status, 0);
    assert_contains(r.diagnostics, "a.mof:1:18: warning: 'core/cim_thing.mof' is found as './Core/CIM_Thing.mof' only by "
                                   "ignoring case [-Winclude-path]");
    assert_not_contains(r.diagnostics, "superclass");
    run_result_free(&r);

    free(test_write_file(dir, "b.mof", "#pragma include (\"Core\\\\CIM_Thing.mof\")\nclass B : CIM_Thing { };\n"));
    r = run_in(dir, "b.mof", NULL, 0, NULL);
    assert_int_equal(r.status, 0);
    assert_contains(r.diagnostics, "only with '\\' read as '/' [-Winclude-path]");
    run_result_free(&r);

    /* Two spellings of a folder, the first a dead end: the search goes on. */
    char *other = malloc(strlen(dir) + 8);
    sprintf(other, "%s/CORE", dir);
    assert_int_equal(mkdir(other, 0777), 0);
    free(test_write_file(dir, "d.mof", "#pragma include (\"core/cim_thing.mof\")\nclass D : CIM_Thing { };\n"));
    r = run_in(dir, "d.mof", NULL, 0, NULL);
    assert_int_equal(r.status, 0);
    assert_contains(r.diagnostics, "is found as './Core/CIM_Thing.mof' only by ignoring case");
    run_result_free(&r);
    rmdir(other);
    free(other);

    free(test_write_file(dir, "c.mof", "#pragma include (\"Core\")\n"));
    r = run_in(dir, "c.mof", NULL, 0, NULL);
    assert_int_equal(r.status, 1);
    assert_contains(r.diagnostics, "c.mof:1:18: error: cannot find included file 'Core'");
    assert_contains(r.diagnostics, "mofgen: note: './Core' is a folder, not a MOF file");
    run_result_free(&r);
    free(core);
    free(dir);
}

/* CIM 2.13 wrote '#pragma include ("System\CIM_X.mof")': '\C' is no
 * escape, so the '\' is kept, and in an include name it is a folder
 * separator.  Two warnings that each say what happened, and the file is
 * read; no "cannot find included file ''" after them. */
static void test_unknown_escape_in_include(void **state)
{
    (void)state;
    char *dir = test_temp_dir();
    char *sys = malloc(strlen(dir) + 8);
    sprintf(sys, "%s/System", dir);
    assert_int_equal(mkdir(sys, 0777), 0);
    free(test_write_file(sys, "CIM_DiagnosticResult.mof", "class CIM_DiagnosticResult { };\n"));
    free(test_write_file(dir, "a.mof", "#pragma include (\"System\\CIM_DiagnosticResult.mof\")\n"
                                       "class A : CIM_DiagnosticResult { };\n"));
    run_result r = run_in(dir, "a.mof", NULL, 0, NULL);
    assert_int_equal(r.status, 0);
    assert_int_equal(r.warnings, 2);
    assert_contains(r.diagnostics, "a.mof:1:25: warning: unknown escape sequence '\\C'; the '\\' is kept "
                                   "[-Wunknown-escape]");
    assert_contains(r.diagnostics, "a.mof:1:18: warning: 'System\\CIM_DiagnosticResult.mof' is found as "
                                   "'./System/CIM_DiagnosticResult.mof' only with '\\' read as '/' [-Winclude-path]");
    assert_not_contains(r.diagnostics, "cannot find");
    assert_not_contains(r.diagnostics, "superclass");
    run_result_free(&r);

    /* A string with a real error is reported once, at the escape. */
    free(test_write_file(dir, "b.mof", "#pragma include (\"System\\x0000.mof\")\n"));
    r = run_in(dir, "b.mof", NULL, 0, NULL);
    assert_int_equal(r.errors, 1);
    assert_contains(r.diagnostics, "b.mof:1:25: error: '\\x0000' is not a character a string can hold");
    assert_not_contains(r.diagnostics, "cannot find");
    assert_not_contains(r.diagnostics, "is a folder");
    run_result_free(&r);

    /* An empty name is its own mistake, not "'./' is a folder". */
    free(test_write_file(dir, "c.mof", "#pragma include (\"\")\n"));
    r = run_in(dir, "c.mof", NULL, 0, NULL);
    assert_int_equal(r.errors, 1);
    assert_contains(r.diagnostics, "c.mof:1:18: error: #pragma include(\"\") names no file");
    assert_not_contains(r.diagnostics, "is a folder");
    run_result_free(&r);

    /* --strict refuses the unknown escape, but the name is still the one
     * written: no second error. */
    const char *strict[] = {"--strict", NULL};
    r = run_in(dir, "a.mof", NULL, 0, strict);
    assert_int_equal(r.status, 1);
    assert_contains(r.diagnostics, "a.mof:1:25: error: unknown escape sequence '\\C'");
    assert_not_contains(r.diagnostics, "cannot find");
    run_result_free(&r);
    free(sys);
    free(dir);
}

/* A file meant for cpp stops at its first directive; the file including
 * it, and what it declared before, are read on. */
static void test_cpp_file_included(void **state)
{
    (void)state;
    char *dir = test_temp_dir();
    free(test_write_file(dir, "base.mof", "class Base { };\n#ifdef EXTRA\nclass Extra { };\n#endif\n"));
    free(test_write_file(dir, "a.mof", "#pragma include (\"base.mof\")\nclass A : Base { };\n"));
    run_result r = run_in(dir, "a.mof", NULL, 0, NULL);
    assert_int_equal(r.errors, 1);
    assert_int_equal(r.warnings, 0);
    assert_contains(r.diagnostics, "In file included from a.mof:1:\nbase.mof:2:1: error: '#ifdef' is a C preprocessor "
                                   "directive, not MOF: run cpp on this file first");
    run_result_free(&r);
    free(dir);
}

/* A chain of includes deeper than any schema is an error, not a stack
 * overflow. */
static void test_include_depth_limited(void **state)
{
    (void)state;
    char *dir = test_temp_dir();
    for (int i = 0; i < 260; i++) {
        char name[32], text[64];
        snprintf(name, sizeof name, "f%d.mof", i);
        snprintf(text, sizeof text, "#pragma include (\"f%d.mof\")\n", i + 1);
        free(test_write_file(dir, name, text));
    }
    free(test_write_file(dir, "f260.mof", "class Deep { };\n"));
    run_result r = run_in(dir, "f0.mof", NULL, 0, NULL);
    assert_int_equal(r.status, 1);
    assert_contains(r.diagnostics, "f99.mof:1:9: error: including 'f100.mof' nests #pragma include 101 deep; at most "
                                   "100 levels are allowed (--max-depth raises the limit)");
    run_result_free(&r);
    free(dir);
}

static void test_diagnostics_in_source_order(void **state)
{
    (void)state;
    char *dir = test_temp_dir();
    free(test_write_file(dir, "a.mof", "class A { uint32 X = ; };\n"
                                       "#pragma include (\"b.mof\")\n"
                                       "class C { uint32 Z;; };\n"
                                       "#pragma include (\"missing.mof\")\n"
                                       "class D { uint32 W = ; };\n"));
    free(test_write_file(dir, "b.mof", "class B { uint32 Y = ; };\n"));
    run_result r = run_in(dir, "a.mof", NULL, 0, NULL);
    assert_int_equal(r.errors, 4);
    const char *order[] = {"a.mof:1:22: error: unexpected ';'",
                           "In file included from a.mof:2:\nb.mof:1:22: error: unexpected ';'",
                           "\na.mof:3:20: warning: extra ';'",
                           "\na.mof:4:18: error: cannot find included file 'missing.mof'",
                           "mofgen: note: looked in",
                           "\na.mof:5:22: error: unexpected ';'",
                           NULL};
    assert_in_order(r.diagnostics, order);
    run_result_free(&r);

    /* a.mof's parse raises lines 1 and 5 before b.mof's errors: the limit
     * keeps the first three in source order (a.mof:1, then b.mof's two),
     * not the first three raised, and nothing after them. */
    free(test_write_file(dir, "b.mof", "class B { uint32 Y = ; };\nclass B2 { uint32 Y = ; };\n"));
    free(test_write_file(dir, "missing.mof", "\n"));
    char cwd[4096];
    assert_non_null(getcwd(cwd, sizeof cwd));
    assert_int_equal(chdir(dir), 0);
    const char *inputs[] = {"a.mof"};
    mofgen_options opts = {.inputs = inputs, .input_count = 1, .syntax_only = true};
    size_t len = 0;
    char *text = NULL;
    FILE *stream = open_memstream(&text, &len);
    diag_engine diag;
    diag_init(&diag, stream);
    diag.max_errors = 3;
    mofgen_run(&opts, &diag, stdout);
    fclose(stream);
    assert_int_equal(chdir(cwd), 0);
    const char *limited[] = {"a.mof:1:22: error", "b.mof:1:22: error", "b.mof:2:23: error",
                             "mofgen: note: too many errors (3); not reporting more\n", NULL};
    assert_in_order(text, limited);
    assert_not_contains(text, "a.mof:3:");
    assert_not_contains(text, "a.mof:5:");
    const char *note = strstr(text, "too many errors");
    assert_string_equal(note, "too many errors (3); not reporting more\n");
    free(text);
    free(dir);
}

/* Encoding errors are located like any other diagnostic, with the line. */
static void test_invalid_utf8_located(void **state)
{
    (void)state;
    char *dir = test_temp_dir();
    free(test_write_file(dir, "t.mof", "class A {\n  string Name = \"caf\xE9\";\n};\n"));
    run_result r = run_in(dir, "t.mof", NULL, 0, NULL);
    assert_int_equal(r.status, 1);
    assert_int_equal(r.errors, 1);
    assert_contains(r.diagnostics, "t.mof:2:21: error: invalid UTF-8 (byte 0xE9); MOF files must be UTF-8, "
                                   "or UTF-16 with a byte-order mark\n"
                                   "    2 |   string Name = \"caf\xEF\xBF\xBD\";\n"
                                   "      |                     ^\n");
    run_result_free(&r);

    /* In an included file: the chain too. */
    free(test_write_file(dir, "top.mof", "#pragma include (\"t.mof\")\n"));
    r = run_in(dir, "top.mof", NULL, 0, NULL);
    assert_int_equal(r.errors, 1);
    assert_contains(r.diagnostics, "In file included from top.mof:1:\nt.mof:2:21: error: invalid UTF-8");
    run_result_free(&r);
    free(dir);
}

/* UTF-16 without a BOM is one error that says so, not a "stray byte 0x00"
 * for every character. */
static void test_utf16_without_bom(void **state)
{
    (void)state;
    char *dir = test_temp_dir();
    unsigned char bytes[256];
    size_t n = utf16le(bytes, "", "class U {\n  string S;\n};\n");
    write_raw(dir, "u.mof", bytes, n);
    run_result r = run_in(dir, "u.mof", NULL, 0, NULL);
    assert_int_equal(r.status, 1);
    assert_int_equal(r.errors, 1);
    assert_contains(r.diagnostics, "u.mof:1:1: error: the file looks like UTF-16 (little-endian) without a byte-order mark");
    assert_contains(r.diagnostics, "    1 | class U {\n");
    assert_not_contains(r.diagnostics, "stray");
    run_result_free(&r);
    free(dir);
}

/* A UTF-16 file with an odd number of bytes, or an unpaired surrogate, is
 * an error where the text breaks off. */
static void test_utf16_damage_reported(void **state)
{
    (void)state;
    char *dir = test_temp_dir();
    unsigned char bytes[256];
    size_t n = utf16le(bytes, "\xFF\xFE", "class U { };");
    bytes[n++] = 'x';
    write_raw(dir, "odd.mof", bytes, n);
    run_result r = run_in(dir, "odd.mof", NULL, 0, NULL);
    assert_int_equal(r.status, 1);
    assert_int_equal(r.errors, 1);
    assert_contains(r.diagnostics, "odd.mof:1:13: error: invalid UTF-16: the file ends in the middle of a character");
    run_result_free(&r);

    n = utf16le(bytes, "\xFF\xFE", "class U { };\n// ");
    bytes[n++] = 0x00;
    bytes[n++] = 0xD8; /* a high surrogate with nothing after it */
    n += utf16le(bytes + n, "", "x\n");
    write_raw(dir, "sur.mof", bytes, n);
    r = run_in(dir, "sur.mof", NULL, 0, NULL);
    assert_int_equal(r.errors, 1);
    assert_contains(r.diagnostics, "sur.mof:2:4: error: invalid UTF-16: unpaired surrogate 0xD800\n"
                                   "    2 | // \xEF\xBF\xBDx\n"
                                   "      |    ^\n");
    run_result_free(&r);
    free(dir);
}

/* After the parse a file's text is freed and read again for the first
 * excerpt that needs it; a file that changed in between gives no excerpt
 * (never one quoting text that was not parsed).  Texts that cannot be read
 * again stay. */
static void test_released_text_read_again(void **state)
{
    (void)state;
    char *dir = test_temp_dir();
    const char *text = "class A {\n  strin x;\n};\n";
    char *path = test_write_file(dir, "a.mof", text);
    source_set set = {0};
    char why[256];
    source_file *f = source_load(&set, path, "a.mof", SOURCE_DEFAULT_MAX_INPUT, why, sizeof why);
    assert_non_null(f);
    source_file *kept = source_add_text(&set, "<text>", "class B {};", 11);
    source_release_texts(&set);
    assert_null(f->text);
    assert_non_null(kept->text);
    size_t length;
    const char *line = source_line(f, 2, &length);
    assert_int_equal(length, 10);
    assert_memory_equal(line, "  strin x;", 10);
    assert_string_equal(source_text(f), text);

    /* Changed after the parse (its size, so that no file system's clock
     * resolution can hide it). */
    source_release_texts(&set);
    free(test_write_file(dir, "a.mof", "class Z {\n  strin yy;\n};\n"));
    assert_null(source_text(f));
    line = source_line(f, 2, &length);
    assert_int_equal(length, 0);
    source_set_free(&set);

    /* Replaced by another file of the same size (a new inode: what an
     * editor's save or a generator's rename does). */
    free(test_write_file(dir, "a.mof", text));
    f = source_load(&set, path, "a.mof", SOURCE_DEFAULT_MAX_INPUT, why, sizeof why);
    assert_non_null(f);
    source_release_texts(&set);
    char *other = test_write_file(dir, "b.mof", "class Q {\n  strin z;\n};\n");
    assert_int_equal(strlen("class Q {\n  strin z;\n};\n"), strlen(text));
    assert_int_equal(rename(other, path), 0);
    free(other);
    assert_null(source_text(f));
    source_set_free(&set);
    free(path);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_include_chain),
        cmocka_unit_test(test_include_cycle_path),
        cmocka_unit_test(test_include_dir_trailing_slash),
        cmocka_unit_test(test_windows_include_names),
        cmocka_unit_test(test_unknown_escape_in_include),
        cmocka_unit_test(test_cpp_file_included),
        cmocka_unit_test(test_include_depth_limited),
        cmocka_unit_test(test_diagnostics_in_source_order),
        cmocka_unit_test(test_check_diagnostics_in_source_order),
        cmocka_unit_test(test_invalid_utf8_located),
        cmocka_unit_test(test_utf16_without_bom),
        cmocka_unit_test(test_utf16_damage_reported),
        cmocka_unit_test(test_released_text_read_again),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
