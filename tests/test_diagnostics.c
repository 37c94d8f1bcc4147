/*
 * test_diagnostics.c - the bad-input table: each MOF snippet with the exact
 * diagnostic (file:line:col, severity, text) it must produce, plus warning
 * switches (-Wno-NAME, -Werror, --strict) and the SDK page quirks.
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

typedef struct bad_input {
    const char *mof;
    const char *expected; /* a substring of the diagnostics, position included */
    int status;           /* 1: errors; 0: warnings only */
} bad_input;

static const bad_input table[] = {
    /* syntax */
    {"class A { uint32 X = ; };", "t.mof:1:22: error: unexpected ';'", 1},
    {"class A { uint32 X; }", "t.mof:1:22: warning: expected ';' after the class body [-Wmissing-semicolon]", 0},
    {"class { uint32 X; };", "t.mof:1:1: error: class declaration has no name", 1},
    {"class A { string S = \"abc; };", "t.mof:1:22: error: missing terminating '\"' character", 1},
    {"class A { string S = \"a\\qb\"; };", "t.mof:1:24: error:", 1},
    {"class A { uint32 X; }; /* never closed", "t.mof:1:24: error: unterminated comment", 1},
    {"class A { uint32 X @; };", "t.mof:1:20: error: stray '@' in MOF text", 1},
    {"class A { uint64 X = 99999999999999999999; };", "t.mof:1:22: error: integer literal is too large for 64 bits", 1},
    {"class A { uint8 X[0]; };", "t.mof:1:19: error: array size must be between 1 and", 1},
    {"class A { char16 C = 'ab'; };", "t.mof:1:22: error: a char16 literal holds exactly one character", 1},
    /* semantics */
    {"class A { }; class a { };", "t.mof:1:20: error: class 'a' is declared twice", 1},
    {"class A { uint32 X; string x; };", "t.mof:1:28: error: 'x' is declared twice in class 'A'", 1},
    {"class A { UIt32 X; };", "t.mof:1:11: error: unknown type 'UIt32'; did you mean 'UInt32'?", 1},
    {"class A { Bool X; };", "t.mof:1:11: error: unknown type 'Bool'; did you mean 'Boolean'?", 1},
    {"class A { uint8 X = 256; };", "t.mof:1:21: error: bad value for property 'X': out of range for the type (uint8)", 1},
    {"class A { sint8 X = -129; };", "t.mof:1:21: error: bad value for property 'X': out of range", 1},
    {"class A { datetime D = \"2016\"; };", "t.mof:1:24: error: bad value for property 'D': not a valid datetime", 1},
    {"class A { [ValueMap{\"1\", \"2\"}, Values{\"a\"}] uint32 X; };", "t.mof:1:32: error: 'X' has 1 Values but 2 ValueMap entries", 1},
    {"class A { [ValueMap{\"300\"}] uint8 X; };", "t.mof:1:21: error: ValueMap entry \"300\" of 'X': out of range", 1},
    {"class A { [ValueMap{\"5..1\"}] uint8 X; };", "the range's bounds are reversed", 1},
    {"class A { [ValueMap{\"1\"}] datetime X; };", "ValueMap/Values need an integer or string property", 1},
    {"class A : B { };", "t.mof:1:11: warning: superclass 'B' is not declared", 0},
    {"class A : B { }; class B : A { };", "inherits from itself", 1},
    {"class A { Foo F; };", "t.mof:1:11: warning: class 'Foo' is not declared; 'F' is treated as an untyped embedded object [-Wundeclared-class]", 0},
    {"class A { [Key(\"yes\")] uint32 X; };", "t.mof:1:16: error: bad value for qualifier 'Key': expected TRUE or FALSE", 1},
    {"class A { [Key] uint32 X; [Frobnicate] uint32 Y; };", "t.mof:1:28: warning: qualifier 'Frobnicate' is neither declared nor a standard qualifier", 0},
    {"class A { [Keyy] uint32 X; };", "t.mof:1:12: warning: qualifier 'Keyy' is neither declared nor a standard qualifier; did you mean 'Key'? [-Wunknown-qualifier]", 0},
    {"Qualifier Colour : string;\nclass A { [Color(\"red\")] uint32 X; };", "t.mof:2:12: warning: qualifier 'Color' is neither declared nor a standard qualifier; did you mean 'Colour'?", 0},
    {"[Key] class A { };", "t.mof:1:2: warning: qualifier 'Key' does not apply to a class [-Wqualifier-scope]", 0},
    {"class A { [Description(\"a\"), Description(\"b\")] uint32 X; };", "qualifier 'Description' is given twice", 1},
    {"Qualifier Key : boolean = false, Scope(property), Flavor(ToSubclass);\nQualifier key : boolean;", "t.mof:2:11: error: qualifier 'key' is declared twice", 1},
    {"class A { uint32 X; }; instance of A { X = \"s\"; };", "t.mof:1:44: error: bad value for property 'X': expected an integer (uint32)", 1},
    {"instance of Nowhere { X = 1; };", "t.mof:1:13: warning: instance of undeclared class 'Nowhere' is not checked [-Wundeclared-class]", 0},
    {"#pragma frobnicate(\"x\")\nclass A { };", "t.mof:1:9: warning: unknown pragma 'frobnicate' ignored [-Wunknown-pragma]", 0},
    {"#pragma include(\"nope.mof\")", "t.mof:1:17: error: cannot find included file 'nope.mof'", 1},
    /* the SDK page quirks, each a warning of its own name */
    {"class A { uint32 X;; };", "t.mof:1:20: warning: extra ';' in the class body [-Wextra-semi]", 0},
    {"class A { uint32 X\n uint32 Y; };", "t.mof:1:19: warning: expected ';' after the declaration [-Wmissing-semicolon]", 0},
    {"class A { uint32 X, uint32 Y; };", "t.mof:1:19: warning: declaration ended by ',' instead of ';' [-Wcomma-separator]", 0},
    {"class A { uint32 X; (Removed in SP1)\n };", "t.mof:1:21: warning: text after the declaration is ignored [-Wtrailing-text]", 0},
    {"class A { string X;[] };", "t.mof:1:20: warning: '[]' after ';'; 'X' is taken as an array [-Wtrailing-text]", 0},
    {"class A ();", "t.mof:1:9: warning: '()' instead of a class body; 'A' is declared with no properties [-Wclass-parens]", 0},
    {"class A : { };", "t.mof:1:9: warning: ':' with no superclass after it [-Wdangling-colon]", 0},
    {"class SMS_ Foo { };", "t.mof:1:7: warning: class name broken by a space; read as 'SMS_Foo' [-Wsplit-name]", 0},
    {"class A { uint8[] X; };", "t.mof:1:16: warning: array brackets belong after the name in MOF: write 'X[]' [-Wprefix-array]", 0},
    {"class A { uint8 X[key]; };", "t.mof:1:19: warning: array size 'key' is not a number; taken as a variable-length array [-Warray-size]", 0},
    {"class B { }; class A { ref:B R; };", "t.mof:1:24: warning: 'ref:B' is not MOF; write 'B REF R' [-Wref-colon]", 0},
};

