/*
 * test_emit.c - emission and output: generated/ matches what the schema
 * gives now (golden files), output is deterministic, templates can be
 * overridden, nothing is written on error, --check reports without writing,
 * and unchanged files are left alone.
 */
#include "support.h"
#include "names.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *const schema[] = {"schema/SMS_BaseClass.mof", "schema/SMS_DistributionJob.mof"};
static const char *const generated_files[] = {"SMS_BaseClass.c", "SMS_BaseClass.h", "SMS_DistributionJob.c",
                                              "SMS_DistributionJob.h"};

static run_result generate_into(const char *dir, const char *template_dir, bool check)
{
    mofgen_options opts = {.inputs = schema, .input_count = 2, .output_dir = dir, .template_dir = template_dir,
                           .check = check};
    return test_run(&opts, NULL);
}

static char *path_in(const char *dir, const char *name)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *p = malloc(n);
    snprintf(p, n, "%s/%s", dir, name);
    return p;
}

/* Writes `text` to DIR/NAME and runs mofgen on it with -o DIR. */
static run_result generate_text(const char *dir, const char *name, const char *text)
{
    char *mof = test_write_file(dir, name, text);
    const char *inputs[] = {mof};
    mofgen_options opts = {.inputs = inputs, .input_count = 1, .output_dir = dir};
    run_result r = test_run(&opts, NULL);
    free(mof);
    return r;
}

/* Compiles FILES (names in DIR, space-separated) as strict C99 with the
 * runtime's header: the exit status of the compiler. */
static int compile_strict(const char *dir, const char *files)
{
    char command[2048];
    int n = snprintf(command, sizeof command,
                     "cd '%s' && cc -std=c99 -Wall -Wextra -Wpedantic -Werror -I. -I'%s/src/runtime' -fsyntax-only %s", dir,
                     MOFGEN_SOURCE_DIR, files);
    assert_true(n > 0 && (size_t)n < sizeof command);
    return system(command);
}

/* The checked-in bindings are exactly what mofgen makes of schema/ today. */
static void test_generated_dir_is_up_to_date(void **state)
{
    (void)state;
    run_result r = generate_into("generated", NULL, true);
    if (r.status != 0)
        fprintf(stderr, "generated/ drifted from schema/; run tools/setup.sh and commit:\n%s%s", r.output,
                r.diagnostics);
    assert_int_equal(r.status, 0);
    assert_string_equal(r.output, "");
    run_result_free(&r);
}

static void test_output_is_deterministic(void **state)
{
    (void)state;
    char *a = test_temp_dir(), *b = test_temp_dir();
    run_result ra = generate_into(a, NULL, false), rb = generate_into(b, NULL, false);
    assert_int_equal(ra.status, 0);
    assert_int_equal(rb.status, 0);
    for (size_t i = 0; i < sizeof generated_files / sizeof generated_files[0]; i++) {
        char *pa = path_in(a, generated_files[i]), *pb = path_in(b, generated_files[i]);
        size_t la, lb;
        char *ta = test_read_file(pa, &la), *tb = test_read_file(pb, &lb);
        assert_non_null(ta);
        assert_non_null(tb);
        assert_int_equal(la, lb);
        assert_memory_equal(ta, tb, la);
        /* No paths, dates or host names in the output. */
        assert_not_contains(ta, a);
        assert_not_contains(ta, "/tmp");
        assert_contains(ta, "DO NOT EDIT");
        free(ta);
        free(tb);
        free(pa);
        free(pb);
    }
    run_result_free(&ra);
    run_result_free(&rb);
    free(a);
    free(b);
}

static void test_unchanged_files_are_not_rewritten(void **state)
{
    (void)state;
    char *dir = test_temp_dir();
    run_result r = generate_into(dir, NULL, false);
    assert_int_equal(r.status, 0);
    run_result_free(&r);
    char *h = path_in(dir, "SMS_DistributionJob.h");
    struct stat before, after;
    assert_int_equal(stat(h, &before), 0);
    /* Age the file, then regenerate: its time must not move. */
    char command[600];
    snprintf(command, sizeof command, "touch -d '2001-01-01 00:00' '%s'", h);
    assert_int_equal(system(command), 0);
    assert_int_equal(stat(h, &before), 0);
    r = generate_into(dir, NULL, false);
    assert_int_equal(r.status, 0);
    assert_int_equal(stat(h, &after), 0);
    assert_int_equal(before.st_mtime, after.st_mtime);
    run_result_free(&r);
    /* --check on an up-to-date folder: nothing to report. */
    r = generate_into(dir, NULL, true);
    assert_int_equal(r.status, 0);
    run_result_free(&r);
    /* A changed file is reported by --check and not touched. */
    FILE *fp = fopen(h, "w");
    fputs("stale\n", fp);
    fclose(fp);
    r = generate_into(dir, NULL, true);
    assert_int_equal(r.status, 1);
    assert_contains(r.output, "SMS_DistributionJob.h would change");
    size_t n;
    char *text = test_read_file(h, &n);
    assert_string_equal(text, "stale\n");
    free(text);
    run_result_free(&r);
    free(h);
    free(dir);
}

/* A MOF error writes nothing and leaves existing output as it was. */
static void test_nothing_written_on_error(void **state)
{
    (void)state;
    char *dir = test_temp_dir();
    char *out = path_in(dir, "out");
    char *mof = test_write_file(dir, "bad.mof", "class Good { uint32 X; };\nclass Bad { UIt32 Y; };\n");
    const char *inputs[] = {mof};
    mofgen_options opts = {.inputs = inputs, .input_count = 1, .output_dir = out};
    run_result r = test_run(&opts, NULL);
    assert_int_equal(r.status, 1);
    struct stat st;
    assert_int_not_equal(stat(out, &st), 0); /* not even the folder */
    run_result_free(&r);
    free(mof);
    free(out);
    free(dir);
}

/* --template-dir: a user's copy replaces a built-in template; an error in
 * it is reported at its own file:line:col, and nothing is written. */
