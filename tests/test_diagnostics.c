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
    {"class A { string S = \"a\\qb\"; };", "t.mof:1:24: warning: unknown escape sequence '\\q'; the '\\' is kept [-Wunknown-escape]", 0},
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
    {"class A { [ValueMap{\"1\", \"2\"}, Values{\"a\"}] uint32 X; };", "t.mof:1:32: warning: 'X' has 1 Values but 2 ValueMap entries; they do not pair up, so 'X' gets no enum [-Wvalue-map]", 0},
    {"class A { [ValueMap{\"300\"}] uint8 X; };", "t.mof:1:21: warning: ValueMap entry \"300\" of 'X' is outside uint8; it is left out of the enum [-Wvalue-map]", 0},
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
    /* Repeats by case, and in a list long enough to be checked through a table. */
    {"class A { [Key, key] uint32 X; };", "t.mof:1:17: error: qualifier 'key' is given twice", 1},
    {"class A { [Q0, Q1, Q2, Q3, Q4, Q5, Q6, Q7, Q8, Q9, Q10, Q11, Q12, Q13, Q14, Q15, Q16, q3] uint32 X; };",
     "t.mof:1:87: error: qualifier 'q3' is given twice", 1},
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
    /* what mofcomp, cimmof or OMI read, each a warning of its own name */
    {"class A { string S = \"enable\\disable\"; };",
     "t.mof:1:29: warning: unknown escape sequence '\\d'; the '\\' is kept [-Wunknown-escape]", 0},
    {"class A { string S = \"caf\\\xc3\xa9\"; };", "t.mof:1:26: warning: unknown escape sequence '\\\xc3\xa9'", 0},
    {"class A { string S = \"two\nlines\"; };",
     "t.mof:1:26: warning: line break in a string literal; kept in its value", 0},
    {"class A { string S = \"a\n\n b\"; };", "[-Wnewline-in-string]", 0},
    {"class A { uint32 X; }; instance of A { X; };",
     "t.mof:1:40: warning: 'X' has no value; read as 'X = NULL' [-Wvalueless-property]", 0},
    {"instance of B { Ref; };", "t.mof:1:17: warning: 'Ref' has no value; read as 'Ref = NULL' [-Wvalueless-property]", 0},
    /* errors that are not unknown escapes stay errors, reported once */
    {"class A { string S = \"\\x0000\"; };", "t.mof:1:23: error: '\\x0000' is not a character a string can hold", 1},
    {"#pragma include(\"\")", "t.mof:1:17: error: #pragma include(\"\") names no file", 1},
    /* pragmas that mean nothing without their parameter */
    {"#pragma namespace\nclass A { };", "t.mof:1:9: error: '#pragma namespace' needs a parameter: #pragma namespace(\"root/cimv2\")", 1},
    {"#pragma locale()", "t.mof:1:9: error: '#pragma locale' needs a parameter", 1},
    {"#pragma include", "t.mof:1:9: error: '#pragma include' needs a parameter: #pragma include(\"file.mof\")", 1},
    {"#pragma instancelocale", "t.mof:1:9: error: '#pragma instancelocale' needs a parameter", 1},
    {"#pragma deleteclass()", "t.mof:1:9: error: '#pragma deleteclass' needs a parameter: #pragma deleteclass(\"ClassName\", FAIL)", 1},
    {"#pragma classflags", "t.mof:1:9: error: '#pragma classflags' needs a parameter", 1},
    {"#pragma autorecover\nclass A { };", "", 0},
};

/* Input that is not MOF v2 gets one error saying what it is, located,
 * and nothing more: no syntax errors from the rest of the file, and no
 * half-read class for the checks to complain about. */