/* A warning turned off takes its notes with it: they do not end up under
 * the next diagnostic. */
static void test_notes_follow_their_diagnostic(void **state)
{
    (void)state;
    const char *off[] = {"-Wno-missing-override", NULL};
    run_result r = test_run_text("t.mof", "class A { uint32 x; };\nclass C : A { uint32 x; uint32 y; uint32 y; };\n",
                                 DUMP_NONE, off);
    assert_int_equal(r.errors, 1);
    assert_not_contains(r.diagnostics, "inherited from class 'A'");
    assert_contains(r.diagnostics, "t.mof:2:32: note: first declared here");
    run_result_free(&r);
}

/* A very long line (generated MOF often has one) is quoted only around
 * the column, with "..." where it was cut, and the caret still lines up. */
static void test_long_line_excerpt(void **state)
{
    (void)state;
    char mof[4096] = "class A {";
    for (int i = 0; i < 100; i++)
        snprintf(mof + strlen(mof), sizeof mof - strlen(mof), " uint32 p%d;", i);
    size_t at = strlen(mof) + strlen(" uint32 q = ") + 1;
    strcat(mof, " uint32 q = ; uint32 r; };");
    run_result r = test_run_text("t.mof", mof, DUMP_NONE, NULL);
    char where[64];
    snprintf(where, sizeof where, "t.mof:1:%zu: error: unexpected ';'", at);
    assert_contains(r.diagnostics, where);
    assert_contains(r.diagnostics, "    1 | ... uint32 p96; uint32 p97; uint32 p98; uint32 p99; uint32 q = ; uint32 r; };\n");
    const char *caret = strstr(r.diagnostics, "      |    ");
    assert_non_null(caret);
    const char *line = strstr(r.diagnostics, "    1 | ");
    assert_int_equal(strchr(caret, '^') - caret, strstr(line, "= ;") + 2 - line);
    assert_true(strlen(r.diagnostics) < 600);
    run_result_free(&r);
}