static void test_template_override(void **state)
{
    (void)state;
    char *tdir = test_temp_dir();
    char *out = test_temp_dir();
    free(test_write_file(tdir, "banner.tmpl", "/* custom banner for {{class.name}} */\n"));
    run_result r = generate_into(out, tdir, false);
    assert_int_equal(r.status, 0);
    run_result_free(&r);
    char *h = path_in(out, "SMS_DistributionJob.h");
    char *text = test_read_file(h, NULL);
    assert_contains(text, "/* custom banner for SMS_DistributionJob */");
    assert_not_contains(text, "DO NOT EDIT");
    free(text);

    char *out2 = test_temp_dir();
    free(test_write_file(tdir, "banner.tmpl", "ok\n{{#if class.name}}\nunclosed\n"));
    r = generate_into(out2, tdir, false);
    assert_int_equal(r.status, 1);
    char where[600];
    snprintf(where, sizeof where, "%s/banner.tmpl:2:1: error: ", tdir); /* gcc's form, the user's file */
    assert_contains(r.diagnostics, where);
    char *h2 = path_in(out2, "SMS_DistributionJob.h");
    assert_null(test_read_file(h2, NULL));
    run_result_free(&r);
    free(h2);

    /* A render error in a copy that a compiled built-in includes: the
     * file is rendered again from the trees, which name both places. */
    free(test_write_file(tdir, "banner.tmpl", "/* {{class.nmae}} */\n"));
    r = generate_into(out2, tdir, false);
    assert_int_equal(r.status, 1);
    snprintf(where, sizeof where, "%s/banner.tmpl:1:12: error: 'class' has no 'nmae' (included from class.h.tmpl:1:5)",
             tdir);
    assert_contains(r.diagnostics, where);
    char *h3 = path_in(out2, "SMS_DistributionJob.h");
    assert_null(test_read_file(h3, NULL));
    free(h3);
    run_result_free(&r);
    /* And one in a built-in that such a copy includes: the note names the
     * copy, though the compiled pass that failed first had noted it too. */
    free(test_write_file(tdir, "banner.tmpl", "{{> value_map_note.h.tmpl}}\n"));
    r = generate_into(out2, tdir, false);
    assert_int_equal(r.status, 1);
    assert_contains(r.diagnostics, "value_map_note.h.tmpl:4:9: 'value_map_notes' is not defined (included from "
                                   "banner.tmpl:1:5)");
    run_result_free(&r);

    /* A template that cannot be read is an error, not an empty template;
     * a .tmpl that replaces nothing is a warning. */
    free(test_write_file(tdir, "banner.tmpl", "/* ok */\n"));
    free(test_write_file(tdir, "clas.h.tmpl", "misspelt\n"));
    char *unreadable = path_in(tdir, "class.h.tmpl");
    assert_int_equal(mkdir(unreadable, 0777), 0);
    r = generate_into(out2, tdir, false);
    assert_int_equal(r.status, 1);
    assert_contains(r.diagnostics, "class.h.tmpl': Is a directory");
    assert_contains(r.diagnostics, "clas.h.tmpl replaces no built-in template; it is not used [-Wunused-template]");
    run_result_free(&r);
    rmdir(unreadable);
    free(unreadable);
    free(h);
    free(out2);
    free(out);
    free(tdir);
}

/* Every C spelling comes from templates/c_spellings.tmpl: a user's copy
 * may change one name only; a mistake in it is reported at its place. */