static const bad_input not_mof_v2[] = {
    {"structure S { uint32 X; string Y; };\nclass A { S s; };",
     "t.mof:1:1: error: MOF 3.0 (DSP0221) syntax is not supported (mofgen reads MOF v2, DSP0004): 'structure' "
     "declares a MOF 3.0 structure; mofgen stops reading this file here", 1},
    {"class A { };\nenumeration E : Integer { a, b = 5 };",
     "t.mof:2:1: error: MOF 3.0 (DSP0221) syntax is not supported (mofgen reads MOF v2, DSP0004): 'enumeration' "
     "declares a MOF 3.0 enumeration", 1},
    {"class A { };\n[Abstract] association L { A REF a; A REF b; };",
     "t.mof:2:12: error: MOF 3.0 (DSP0221) syntax is not supported (mofgen reads MOF v2, DSP0004): 'association' "
     "as a declaration is MOF 3.0 (MOF v2 writes '[Association] class')", 1},
    {"Indication I { string M; };", "t.mof:1:1: error: MOF 3.0 (DSP0221) syntax is not supported", 1},
    {"value of S as $v { X = 1; Y = \"y\"; };",
     "t.mof:1:1: error: MOF 3.0 (DSP0221) syntax is not supported (mofgen reads MOF v2, DSP0004): 'value of' is a "
     "MOF 3.0 structure value", 1},
    {"class A { string S; };\ninstance of A { S = value of T { X = 1; }; };",
     "t.mof:2:21: error: MOF 3.0 (DSP0221) syntax is not supported (mofgen reads MOF v2, DSP0004): 'value of'", 1},
    {"class A { Integer X; uint32 Y; };",
     "t.mof:1:11: error: MOF 3.0 (DSP0221) syntax is not supported (mofgen reads MOF v2, DSP0004): 'Integer' is a "
     "MOF 3.0 type", 1},
    {"class A { OctetString X; };", "t.mof:1:11: error: MOF 3.0 (DSP0221) syntax is not supported", 1},
    {"class A {\n  structure S { uint32 x; };\n  uint32 y;\n};",
     "t.mof:2:15: error: MOF 3.0 (DSP0221) syntax is not supported (mofgen reads MOF v2, DSP0004): 'structure' "
     "declares a MOF 3.0 structure", 1},
    {"class A { enumeration E : uint32 { a, b }; uint32 y; };", "t.mof:1:25: error: MOF 3.0 (DSP0221)", 1},
    {"Qualifier Abstract : Boolean = False Scope(class, association) Policy(restricted);\nclass A { };",
     "t.mof:1:38: error: MOF 3.0 (DSP0221) syntax is not supported (mofgen reads MOF v2, DSP0004): a qualifier "
     "declaration with 'Scope' or 'Policy' not after a ','", 1},
    {"Qualifier Q : Boolean = False, Scope(class), Policy(restricted);",
     "t.mof:1:46: error: MOF 3.0 (DSP0221) syntax is not supported (mofgen reads MOF v2, DSP0004): 'Policy' is MOF 3.0", 1},
    {"#define FLAG 1\nclass A { uint32 X = FLAG; };",
     "t.mof:1:1: error: '#define' is a C preprocessor directive, not MOF: run cpp on this file first; mofgen stops "
     "reading this file here", 1},
    {"#include \"base.mof\"\nclass A : Base { };", "t.mof:1:1: error: '#include' is a C preprocessor directive", 1},
    {"# 1 \"schema.mof\"\nclass A { };",
     "t.mof:1:1: error: '# 1' is a line marker the C preprocessor leaves, not MOF: run cpp with -P", 1},
    {"class A {\n  uint32 X;\n#ifdef FULL\n  uint32 Y;\n#endif\n};",
     "t.mof:3:1: error: '#ifdef' is a C preprocessor directive, not MOF: run cpp on this file first", 1},
    {"class A {\n  [Description(\"one\" \\\n  \"two\")] uint32 X;\n};",
     "t.mof:2:22: error: a '\\' at the end of a line is a C preprocessor line continuation, not MOF: run cpp on "
     "this file first", 1},
};

static void test_not_mof_v2(void **state)
{
    (void)state;
    size_t failures = 0;
    for (size_t i = 0; i < sizeof not_mof_v2 / sizeof not_mof_v2[0]; i++) {
        run_result r = test_run_text("t.mof", not_mof_v2[i].mof, DUMP_NONE, NULL);
        if (!strstr(r.diagnostics, not_mof_v2[i].expected) || r.errors != 1 || r.warnings != 0) {
            fprintf(stderr, "case %zu: %s\n  expected one error: %s\n  got %u errors, %u warnings:\n%s\n", i,
                    not_mof_v2[i].mof, not_mof_v2[i].expected, r.errors, r.warnings, r.diagnostics);
            failures++;
        }
        run_result_free(&r);
    }
    assert_int_equal(failures, 0);
}