static void test_bad_input_table(void **state)
{
    (void)state;
    /* Run the whole table before failing, so one run shows every mismatch. */
    size_t failures = 0;
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
        run_result r = test_run_text("t.mof", table[i].mof, DUMP_NONE, NULL);
        if (!strstr(r.diagnostics, table[i].expected) || r.status != table[i].status) {
            fprintf(stderr, "case %zu: %s\n  expected (status %d): %s\n  got (status %d):\n%s\n", i, table[i].mof,
                    table[i].status, table[i].expected, r.status, r.diagnostics);
            failures++;
        }
        run_result_free(&r);
    }
    assert_int_equal(failures, 0);
}

/* Like test_run_text, for text with NUL bytes in it. */
static run_result run_bytes(const char *text, size_t length)
{
    char *dir = test_temp_dir();
    char path[4200];
    snprintf(path, sizeof path, "%s/t.mof", dir);
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    assert_int_equal(fwrite(text, 1, length, fp), length);
    fclose(fp);
    char cwd[4096];
    assert_non_null(getcwd(cwd, sizeof cwd));
    assert_int_equal(chdir(dir), 0);
    const char *inputs[] = {"t.mof"};
    mofgen_options opts = {.inputs = inputs, .input_count = 1, .syntax_only = true};
    run_result r = test_run(&opts, NULL);
    assert_int_equal(chdir(cwd), 0);
    free(dir);
    return r;
}

/* A NUL byte in a literal would silently cut its value short. */
static void test_nul_bytes(void **state)
{
    (void)state;
    static const char string[] = "class A { string S = \"ab\0cd\"; };";
    run_result r = run_bytes(string, sizeof string - 1);
    assert_int_equal(r.status, 1);
    assert_contains(r.diagnostics, "t.mof:1:25: error: NUL byte (0x00) in a string literal");
    run_result_free(&r);

    static const char char16[] = "class A { char16 C = '\0'; };";
    r = run_bytes(char16, sizeof char16 - 1);
    assert_contains(r.diagnostics, "t.mof:1:23: error: NUL byte (0x00) in a char16 literal");
    run_result_free(&r);

    static const char stray[] = "class A { uint32 X;\0 };";
    r = run_bytes(stray, sizeof stray - 1);
    assert_contains(r.diagnostics, "t.mof:1:20: error: stray NUL byte (0x00) in MOF text");
    run_result_free(&r);
}

/* Each diagnostic quotes its line with a caret under the column. */
static void test_caret_excerpt(void **state)
{
    (void)state;
    run_result r = test_run_text("t.mof", "class A\n{\n    UInt32 RetryCount;;\n};\n", DUMP_NONE, NULL);
    assert_contains(r.diagnostics, "t.mof:3:23: warning: extra ';' in the class body [-Wextra-semi]\n"
                                   "    3 |     UInt32 RetryCount;;\n"
                                   "      |                       ^\n");
    run_result_free(&r);
}

static void test_warning_switches(void **state)
{
    (void)state;
    const char *mof = "class A { uint32 X;; };";
    const char *off[] = {"-Wno-extra-semi", NULL};
    run_result r = test_run_text("t.mof", mof, DUMP_NONE, off);
    assert_int_equal(r.status, 0);
    assert_int_equal(r.warnings, 0);
    assert_string_equal(r.diagnostics, "");
    run_result_free(&r);

    const char *werror[] = {"-Werror", NULL};
    r = test_run_text("t.mof", mof, DUMP_NONE, werror);
    assert_int_equal(r.status, 1);
    assert_contains(r.diagnostics, "t.mof:1:20: error: extra ';' in the class body [-Werror=extra-semi]");
    run_result_free(&r);

    const char *only[] = {"-Werror=extra-semi", NULL};
    r = test_run_text("t.mof", "class A : { uint32 X;; };", DUMP_NONE, only);
    assert_int_equal(r.errors, 1);
    assert_int_equal(r.warnings, 1);
    run_result_free(&r);

    const char *strict[] = {"--strict", NULL};
    r = test_run_text("t.mof", "class A : B { uint32 X;; };", DUMP_NONE, strict);
    assert_int_equal(r.status, 1);
    assert_contains(r.diagnostics, "error: extra ';'");
    /* --strict is about quirks; an undeclared superclass stays a warning. */
    assert_contains(r.diagnostics, "warning: superclass 'B' is not declared");
    run_result_free(&r);

    const char *except[] = {"-Werror", "-Wno-error=extra-semi", NULL};
    r = test_run_text("t.mof", mof, DUMP_NONE, except);
    assert_int_equal(r.status, 0);
    assert_contains(r.diagnostics, "warning: extra ';'");
    run_result_free(&r);
}