static void test_c_spellings_override(void **state)
{
    (void)state;
    char *tdir = test_temp_dir();
    char *out = test_temp_dir();
    free(test_write_file(tdir, "c_spellings.tmpl", "# mine\ntype.uint64   \"unsigned long long\"\n"
                                                   "flag.join \"|\"\n"));
    run_result r = generate_into(out, tdir, false);
    assert_int_equal(r.status, 0);
    run_result_free(&r);
    char *h = path_in(out, "SMS_DistributionJob.h"), *c = path_in(out, "SMS_DistributionJob.c");
    char *header = test_read_file(h, NULL), *source = test_read_file(c, NULL);
    assert_contains(header, "    unsigned long long JobID;");
    assert_contains(header, "    uint32_t DPID;"); /* the rest from the built-in table */
    assert_contains(source, "MOFRT_KEY|MOFRT_READ|MOFRT_REQUIRED");
    free(header);
    free(source);

    char *out2 = test_temp_dir();
    free(test_write_file(tdir, "c_spellings.tmpl", "type.uint64 \"uint64_t\"\ntype.bogus \"x\"\n"));
    r = generate_into(out2, tdir, false);
    assert_int_equal(r.status, 1);
    char where[600];
    snprintf(where, sizeof where, "%s/c_spellings.tmpl:2:1: error: unknown name 'type.bogus'", tdir);
    assert_contains(r.diagnostics, where);
    run_result_free(&r);
    free(test_write_file(tdir, "c_spellings.tmpl", "type.object \"struct\"\n"));
    r = generate_into(out2, tdir, false);
    assert_int_equal(r.status, 1);
    assert_contains(r.diagnostics, "c_spellings.tmpl:1:13: error: 'type.object' takes one %s and no other '%'");
    run_result_free(&r);
    char *none = path_in(out2, "SMS_DistributionJob.h");
    assert_null(test_read_file(none, NULL)); /* nothing written on an error */
    free(none);
    /* Empty texts, text after the quotes and unknown escapes are refused;
     * a comment after the quotes and CRLF line ends are fine. */
    const struct {
        const char *text, *expected;
    } bad[] = {
        {"type.uint32 \"\"\r\n", "c_spellings.tmpl:1:13: error: the text of 'type.uint32' is empty"},
        {"type.uint32 \"uint32_t\" garbage\n", "c_spellings.tmpl:1:24: error: unexpected text after the quoted text"},
        {"type.uint32 \"x\\ny\"\n", "c_spellings.tmpl:1:15: error: unknown escape"},
        {"type.uint32\r\n", "c_spellings.tmpl:1:12: error: expected a quoted text after 'type.uint32'"},
        {"type.char16 \"\001\"\n", "c_spellings.tmpl:1:14: error: control character 0x01 in the quoted text"},
        {"type.uint32 \"uint32_t\r\n", "c_spellings.tmpl:1:13: error: the text is not closed by '\"'"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        free(test_write_file(tdir, "c_spellings.tmpl", bad[i].text));
        r = generate_into(out2, tdir, false);
        assert_int_equal(r.status, 1);
        assert_contains(r.diagnostics, bad[i].expected);
        run_result_free(&r);
    }
    /* A NUL byte in the quotes (the fuzzer's: the type read as empty). */
    char *spellings = path_in(tdir, "c_spellings.tmpl");
    FILE *f = fopen(spellings, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite("type.char16 \"\0\0\"\n", 1, 18, f), 18);
    assert_int_equal(fclose(f), 0);
    free(spellings);
    r = generate_into(out2, tdir, false);
    assert_int_equal(r.status, 1);
    assert_contains(r.diagnostics, "c_spellings.tmpl:1:14: error: control character 0x00 in the quoted text");
    run_result_free(&r);
    free(test_write_file(tdir, "c_spellings.tmpl", "type.uint32 \"uint32_t\"  # the default\r\n"));
    r = generate_into(out2, tdir, false);
    assert_int_equal(r.status, 0);
    run_result_free(&r);
    free(h);
    free(c);
    free(out2);
    free(out);
    free(tdir);
}

/* Names that are not C: keywords, spaces, digits, two Values that sanitize
 * alike, a property called like the generated count member. */
static void test_identifiers_stay_valid(void **state)
{
    (void)state;
    char *dir = test_temp_dir();
    char *mof = test_write_file(dir, "names.mof",
                                "class Names { uint32 int; string default; uint8 List[]; uint32 List_count;\n"
                                "  [ValueMap{\"1\", \"2\", \"3\", \"4\"}, Values{\"Not Applicable\", \"Not-Applicable\", \"2nd\", \"\"}] uint16 Kind; };\n");
    const char *inputs[] = {mof};
    mofgen_options opts = {.inputs = inputs, .input_count = 1, .output_dir = dir};
    run_result r = test_run(&opts, NULL);
    assert_int_equal(r.status, 0);
    char *h = path_in(dir, "Names.h");
    char *text = test_read_file(h, NULL);
    assert_contains(text, "uint32_t int_;");
    assert_contains(text, "char *default_;");
    assert_contains(text, "size_t List_count;");
    assert_contains(text, "uint32_t List_count_2;");
    assert_contains(text, "Names_Kind_Not_Applicable = 1,");
    assert_contains(text, "Names_Kind_Not_Applicable_2 = 2,");
    assert_contains(text, "Names_Kind__2nd = 3,");
    assert_contains(text, "Names_Kind_VALUE_4 = 4,");
    /* And the result compiles as strict C99. */
    char command[1024];
    snprintf(command, sizeof command,
             "cc -std=c99 -Wall -Wextra -Wpedantic -Werror -I'%s' -I'%s/src/runtime' -c '%s/Names.c' -o '%s/Names.o'", dir,
             MOFGEN_SOURCE_DIR, dir, dir);
    assert_int_equal(system(command), 0);
    free(text);
    free(h);
    run_result_free(&r);
    free(mof);
    free(dir);
}

/* The reserved words are found whatever their place in the (sorted) table. */
static void test_reserved_words_found(void **state)
{
    (void)state;
    const char *reserved[] = {"EOF", "INTMAX_C", "SIZE_MAX", "WINT_MIN", "_Alignas", "_Thread_local", "alignas", "auto",
                              "class", "default", "errno", "int", "mofgen_present", "offsetof", "struct", "xor_eq",
                              "INT8_MIN", "UINT_LEAST16_MAX", "INT64_C", "__x", "_Upper"};
    for (size_t i = 0; i < sizeof reserved / sizeof reserved[0]; i++)
        if (!names_is_reserved(reserved[i]))
            fail_msg("'%s' is not found reserved", reserved[i]);
    const char *free_words[] = {"Int", "EOFs", "JobID", "x_or", "_lower", "INT8", "zzz", "A"};
    for (size_t i = 0; i < sizeof free_words / sizeof free_words[0]; i++)
        if (names_is_reserved(free_words[i]))
            fail_msg("'%s' is taken for reserved", free_words[i]);
}

/* Names the C implementation reserves (__x, _X), as WMI's system classes
 * and properties have them (__PATH, __SystemClass): their leading '_'s
 * become "mof_", everywhere they are used.  (Each once made mofgen loop
 * for ever looking for a free name.) */
static void test_reserved_names_get_a_prefix(void **state)
{
    (void)state;
    char *dir = test_temp_dir();
    run_result r = generate_text(dir, "sys.mof",
                                 "class __SystemClass { string __PATH; string _Bar; string PATH;\n"
                                 "  string mof_PATH; uint32 __Run([in] string _P, [out] uint32 __Q); uint8 _; uint32 __(); };\n");
    assert_int_equal(r.status, 0);
    char *h = path_in(dir, "mof_SystemClass.h");
    char *text = test_read_file(h, NULL);
    assert_non_null(text);
    assert_contains(text, "} mof_SystemClass;");
    assert_contains(text, "char *mof_PATH;");
    assert_contains(text, "char *mof_Bar;");
    assert_contains(text, "char *PATH;");
    assert_contains(text, "char *mof_PATH_2;"); /* the property really called mof_PATH */
    assert_contains(text, "mof_SystemClass_get_mof_PATH(");
    assert_contains(text, "char *mof_P;");
    assert_contains(text, "uint8_t mof;");            /* '_' */
    assert_contains(text, "mof_SystemClass_mof_2("); /* the method '__' */
    assert_contains(text, "uint32_t mof_Q;");
    assert_not_contains(text, "*_");              /* no member starts with '_' */
    assert_not_contains(text, "__SystemClass_"); /* nor any function */
    assert_int_equal(compile_strict(dir, "mof_SystemClass.c"), 0);
    free(text);
    free(h);
    run_result_free(&r);
    free(dir);
}

/* Two classes may not define the same C identifier (class Foo's enum
 * Foo_Bar beside a class Foo_Bar; class K's K_init beside a class K_init),
 * and no class takes the runtime's names. */
static void test_symbols_across_classes(void **state)
{
    (void)state;
    char *dir = test_temp_dir();
    char *mof = test_write_file(dir, "col.mof",
                                "class Foo {[ValueMap{\"1\"},Values{\"x\"}] uint8 Bar;};\nclass Foo_Bar : Foo {uint8 Z;};\n"
                                "class K { uint8 B; };\nclass K_init { uint8 C; };\n"
                                "class P_Q { uint8 A; };\nclass P { uint8 Q_init; };\n");
    const char *inputs[] = {mof};
    char *out = path_in(dir, "out");
    mofgen_options opts = {.inputs = inputs, .input_count = 1, .output_dir = out};
    run_result r = test_run(&opts, NULL);
    assert_int_equal(r.status, 1);
    assert_contains(r.diagnostics, "col.mof:2:7: error: the C bindings of class 'Foo_Bar' and of class 'Foo' would both "
                                   "define 'Foo_Bar'");
    assert_contains(r.diagnostics, "col.mof:4:7: error: the C bindings of class 'K_init' and of class 'K' would both "
                                   "define 'K_init'");
    /* Longer name first, and two generated names (not a class's own) meeting. */
    assert_contains(r.diagnostics, "col.mof:6:7: error: the C bindings of class 'P' and of class 'P_Q' would both "
                                   "define 'P_Q_init'");
    struct stat st;
    assert_int_not_equal(stat(out, &st), 0); /* nothing written */
    run_result_free(&r);

    char *mof2 = test_write_file(dir, "rt.mof", "class mofrt { uint8 D; };\nclass mofrt_class { uint8 E; };\n");
    inputs[0] = mof2;
    opts.output_dir = dir;
    r = test_run(&opts, NULL);
    assert_int_equal(r.status, 0);
    char *h = path_in(dir, "mof_mofrt.h"), *h2 = path_in(dir, "mof_mofrt_class.h"), *rt = path_in(dir, "mofrt.h");
    assert_int_equal(stat(h, &st), 0);
    assert_int_equal(stat(h2, &st), 0);
    assert_int_not_equal(stat(rt, &st), 0); /* the runtime's header is not shadowed */
    run_result_free(&r);
    free(h);
    free(h2);
    free(rt);
    free(out);
    free(mof2);
    free(mof);
    free(dir);
}

/* ValueMap values too wide for a C enum become a type and macros that a
 * -Werror program can use (UINT64_MAX, INT64_MIN included). */
static void test_wide_value_map_macros(void **state)
{
    (void)state;
    char *dir = test_temp_dir();
    run_result r = generate_text(dir, "e.mof",
                                 "class E { [ValueMap{\"18446744073709551615\", \"1\"}, Values{\"m\", \"one\"}] uint64 Q;\n"
                                 "  [ValueMap{\"-9223372036854775808\", \"-5\", \"3000000000\"}, Values{\"lo\", \"neg\", \"big\"}] sint64 R; };\n");
    assert_int_equal(r.status, 0);
    run_result_free(&r);
    free(test_write_file(dir, "use.c", "#include \"E.h\"\n"
                                       "uint64_t f(void) { E_Q q = E_Q_m; E_R lo = E_R_lo, s = E_R_neg + E_R_big;\n"
                                       "  return q + (uint64_t)lo + (uint64_t)s; }\n"));
    assert_int_equal(compile_strict(dir, "use.c E.c"), 0);
    free(dir);
}

/* A ValueMap mofgen cannot emit as written: no enum where it does not
 * pair, the range cut to the type, and a comment in the header saying so. */
static void test_unpaired_value_maps(void **state)
{
    (void)state;
    char *dir = test_temp_dir();
    run_result r = generate_text(dir, "V.mof",
                                 "class V { [ValueMap{\"1\", \"2\", \"3\"}, Values{\"a\", \"b\"}] uint32 Odd;\n"
                                 "  [ValueMap{\"0\", \"18..32767\", \"999\"}, Values{\"zero\", \"many\", \"lost\"}] uint8 Cut; };\n");
    assert_int_equal(r.status, 0);
    run_result_free(&r);
    char *h = path_in(dir, "V.h"), *c = path_in(dir, "V.c");
    char *header = test_read_file(h, NULL), *source = test_read_file(c, NULL);
    assert_contains(header, "/* V.Odd: its ValueMap has 3 entries and its Values 2,\n"
                            " * which do not pair up: mofgen made no enum for it, and any value is accepted. */\n");
    assert_contains(header, "/* V.Cut: ValueMap entry \"18..32767\" runs past the type; the enum holds \"18..255\". */\n");
    assert_contains(header, "/* V.Cut: ValueMap entry \"999\" is outside the type; the enum leaves it out. */\n");
    assert_null(strstr(header, "V_Odd_name"));
    assert_null(strstr(header, "V_Cut_lost"));
    assert_contains(header, "    V_Cut_zero = 0,\n");
    /* the runtime table, which setters and decoders check, is what the enum says */
    assert_null(strstr(source, "V_Odd_values"));
    assert_contains(source, "static const mofrt_enum_entry V_Cut_values_entries[] = {\n"
                            "    {\"0\", \"zero\", MOFRT_ENUM_VALUE, UINT64_C(0), UINT64_C(0)},\n"
                            "    {\"18..32767\", \"many\", MOFRT_ENUM_RANGE, UINT64_C(18), UINT64_C(255)},\n};\n");
    assert_int_equal(compile_strict(dir, "V.c"), 0);
    free(header);
    free(source);
    free(h);
    free(c);
    free(dir);
}

/* An instance value for a property its class may inherit from an
 * undeclared superclass: not an error, but not silently dropped either. */
static void test_instance_of_incomplete_class(void **state)
{
    (void)state;
    char *dir = test_temp_dir();
    run_result r = generate_text(dir, "P.mof", "class P : CIM_Nowhere { uint32 Level; };\n"
                                               "instance of P { InstanceID = \"x\"; Level = 3; };\n");
    assert_int_equal(r.status, 0);
    assert_contains(r.diagnostics, "P.mof:2:17: warning: class 'P' declares no property 'InstanceID' (what it inherits "
                                   "from undeclared 'CIM_Nowhere' is unknown); P_instance_1 leaves it out "
                                   "[-Winstance-value]");
    run_result_free(&r);
    char *c = path_in(dir, "P.c");
    char *text = test_read_file(c, NULL);
    assert_contains(text, "    .Level = UINT64_C(3),\n");
    free(text);
    free(c);
    char *h = path_in(dir, "P.h");
    text = test_read_file(h, NULL);
    assert_contains(text, "/* It leaves out the MOF's value for InstanceID: P does not declare that property, and what "
                          "it inherits from undeclared CIM_Nowhere is unknown. */\nextern const P P_instance_1;\n");
    free(text);
    free(h);
    free(dir);
}

/* Instance values converted as WBEM servers read them: the const C data
 * holds a list of one for a single array value, and the character of a
 * one-character string given for a char16. */
static void test_instance_values_converted(void **state)
{
    (void)state;
    char *dir = test_temp_dir();
    run_result r = generate_text(dir, "Q.mof", "class Q { [Key] uint32 K; uint16 T[]; char16 C; };\n"
                                               "instance of Q { K = 1; T = 3; C = \"x\"; };\n");
    assert_int_equal(r.status, 0);
    assert_contains(r.diagnostics, "Q.mof:2:28: warning: 'T' is an array, given a single value");
    assert_contains(r.diagnostics, "Q.mof:2:35: warning: a string for char16 property 'C'");
    run_result_free(&r);
    char *c = path_in(dir, "Q.c");
    char *text = test_read_file(c, NULL);
    assert_contains(text, "    .T = (uint16_t[]){ UINT64_C(3) },\n    .T_count = 1,\n    .C = 120,\n");
    free(text);
    free(c);
    free(dir);
}

/* tests/data/real_world.mof, every dialect warning of real-world MOF at
 * once: warnings only, and C that compiles. */
static void test_real_world_dialect(void **state)
{
    (void)state;
    char *dir = test_temp_dir();
    const char *inputs[] = {"tests/data/real_world.mof"};
    mofgen_options opts = {.inputs = inputs, .input_count = 1, .output_dir = dir};
    run_result r = test_run(&opts, NULL);
    assert_int_equal(r.status, 0);
    assert_int_equal(r.errors, 0);
    const char *names[] = {"[-Wvalue-map]", "[-Wqualifier-type]", "[-Wscalar-for-array]", "[-Wstring-for-char16]",
                           "[-Wundeclared-superclass]", "[-Winstance-value]"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        assert_contains(r.diagnostics, names[i]);
    run_result_free(&r);
    assert_int_equal(compile_strict(dir, "RW_Setting.c RW_Part.c RW_Link.c"), 0);
    free(dir);
}

/* BitMap/BitValues become flag constants with name lookups; the property
 * keeps its integer, so a flag is tested with '&'. */
static void test_bit_map_flags(void **state)
{
    (void)state;
    char *dir = test_temp_dir();
    run_result r = generate_text(dir, "F.mof",
                                 "class F { [BitMap{\"0\", \"5\", \"31\"}, BitValues{\"FIRST\", \"Sixth bit\", \"TOP\"}]\n"
                                 "  uint32 Flags; };\n");
    assert_int_equal(r.status, 0);
    run_result_free(&r);
    char *header_path = path_in(dir, "F.h");
    char *header = test_read_file(header_path, NULL);
    free(header_path);
    assert_contains(header, "#define F_Flags_FIRST (UINT64_C(1) << 0)\n");
    assert_contains(header, "#define F_Flags_Sixth_bit (UINT64_C(1) << 5) /* Sixth bit */\n");
    assert_contains(header, "const char *F_Flags_flag_name(unsigned bit);");
    assert_contains(header, "bool F_Flags_flag_from_name(const char *name, unsigned *bit);");
    free(header);
    free(test_write_file(dir, "use.c", "#include \"F.h\"\n#include <string.h>\n"
                                       "int f(void) { F x; F_init(&x); F_set_Flags(&x, (uint32_t)(F_Flags_TOP | F_Flags_FIRST));\n"
                                       "  unsigned bit = 0;\n"
                                       "  return (F_get_Flags(&x) & F_Flags_TOP) != 0 && F_Flags_flag_from_name(\"sixth BIT\", &bit) &&\n"
                                       "         bit == 5 && strcmp(F_Flags_flag_name(31), \"TOP\") == 0 && !F_Flags_flag_name(1); }\n"));
    assert_int_equal(compile_strict(dir, "use.c F.c"), 0);
    free(dir);
}

/* Presence in plain sight: a `bool has_X` member beside each scalar that
 * cannot say "absent", named clear of any property called has_X; pointers
 * and arrays none, and a present empty array is a non-NULL pointer. */
static void test_presence_members(void **state)
{
    (void)state;
    char *dir = test_temp_dir();
    run_result r = generate_text(dir, "pm.mof",
                                 "class PM { [Key] uint32 Id; string has_Id; uint8 E[]; datetime T; char16 C; PM REF R; };\n"
                                 "instance of PM { Id = 1; E = {}; };\n");
    assert_int_equal(r.status, 0);
    run_result_free(&r);
    char *h_path = path_in(dir, "PM.h"), *c_path = path_in(dir, "PM.c");
    char *h = test_read_file(h_path, NULL), *c = test_read_file(c_path, NULL);
    assert_contains(h, "    uint32_t Id;\n    bool has_Id; /**< Id is set */\n");
    assert_contains(h, "    char *has_Id_2;\n");
    assert_contains(h, "    size_t E_count; /**< number of elements in E */\n    /**");
    assert_contains(h, "    bool has_T; /**< T is set */\n");
    assert_contains(h, "    bool has_C; /**< C is set */\n");
    assert_not_contains(h, "bool has_R");
    assert_contains(c, "offsetof(PM, Id), 0, offsetof(PM, has_Id),");
    assert_contains(c, "offsetof(PM, E), offsetof(PM, E_count), MOFRT_NO_HAS,");
    assert_contains(c, "    .Id = UINT64_C(1),\n    .has_Id = true,\n    .E = (uint8_t[1]){0},\n    .E_count = 0,\n};");
    assert_contains(c, "    return obj->has_Id;\n");
    assert_contains(c, "    return obj->has_Id_2 != NULL;\n");
    free(h);
    free(c);
    free(h_path);
    free(c_path);
    free(dir);
}

/* In const instances a reference given as an alias is the object path of
 * the instance it names; a value C data cannot hold is left out with a
 * warning, not silently. */
static void test_instance_references_as_paths(void **state)
{
    (void)state;
    char *dir = test_temp_dir();
    run_result r = generate_text(dir, "al.mof",
                                 "class Base { [Key] string Id; [Key] uint32 N; };\nclass Inner { [Key] uint32 K; };\n"
                                 "[Association] class L { [Key] Base REF A; [Key] Base REF B; Inner E; };\n"
                                 "instance of Base as $b { Id = \"x\\\"y\"; N = 3; };\n"
                                 "instance of Base as $c { Id = \"c\"; N = 4; };\n"
                                 "instance of Inner as $i { K = 1; };\n"
                                 "instance of L { A = $b; B = $c; E = $i; };\n");
    assert_int_equal(r.status, 0);
    assert_contains(r.diagnostics, "al.mof:7:37: warning: the value of 'E' has no constant C form; L_instance_1 leaves it "
                                   "absent [-Winstance-value]");
    run_result_free(&r);
    char *c = path_in(dir, "L.c");
    char *text = test_read_file(c, NULL);
    assert_contains(text, "    .A = \"Base.Id=\\\"x\\\\\\\"y\\\",N=3\",\n");
    assert_contains(text, "    .B = \"Base.Id=\\\"c\\\",N=4\",\n");
    assert_contains(text, "    .B = \"Base.Id=\\\"c\\\",N=4\",\n};\n"); /* references: present when not NULL */
    assert_not_contains(text, "    .has_");
    free(text);
    free(c);
    free(dir);
}

/* A file that declares nothing (found by fuzz/fuzz_parser): no files, no
 * error. */
static void test_empty_input(void **state)
{
    (void)state;
    char *dir = test_temp_dir();
    char *mof = test_write_file(dir, "empty.mof", "// nothing here\n");
    const char *inputs[] = {mof};
    char *out = path_in(dir, "out");
    mofgen_options opts = {.inputs = inputs, .input_count = 1, .output_dir = out};
    run_result r = test_run(&opts, NULL);
    assert_int_equal(r.status, 0);
    assert_string_equal(r.diagnostics, "");
    struct stat st;
    assert_int_not_equal(stat(out, &st), 0);
    run_result_free(&r);
    free(out);
    free(mof);
    free(dir);
}

/* A method's return ValueMap and its parameters' get C enums and name
 * lookups like properties': return codes can be named from C. */
static void test_method_value_maps_named(void **state)
{
    (void)state;
    char *dir = test_temp_dir();
    run_result r = generate_text(dir, "p.mof",
                                 "class P { [ValueMap{\"0\", \"1\"}, Values{\"OK\", \"Fail\"}] uint32 Do(\n"
                                 "  [In, ValueMap{\"1\", \"2\"}, Values{\"x\", \"y\"}] uint16 Mode); };\n");
    assert_int_equal(r.status, 0);
    run_result_free(&r);
    free(test_write_file(dir, "use.c", "#include \"P.h\"\n#include <string.h>\n"
                                       "int f(void) { P_Do_out_ReturnValue r = P_Do_out_ReturnValue_Fail; uint16_t v = 0;\n"
                                       "  return (int)r + P_Do_in_Mode_y + P_Do_in_Mode_from_name(\"X\", &v) +\n"
                                       "         (strcmp(P_Do_out_ReturnValue_name(0), \"OK\") == 0); }\n"));
    assert_int_equal(compile_strict(dir, "use.c P.c"), 0);
    free(dir);
}

/* A class wider than any fixed buffer: an instance value past property
 * 8,192 is kept (it was dropped, and read past a stack array). */
static void test_wide_class_instance(void **state)
{
    (void)state;
    char *dir = test_temp_dir();
    size_t size = 200000, used = 0;
    char *mof = malloc(size);
    used += (size_t)snprintf(mof + used, size - used, "class Wide { [Key] uint32 p0;");
    for (int i = 1; i < 8300; i++)
        used += (size_t)snprintf(mof + used, size - used, " uint8 p%d;", i);
    snprintf(mof + used, size - used, " };\ninstance of Wide { p0 = 1; p8250 = 7; };\n");
    char *path = test_write_file(dir, "wide.mof", mof);
    const char *inputs[] = {path};
    mofgen_options opts = {.inputs = inputs, .input_count = 1, .output_dir = dir};
    run_result r = test_run(&opts, NULL);
    assert_int_equal(r.status, 0);
    char *c = path_in(dir, "Wide.c");
    char *text = test_read_file(c, NULL);
    assert_non_null(text);
    assert_non_null(strstr(text, "\n    .p8250 = "));
    assert_non_null(strstr(text, "\n    .p8250 = UINT64_C(7),\n    .has_p8250 = true,\n};"));
    free(text);
    free(c);
    run_result_free(&r);
    free(path);
    free(mof);
    free(dir);
}

/* --depfile: a Makefile rule naming every file read, includes and
 * overriding templates too, escaped for make; nothing with --check or on
 * error. */
static void test_depfile(void **state)
{
    (void)state;
    char *dir = test_temp_dir();
    char *sub = path_in(dir, "a b#1");
    assert_int_equal(mkdir(sub, 0777), 0);
    char *mof = test_write_file(sub, "main.mof", "#pragma include (\"part.mof\")\nclass Main : Part { };\n");
    char *part = test_write_file(sub, "part.mof", "class Part { uint32 X; };\n");
    char *tdir = test_temp_dir();
    char *banner = test_write_file(tdir, "banner.tmpl", "/* {{class.name}} */\n");
    char *out = path_in(dir, "out");
    char *depfile = path_in(dir, "deps/main.d");
    const char *inputs[] = {mof};
    mofgen_options opts = {.inputs = inputs, .input_count = 1, .output_dir = out, .template_dir = tdir,
                           .depfile = depfile, .depfile_target = "gen stamp", .check = true};
    run_result r = test_run(&opts, NULL);
    assert_int_equal(r.status, 1); /* --check: every file would change, and no depfile is written */
    assert_null(test_read_file(depfile, NULL));
    run_result_free(&r);
    opts.check = false;
    r = test_run(&opts, NULL);
    assert_int_equal(r.status, 0);
    char real_dir[4096], real_tdir[4096], expected[16384];
    assert_non_null(realpath(dir, real_dir));
    assert_non_null(realpath(tdir, real_tdir));
    snprintf(expected, sizeof expected, "gen stamp: \\\n %s/a\\ b\\#1/main.mof \\\n %s/a\\ b\\#1/part.mof \\\n %s/banner.tmpl\n",
             real_dir, real_dir, real_tdir);
    char *text = test_read_file(depfile, NULL);
    assert_non_null(text);
    assert_string_equal(text, expected);
    free(text);
    run_result_free(&r);
    /* An error writes nothing, the depfile included. */
    assert_int_equal(unlink(depfile), 0);
    free(test_write_file(sub, "part.mof", "class Part { UIt32 X; };\n"));
    r = test_run(&opts, NULL);
    assert_int_equal(r.status, 1);
    assert_null(test_read_file(depfile, NULL));
    run_result_free(&r);
    free(depfile);
    free(out);
    free(banner);
    free(tdir);
    free(part);
    free(mof);
    free(sub);
    free(dir);
}

/* Instances of known classes become const C data; methods become
 * parameter structs and a prototype.  The result compiles as strict C99. */
static void test_instances_and_methods(void **state)
{
    (void)state;
    char *dir = test_temp_dir();
    char *mof = test_write_file(dir, "inst.mof",
                                "class Thing { [Key] uint32 Id; string Name; uint8 Bytes[]; datetime When; real64 Ratio;\n"
                                "  boolean On; sint16 Neg; string Tags[];\n"
                                "  uint32 Rename([IN] string NewName, [IN, OUT] uint32 Tries, [OUT] string Old);\n"
                                "  uint32 free(); uint32 get_Name(); };\n"
                                "instance of Thing as $first { Id = 1; Name = \"one \\\"q\\\"\"; Bytes = {1, 2, 0x10};\n"
                                "  When = \"20160920123456.000000+000\"; Ratio = 0.5; On = true; Neg = -3; Tags = {\"a\", \"b\"}; };\n"
                                "instance of Thing { Id = 2; };\n");
    const char *inputs[] = {mof};
    mofgen_options opts = {.inputs = inputs, .input_count = 1, .output_dir = dir};
    run_result r = test_run(&opts, NULL);
    assert_int_equal(r.status, 0);
    char *c_path = path_in(dir, "Thing.c"), *h_path = path_in(dir, "Thing.h");
    char *c = test_read_file(c_path, NULL), *h = test_read_file(h_path, NULL);
    assert_contains(h, "extern const Thing Thing_instance_first;");
    assert_contains(c, "const Thing Thing_instance_first = {\n    .Id = UINT64_C(1),\n    .has_Id = true,\n"
                       "    .Name = \"one \\\"q\\\"\",\n"
                       "    .Bytes = (uint8_t[]){ UINT64_C(1), UINT64_C(2), UINT64_C(16) },\n    .Bytes_count = 3,\n");
    assert_contains(c, "    .Neg = -INT64_C(3),\n    .has_Neg = true,\n");
    assert_contains(c, "    .Tags = (char *[]){ \"a\", \"b\" },\n    .Tags_count = 2,\n};");
    assert_contains(c, "const Thing Thing_instance_2 = {");
    assert_contains(h, "typedef struct Thing_Rename_in {\n    char *NewName; /**< string */\n    uint32_t Tries; /**< uint32 */");
    assert_contains(h, "typedef struct Thing_Rename_out {\n    uint32_t ReturnValue; /**< uint32 */\n    bool has_ReturnValue;\n"
                       "    uint32_t Tries;");
    assert_contains(h, "int Thing_Rename(const Thing *self, const Thing_Rename_in *in, Thing_Rename_out *out);");
    /* Methods named like generated functions get names of their own. */
    assert_contains(h, "int Thing_free_2(const Thing *self, const Thing_free_2_in *in, Thing_free_2_out *out);");
    assert_contains(h, "int Thing_get_Name_2(const Thing *self,");
    char command[1024];
    snprintf(command, sizeof command,
             "cc -std=c99 -Wall -Wextra -Wpedantic -Werror -I'%s' -I'%s/src/runtime' -c '%s' -o '%s/Thing.o'", dir,
             MOFGEN_SOURCE_DIR, c_path, dir);
    assert_int_equal(system(command), 0);
    free(c);
    free(h);
    free(c_path);
    free(h_path);
    run_result_free(&r);
    free(mof);
    free(dir);
}

/* Every place a class can be embedded (a property, an array, a method's
 * return value as OMI's PersonProvider schema writes it, an IN, an OUT and
 * an IN/OUT parameter) makes the bindings include that class's header, so
 * the class's C compiles on its own; references name their class only as
 * a string. */
static void test_embedded_classes_everywhere_included(void **state)
{
    (void)state;
    char *dir = test_temp_dir();
    static const char *const embedded[] = {"Address", "Badge", "Tag", "Phone", "Note", "Card", "Link"};
    run_result r = generate_text(dir, "person.mof",
                                 "class Address { string Street; };\n"
                                 "class Badge { uint32 Number; };\n"
                                 "class Tag { string Text; };\n"
                                 "class Phone { string Number; };\n"
                                 "class Note { string Text; };\n"
                                 "class Card { string Id; };\n"
                                 "class Link { string Url; };\n"
                                 "class Person {\n"
                                 "  [Key] string Name;\n"
                                 "  Badge B;\n"
                                 "  [EmbeddedInstance(\"Tag\")] string Tags[];\n"
                                 "  Person REF Friend;\n"
                                 "  [EmbeddedInstance(\"Address\")] String GetAddress();\n"
                                 "  uint32 Call([IN, EmbeddedInstance(\"Phone\")] string Via,\n"
                                 "              [OUT, EmbeddedInstance(\"Note\")] string Notes[],\n"
                                 "              [IN, OUT, EmbeddedInstance(\"Card\")] string Card,\n"
                                 "              [OUT] Link Where);\n"
                                 "};\n");
    assert_int_equal(r.status, 0);
    char *h_path = path_in(dir, "Person.h"), *c_path = path_in(dir, "Person.c");
    char *h = test_read_file(h_path, NULL), *c = test_read_file(c_path, NULL);
    for (size_t i = 0; i < sizeof embedded / sizeof embedded[0]; i++) {
        char line[64];
        snprintf(line, sizeof line, "#include \"%s.h\"\n", embedded[i]);
        assert_contains(c, line);
        snprintf(line, sizeof line, "struct %s;\n", embedded[i]);
        assert_contains(h, line);
    }
    assert_int_equal(compile_strict(dir, "Person.c"), 0);
    run_result_free(&r);
    /* --class must name the class a return value embeds too. */
    char *mof = path_in(dir, "person.mof");
    const char *inputs[] = {mof};
    const char *const classes[] = {"Person", "Badge", "Tag", "Phone", "Note", "Card", "Link"};
    mofgen_options opts = {.inputs = inputs, .input_count = 1, .output_dir = dir, .classes = classes,
                           .class_count = sizeof classes / sizeof classes[0]};
    r = test_run(&opts, NULL);
    assert_int_equal(r.status, 1);
    assert_contains(r.diagnostics, "--class Person: its bindings embed class 'Address' and include Address.h");
    free(mof);
    free(h);
    free(c);
    free(h_path);
    free(c_path);
    run_result_free(&r);
    free(dir);
}

/* One class name in two namespaces (a WMI schema and its .mfl
 * amendment): an error naming both, and nothing written, until the user
 * picks one namespace (--namespace) or prefixes C names with the
 * namespace (--namespace-prefix); each choice compiles. */
static const char namespaces_mof[] = "class Part { string Serial; };\n"
                                     "class Box { [Key] string Id; Part Inside; };\n"
                                     "#pragma namespace(\"\\\\\\\\.\\\\root\\\\cimv2\")\n"
                                     "class Part { uint32 Weight; };\n"
                                     "class Box { [Key] string Id; Part Inside; };\n";

static run_result generate_namespaces(const char *dir, const char *ns, bool prefix, const char *const *classes,
                                      size_t class_count)
{
    char *mof = test_write_file(dir, "ns.mof", namespaces_mof);
    const char *inputs[] = {mof};
    mofgen_options opts = {.inputs = inputs, .input_count = 1, .output_dir = dir, .namespace_name = ns,
                           .namespace_prefix = prefix, .classes = classes, .class_count = class_count};
    run_result r = test_run(&opts, NULL);
    free(mof);
    return r;
}

static void test_namespace_choices(void **state)
{
    (void)state;
    char *dir = test_temp_dir();
    run_result r = generate_namespaces(dir, NULL, false, NULL, 0);
    assert_int_equal(r.status, 1);
    assert_contains(r.diagnostics, "ns.mof:4:7: error: class 'Part' of namespace root\\cimv2 and class 'Part' of "
                                   "namespace root\\default would both be written to Part.h and Part.c; emit one "
                                   "namespace with --namespace NS, or give C names their namespace with "
                                   "--namespace-prefix");
    assert_contains(r.diagnostics, "ns.mof:1:7: note: 'Part' of namespace root\\default is declared here");
    char *part_h = path_in(dir, "Part.h");
    assert_null(test_read_file(part_h, NULL));
    run_result_free(&r);

    /* --namespace, spelled any way #pragma namespace could: that one only. */
    r = generate_namespaces(dir, "root/CIMV2", false, NULL, 0);
    assert_int_equal(r.status, 0);
    char *h = test_read_file(part_h, NULL);
    assert_non_null(h);
    assert_contains(h, "uint32_t Weight;");
    free(h);
    assert_int_equal(compile_strict(dir, "Box.c Part.c"), 0);
    run_result_free(&r);
    r = generate_namespaces(dir, "\\\\.\\root\\cimv2", false, (const char *const[]){"Part"}, 1);
    assert_int_equal(r.status, 0);
    run_result_free(&r);
    r = generate_namespaces(dir, "root\\wmi", false, NULL, 0);
    assert_int_equal(r.status, 1);
    assert_contains(r.diagnostics, "--namespace root\\wmi: the input declares no class in that namespace (it declares "
                                   "classes in root\\default, root\\cimv2)");
    run_result_free(&r);
    r = generate_namespaces(dir, "root\\cimv2", false, (const char *const[]){"Nothing"}, 1);
    assert_int_equal(r.status, 1);
    assert_contains(r.diagnostics, "--class Nothing: the input declares no such class in namespace root\\cimv2");
    run_result_free(&r);

    /* --namespace-prefix: both, each Box embedding its own namespace's Part. */
    char *dir2 = test_temp_dir();
    r = generate_namespaces(dir2, NULL, true, NULL, 0);
    assert_int_equal(r.status, 0);
    char *box_path = path_in(dir2, "root_cimv2_Box.c");
    char *box = test_read_file(box_path, NULL);
    assert_non_null(box);
    assert_contains(box, "#include \"root_cimv2_Part.h\"\n");
    assert_contains(box, "&root_cimv2_Part_class");
    assert_not_contains(box, "root_default_Part");
    assert_int_equal(compile_strict(dir2, "root_cimv2_Box.c root_cimv2_Part.c root_default_Box.c root_default_Part.c"), 0);
    free(box);
    free(box_path);
    run_result_free(&r);
    free(part_h);
    free(dir);
    free(dir2);
}

/* An abstract class has no instances: its struct gets no readers, so
 * decoding into one does not compile; its concrete subclass reads as usual. */
static void test_abstract_class_has_no_readers(void **state)
{
    (void)state;
    char *dir = test_temp_dir();
    run_result r = generate_text(dir, "abs.mof", "[Abstract] class Base { [Key] uint32 Id; };\n"
                                                 "class Leaf : Base { string Name; };\n");
    assert_int_equal(r.status, 0);
    run_result_free(&r);
    char *base_h = path_in(dir, "Base.h"), *leaf_h = path_in(dir, "Leaf.h");
    char *base = test_read_file(base_h, NULL), *leaf = test_read_file(leaf_h, NULL);
    assert_not_contains(base, "Base_read_json");
    assert_not_contains(base, "Base_read_mof");
    assert_contains(base, "Base is abstract: it has no instances");
    assert_contains(base, "int Base_to_json(");
    assert_contains(leaf, "int Leaf_read_json(");
    assert_contains(leaf, "int Leaf_read_mof(");
    free(base);
    free(leaf);
    free(base_h);
    free(leaf_h);
    free(test_write_file(dir, "leaf_use.c", "#include \"Leaf.h\"\n"
                                            "int use(mofrt_reader *in, Leaf *x, mofrt_error *e) { return Leaf_read_json(in, x, 0, e); }\n"));
    assert_int_equal(compile_strict(dir, "Base.c Leaf.c leaf_use.c"), 0);
    free(test_write_file(dir, "base_use.c", "#include \"Base.h\"\n"
                                            "int use(mofrt_reader *in, Base *x, mofrt_error *e) { return Base_read_json(in, x, 0, e); }\n"));
    assert_int_not_equal(compile_strict(dir, "base_use.c 2>/dev/null"), 0);
    free(dir);
}


/* Every file of DIR_A is in DIR_B with the same bytes, and no more files. */
static void assert_same_trees(const char *dir_a, const char *dir_b)
{
    size_t files = 0;
    DIR *d = opendir(dir_a);
    assert_non_null(d);
    for (struct dirent *e; (e = readdir(d)) != NULL;) {
        if (e->d_name[0] == '.')
            continue;
        char *pa = path_in(dir_a, e->d_name), *pb = path_in(dir_b, e->d_name);
        size_t la, lb;
        char *a = test_read_file(pa, &la), *b = test_read_file(pb, &lb);
        assert_non_null(a);
        if (!b || la != lb || memcmp(a, b, la) != 0)
            fail_msg("%s and %s differ", pa, pb);
        free(a);
        free(b);
        free(pa);
        free(pb);
        files++;
    }
    closedir(d);
    d = opendir(dir_b);
    assert_non_null(d);
    for (struct dirent *e; (e = readdir(d)) != NULL;)
        files -= e->d_name[0] != '.';
    closedir(d);
    assert_int_equal(files, 0);
}

/* The built-in templates are rendered by the C they were compiled to
 * (template_compile.c), or with template_trees from their parsed trees:
 * both give the same bytes, for schemas that use every template
 * (ValueMaps, BitMaps, methods, embedded objects, instances, notes on
 * ValueMaps). */
static void test_compiled_templates_render_as_trees(void **state)
{
    (void)state;
    static const char *const inputs[] = {"schema/SMS_DistributionJob.mof", "tests/data/all_types.mof",
                                         "tests/data/methods.mof", "tests/data/real_world.mof",
                                         "tests/data/wmi_dialect.mof", "tests/data/tour.mof"};
    for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
        char *compiled = test_temp_dir(), *tree = test_temp_dir();
        const char *one[] = {inputs[i]};
        mofgen_options opts = {.inputs = one, .input_count = 1, .output_dir = compiled};
        run_result r = test_run(&opts, NULL);
        assert_int_equal(r.status, 0);
        run_result_free(&r);
        opts.output_dir = tree;
        opts.template_trees = true;
        r = test_run(&opts, NULL);
        assert_int_equal(r.status, 0);
        run_result_free(&r);
        assert_same_trees(compiled, tree);
        free(compiled);
        free(tree);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_generated_dir_is_up_to_date),
        cmocka_unit_test(test_output_is_deterministic),
        cmocka_unit_test(test_unchanged_files_are_not_rewritten),
        cmocka_unit_test(test_nothing_written_on_error),
        cmocka_unit_test(test_template_override),
        cmocka_unit_test(test_compiled_templates_render_as_trees),
        cmocka_unit_test(test_depfile),
        cmocka_unit_test(test_c_spellings_override),
        cmocka_unit_test(test_identifiers_stay_valid),
        cmocka_unit_test(test_reserved_words_found),
        cmocka_unit_test(test_reserved_names_get_a_prefix),
        cmocka_unit_test(test_wide_class_instance),
        cmocka_unit_test(test_method_value_maps_named),
        cmocka_unit_test(test_empty_input),
        cmocka_unit_test(test_presence_members),
        cmocka_unit_test(test_instance_references_as_paths),
        cmocka_unit_test(test_wide_value_map_macros),
        cmocka_unit_test(test_unpaired_value_maps),
        cmocka_unit_test(test_real_world_dialect),
        cmocka_unit_test(test_instance_values_converted),
        cmocka_unit_test(test_instance_of_incomplete_class),
        cmocka_unit_test(test_bit_map_flags),
        cmocka_unit_test(test_symbols_across_classes),
        cmocka_unit_test(test_instances_and_methods),
        cmocka_unit_test(test_embedded_classes_everywhere_included),
        cmocka_unit_test(test_namespace_choices),
        cmocka_unit_test(test_abstract_class_has_no_readers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