/* The declarations before the stop are kept: a class after the MOF 3.0
 * one is not read, the one before it is (the dump shows it). */
static void test_stop_keeps_what_came_before(void **state)
{
    (void)state;
    run_result r = test_run_text("t.mof", "class Before { uint32 X; };\nclass Half { uint32 Y; Integer Z; };\n"
                                 "class After { };", DUMP_AST, NULL);
    assert_int_equal(r.errors, 1);
    assert_contains(r.output, "\"Before\"");
    assert_not_contains(r.output, "\"Half\"");
    assert_not_contains(r.output, "\"After\"");
    run_result_free(&r);
}

/* --strict refuses the dialect quirks added for real-world MOF. */
static void test_strict_refuses_dialect_quirks(void **state)
{
    (void)state;
    static const char *const quirks[] = {
        "class A { string S = \"a\\qb\"; };",
        "class A { string S = \"a\nb\"; };",
        "class A { uint32 X; }; instance of A { X; };",
    };
    const char *strict[] = {"--strict", NULL};
    for (size_t i = 0; i < sizeof quirks / sizeof quirks[0]; i++) {
        run_result r = test_run_text("t.mof", quirks[i], DUMP_NONE, strict);
        assert_int_equal(r.status, 1);
        assert_contains(r.diagnostics, "error:");
        run_result_free(&r);
    }
}

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

/* The dialect warnings of real-world MOF: each is silenced by -Wno-NAME
 * alone, and --strict refuses it. */
static void test_dialect_warnings(void **state)
{
    (void)state;
    static const struct {
        const char *mof, *name, *strict_error;
    } cases[] = {
        {"class A { [ValueMap{\"1\", \"2\"}, Values{\"a\"}] uint32 X; };", "value-map",
         "t.mof:1:32: error: 'X' has 1 Values but 2 ValueMap entries; they do not pair up, so 'X' gets no enum "
         "[-Wvalue-map, --strict]"},
        {"[locale(\"MS\\\\0x409\")] class W { };", "qualifier-type",
         "t.mof:1:9: error: qualifier 'locale' is not declared and its value is a string"},
        {"class A { [Key] uint32 K; uint8 T[]; }; instance of A { K = 1; T = 3; };", "scalar-for-array",
         "t.mof:1:68: error: 'T' is an array, given a single value"},
        {"class A { [Key] uint32 K; char16 C; }; instance of A { K = 1; C = \"c\"; };", "string-for-char16",
         "t.mof:1:67: error: a string for char16 property 'C'"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char off[64], tag[64];
        snprintf(off, sizeof off, "-Wno-%s", cases[i].name);
        snprintf(tag, sizeof tag, "[-W%s]", cases[i].name);
        run_result r = test_run_text("t.mof", cases[i].mof, DUMP_NONE, NULL);
        assert_int_equal(r.status, 0);
        assert_contains(r.diagnostics, tag);
        run_result_free(&r);
        const char *quiet[] = {off, NULL};
        r = test_run_text("t.mof", cases[i].mof, DUMP_NONE, quiet);
        assert_int_equal(r.status, 0);
        assert_string_equal(r.diagnostics, "");
        run_result_free(&r);
        const char *strict[] = {"--strict", NULL};
        r = test_run_text("t.mof", cases[i].mof, DUMP_NONE, strict);
        assert_int_equal(r.status, 1);
        assert_contains(r.diagnostics, cases[i].strict_error);
        run_result_free(&r);
    }
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
        cmocka_unit_test(test_not_mof_v2),
        cmocka_unit_test(test_stop_keeps_what_came_before),
        cmocka_unit_test(test_strict_refuses_dialect_quirks),
        cmocka_unit_test(test_caret_excerpt),
        cmocka_unit_test(test_nul_bytes),
        cmocka_unit_test(test_warning_switches),
        cmocka_unit_test(test_dialect_warnings),
        cmocka_unit_test(test_unknown_warning_option_rejected),
        cmocka_unit_test(test_max_errors_in_source_order),
        cmocka_unit_test(test_stages_print_in_source_order),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