/* Finds each of `expected` in `text`, each after the one before. */
static void assert_in_order(const char *text, const char *const *expected)
{
    const char *at = text;
    for (size_t i = 0; expected[i]; i++) {
        const char *found = strstr(at, expected[i]);
        if (!found) {
            fprintf(stderr, "expected '%s' after position %td in:\n%s\n", expected[i], at - text, text);
            fail();
        }
        at = found + strlen(expected[i]);
    }
}

/* The parser reports lines 1, 6 and 10 before the checks report 4, 5, 7
 * and 8: --max-errors 3 keeps the first three in source order, with the
 * notes of the ones it shows, and nothing after the third. */
static void test_max_errors_in_source_order(void **state)
{
    (void)state;
    const char *mof = "class P1 { uint32 X = ; };\n"
                      "class M { };\n"
                      "class Q { };\n"
                      "class m { };\n"
                      "class q { };\n"
                      "class P6 { uint32 X = ; };\n"
                      "class M7 { uint8 V = 256; };\n"
                      "class M8 { uint8 V = 300; };\n"
                      "class Ok { };\n"
                      "class P10 { uint32 X = ; };\n";
    const char *limit[] = {"--max-errors=3", NULL};
    run_result r = test_run_text("t.mof", mof, DUMP_NONE, limit);
    assert_int_equal(r.status, 1);
    assert_int_equal(r.errors, 7);
    const char *shown[] = {"t.mof:1:23: error: unexpected ';'", "t.mof:4:7: error: class 'm' is declared twice",
                           "t.mof:2:7: note: first declared here", "t.mof:5:7: error: class 'q' is declared twice",
                           "t.mof:3:7: note: first declared here",
                           "mofgen: note: too many errors (3); not reporting more\n", NULL};
    assert_in_order(r.diagnostics, shown);
    assert_not_contains(r.diagnostics, "t.mof:6:");
    assert_not_contains(r.diagnostics, "t.mof:10:");
    run_result_free(&r);

    /* Without a limit, all seven in line order. */
    r = test_run_text("t.mof", mof, DUMP_NONE, NULL);
    const char *all[] = {"t.mof:1:", "t.mof:4:", "t.mof:5:", "t.mof:6:", "t.mof:7:", "t.mof:8:", "t.mof:10:", NULL};
    assert_in_order(r.diagnostics, all);
    run_result_free(&r);
}

/* The parser's warning on line 14 comes after the checks' on line 1. */
static void test_stages_print_in_source_order(void **state)
{
    (void)state;
    run_result r = test_run_text("t.mof", "class A : Nowhere { };\n\n\n\n\n\n\n\n\n\n\n\n\n"
                                          "class B { uint32 X;; };\n",
                                 DUMP_NONE, NULL);
    const char *order[] = {"t.mof:1:11: warning: superclass 'Nowhere' is not declared",
                           "t.mof:14:20: warning: extra ';' in the class body", NULL};
    assert_in_order(r.diagnostics, order);
    run_result_free(&r);
}

static void test_unknown_warning_option_rejected(void **state)
{
    (void)state;
    diag_engine d;
    diag_init(&d, NULL);
    assert_int_equal(diag_option(&d, "-Wno-such-thing"), -1);
    assert_int_equal(diag_option(&d, "-Wextra-semi"), 0);
    assert_int_equal(diag_option(&d, "--loud"), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_long_line_excerpt),
        cmocka_unit_test(test_notes_follow_their_diagnostic),
        cmocka_unit_test(test_bad_input_table),
        cmocka_unit_test(test_caret_excerpt),
        cmocka_unit_test(test_nul_bytes),
        cmocka_unit_test(test_warning_switches),
        cmocka_unit_test(test_unknown_warning_option_rejected),
        cmocka_unit_test(test_max_errors_in_source_order),
        cmocka_unit_test(test_stages_print_in_source_order),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
