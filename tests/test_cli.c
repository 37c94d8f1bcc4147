/*
 * test_cli.c - the mofgen and distjob executables as a user runs them:
 * exit statuses, --help, usage errors, and distjob's conversions.
 */
#include "support.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

/* Runs a shell command; returns its exit status and its output (stdout and
 * stderr together) in *output. */
static int run(const char *command, char **output)
{
    char *full = malloc(strlen(command) + 16);
    sprintf(full, "%s 2>&1", command);
    FILE *p = popen(full, "r");
    assert_non_null(p);
    size_t cap = 4096, n = 0, got;
    char *text = malloc(cap + 1);
    while ((got = fread(text + n, 1, cap - n, p)) > 0) {
        n += got;
        if (n == cap)
            text = realloc(text, (cap *= 2) + 1);
    }
    text[n] = '\0';
    int status = pclose(p);
    free(full);
    *output = text;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

#define MOFGEN MOFGEN_BINARY_DIR "/mofgen"
#define DISTJOB MOFGEN_BINARY_DIR "/examples/distjob"

static void test_mofgen_exit_statuses(void **state)
{
    (void)state;
    char *out;
    assert_int_equal(run(MOFGEN " --help", &out), 0);
    assert_contains(out, "Usage: mofgen [OPTIONS] FILE.mof...");
    assert_contains(out, "extra-semi");
    free(out);
    assert_int_equal(run(MOFGEN " --version", &out), 0);
    assert_contains(out, "mofgen 0.");
    free(out);
    assert_int_equal(run(MOFGEN, &out), 2);
    assert_contains(out, "mofgen: error: no input files");
    free(out);
    assert_int_equal(run(MOFGEN " --frobnicate x.mof", &out), 2);
    assert_contains(out, "unknown option '--frobnicate'");
    free(out);
    assert_int_equal(run(MOFGEN " -Wno-such-warning x.mof", &out), 2);
    free(out);
    assert_int_equal(run(MOFGEN " -o", &out), 2);
    assert_contains(out, "option '-o' needs a value");
    free(out);
    assert_int_equal(run(MOFGEN " --syntax-only does-not-exist.mof", &out), 1);
    assert_contains(out, "cannot read 'does-not-exist.mof'");
    free(out);
    assert_int_equal(run(MOFGEN " --syntax-only tests/data/SMS_DistributionJob.simplified.mof", &out), 0);
    assert_contains(out, "[-Wextra-semi]");
    free(out);
    assert_int_equal(run(MOFGEN " --syntax-only -Werror tests/data/SMS_DistributionJob.simplified.mof", &out), 1);
    free(out);
    assert_int_equal(run(MOFGEN " --check -o generated schema/SMS_BaseClass.mof schema/SMS_DistributionJob.mof", &out), 0);
    free(out);
    assert_int_equal(run(MOFGEN " --check --class SMS_DistributionJb -o generated schema/SMS_BaseClass.mof "
                                "schema/SMS_DistributionJob.mof", &out), 1);
    assert_contains(out, "mofgen: error: --class SMS_DistributionJb: the input declares no such class");
    free(out);
    /* --class B without the class B embeds: B.c would include a missing C.h. */
    char *dir = test_temp_dir();
    char *mof = test_write_file(dir, "dep.mof", "class C { uint8 X; };\nclass B { C Inner; };\n");
    char command[1024];
    snprintf(command, sizeof command, MOFGEN " --check --class B -o '%s' '%s'", dir, mof);
    assert_int_equal(run(command, &out), 1);
    assert_contains(out, "mofgen: error: --class B: its bindings embed class 'C' and include C.h; add --class C");
    free(out);
    free(mof);
    free(dir);
}

/* mofgen import-doc as a user runs it: usage errors, the page imported,
 * its MOF then compiled by mofgen. */
static void test_import_doc_command(void **state)
{
    (void)state;
    char *out;
    assert_int_equal(run(MOFGEN " import-doc", &out), 2);
    assert_contains(out, "mofgen: error: import-doc: no pages named");
    free(out);
    assert_int_equal(run(MOFGEN " import-doc --frobnicate x.md", &out), 2);
    assert_contains(out, "import-doc: unknown option '--frobnicate'");
    free(out);
    assert_int_equal(run(MOFGEN " import-doc --help", &out), 0);
    assert_contains(out, "mofgen import-doc [-o DIR] [-W...] PAGE.md...");
    free(out);
}

/* The seed page imports, warns about its misplaced table, is refused by
 * --strict, and gives MOF that compiles.  It needs ../shared beside the
 * clone: without it the test says so and is reported skipped. */
static void test_import_doc_seed(void **state)
{
    (void)state;
    FILE *seed = fopen("../shared/seed/SMS_DistributionJob.md", "rb");
    if (!seed) {
        fprintf(stderr, "SKIP test_import_doc_seed: ../shared/seed/SMS_DistributionJob.md is not beside the clone\n");
        skip();
    }
    fclose(seed);
    char *out;
    char *dir = test_temp_dir();
    char command[1024];
    snprintf(command, sizeof command, MOFGEN " import-doc -o '%s' ../shared/seed/SMS_DistributionJob.md", dir);
    assert_int_equal(run(command, &out), 0);
    assert_contains(out, "[-Wdoc-table]");
    free(out);
    snprintf(command, sizeof command, MOFGEN " import-doc --strict -o '%s/strict' ../shared/seed/SMS_DistributionJob.md", dir);
    assert_int_equal(run(command, &out), 1);
    free(out);
    snprintf(command, sizeof command, MOFGEN " -w --syntax-only '%s/SMS_DistributionJob.mof'", dir);
    assert_int_equal(run(command, &out), 0);
    free(out);
    free(dir);
}

/* Option values are checked, and the warning switches behave as in gcc. */
static void test_option_values_and_switches(void **state)
{
    (void)state;
    char *out;
    assert_int_equal(run(MOFGEN " --help", &out), 0);
    assert_contains(out, "-Wno-error=NAME");
    free(out);
    assert_int_equal(run(MOFGEN " --syntax-only --template-dir /nonexistent/templates schema/SMS_BaseClass.mof", &out), 2);
    assert_contains(out, "mofgen: error: --template-dir: the folder '/nonexistent/templates' does not exist");
    free(out);
    assert_int_equal(run(MOFGEN " --syntax-only --template-dir schema/SMS_BaseClass.mof schema/SMS_BaseClass.mof", &out), 2);
    free(out);
    assert_int_equal(run(MOFGEN " --syntax-only --template-dir templates schema/SMS_BaseClass.mof", &out), 0);
    free(out);
    assert_int_equal(run(MOFGEN " --syntax-only --max-errors 99999999999 schema/SMS_BaseClass.mof", &out), 2);
    assert_contains(out, "mofgen: error: --max-errors: '99999999999' is too large");
    free(out);
    assert_int_equal(run(MOFGEN " --syntax-only --max-errors -1 schema/SMS_BaseClass.mof", &out), 2);
    free(out);
    assert_int_equal(run(MOFGEN " --syntax-only --max-errors=' 5' schema/SMS_BaseClass.mof", &out), 2);
    free(out);
    assert_int_equal(run(MOFGEN " --syntax-only --max-errors 4294967295 schema/SMS_BaseClass.mof", &out), 0);
    free(out);
    assert_int_equal(run(MOFGEN " --help", &out), 0);
    assert_contains(out, "--namespace NS");
    assert_contains(out, "--namespace-prefix");
    free(out);
    assert_int_equal(run(MOFGEN " --check --namespace", &out), 2);
    assert_contains(out, "option '--namespace' needs a value");
    free(out);
    /* The default namespace by any spelling; --namespace-prefix is a switch, not --namespace's value. */
    assert_int_equal(run(MOFGEN " --check -o generated --namespace='\\\\.\\root\\default' schema/SMS_BaseClass.mof "
                                "schema/SMS_DistributionJob.mof", &out), 0);
    free(out);
    assert_int_equal(run(MOFGEN " --check -o generated --namespace-prefix --namespace root/default "
                                "schema/SMS_BaseClass.mof schema/SMS_DistributionJob.mof", &out), 1);
    assert_contains(out, "root_default_SMS_BaseClass.h");
    free(out);
    assert_int_equal(run(MOFGEN " --check --namespace // schema/SMS_BaseClass.mof", &out), 1);
    assert_contains(out, "mofgen: error: --namespace '//' names no namespace");
    free(out);

    /* The limits on hostile input, and their values. */
    assert_int_equal(run(MOFGEN " --help", &out), 0);
    assert_contains(out, "--max-depth N");
    assert_contains(out, "--max-input-size N");
    assert_contains(out, "--max-warnings N");
    assert_contains(out, "2 a usage error, 3 out of memory.");
    free(out);
    assert_int_equal(run(MOFGEN " --syntax-only --max-depth 0 schema/SMS_BaseClass.mof", &out), 2);
    assert_contains(out, "mofgen: error: --max-depth must be at least 1");
    free(out);
    assert_int_equal(run(MOFGEN " --syntax-only --max-input-size 2X schema/SMS_BaseClass.mof", &out), 2);
    assert_contains(out, "mofgen: error: --max-input-size takes a number (K, M, G allowed), not '2X'");
    free(out);
    assert_int_equal(run(MOFGEN " --syntax-only --max-input-size 99999999999G schema/SMS_BaseClass.mof", &out), 2);
    assert_contains(out, "mofgen: error: --max-input-size: '99999999999G' is too large");
    free(out);
    assert_int_equal(run(MOFGEN " --syntax-only --max-input-size=1K /dev/zero", &out), 1);
    assert_contains(out, "mofgen: error: cannot read '/dev/zero': the input is over the limit of 1 KiB");
    free(out);
    assert_int_equal(run(MOFGEN " --syntax-only --max-input-size 1M --max-depth=3 --max-warnings 0 "
                                "schema/SMS_BaseClass.mof", &out), 0);
    free(out);

    /* -w wins over -Werror, in either order: no warnings, so no errors. */
    assert_int_equal(run(MOFGEN " --syntax-only -w -Werror tests/data/SMS_DistributionJob.simplified.mof", &out), 0);
    assert_string_equal(out, "");
    free(out);
    assert_int_equal(run(MOFGEN " --syntax-only -Werror=extra-semi -w tests/data/SMS_DistributionJob.simplified.mof", &out), 0);
    assert_string_equal(out, "");
    free(out);
    /* --strict makes the quirks errors, which -w does not hide. */
    assert_int_equal(run(MOFGEN " --syntax-only -w --strict tests/data/SMS_DistributionJob.simplified.mof", &out), 1);
    assert_contains(out, "error: extra ';' in the class body [-Wextra-semi, --strict]");
    free(out);
    /* -Wall and -Wextra, as gcc users type them: every warning on again. */
    assert_int_equal(run(MOFGEN " --syntax-only -Wno-extra-semi -Wall -Wextra tests/data/SMS_DistributionJob.simplified.mof",
                         &out), 0);
    assert_contains(out, "[-Wextra-semi]");
    free(out);

    /* After "too many errors", warnings stop too. */
    char *dir = test_temp_dir();
    char *mof = test_write_file(dir, "many.mof", "class A { uint32 X = ; };\nclass B { uint32 Y = ; };\n"
                                                 "class C { uint32 Z;; };\n");
    char command[1024];
    snprintf(command, sizeof command, MOFGEN " --syntax-only --max-errors 1 '%s'", mof);
    assert_int_equal(run(command, &out), 1);
    assert_contains(out, "mofgen: note: too many errors (1); not reporting more");
    assert_not_contains(out, "warning:");
    free(out);
    free(mof);
    free(dir);
}

static void test_dump_model(void **state)
{
    (void)state;
    char *out;
    assert_int_equal(run(MOFGEN " --dump-model schema/SMS_BaseClass.mof schema/SMS_DistributionJob.mof", &out), 0);
    assert_contains(out, "{\"name\": \"JobID\", \"type\": \"uint64\", \"class\": null, \"array\": \"none\", \"array_size\": 0, \"key\": true");
    assert_contains(out, "\"superclass\": \"SMS_BaseClass\"");
    free(out);
    assert_int_equal(run(MOFGEN " --dump-ast tests/data/SMS_DistributionJob.simplified.mof", &out), 0);
    assert_contains(out, "{\"kind\": \"property\", \"name\": \"RetryCount\", \"type\": \"UInt32\"");
    free(out);
    /* The model holds the instances and qualifier declarations too. */
    char *dir = test_temp_dir();
    char *mof = test_write_file(dir, "m.mof", "Qualifier Tag : string = null, Scope(class);\n"
                                              "[Tag(\"t\")] class A { [Key] uint32 K; };\ninstance of A as $a { K = 7; };\n");
    char command[1024];
    snprintf(command, sizeof command, MOFGEN " --dump-model '%s'", mof);
    assert_int_equal(run(command, &out), 0);
    assert_contains(out, "\"instances\": [\n  {\"class_known\": true, \"instance\": {\"kind\": \"instance\", \"class\": \"A\", "
                         "\"alias\": \"a\", \"properties\": [{\"name\": \"K\", \"value\": 7}]");
    assert_contains(out, "\"qualifier_declarations\": [\n  {\"kind\": \"qualifier\", \"name\": \"Tag\", \"type\": \"string\"");
    free(out);
    free(mof);
    free(dir);
}

static void test_distjob_converts_both_ways(void **state)
{
    (void)state;
    char *dir = test_temp_dir();
    char *input = test_write_file(dir, "in.jsonl",
                                  "{\"JobID\": 1, \"Action\": \"DISTSRC_ACTION_ADD\", \"NALPath\": \"\\\\\\\\dp\\\\x\"}\n"
                                  "{\"JobID\": 2, \"CreationTime\": \"2016-09-20T12:34:56Z\", \"State\": 5}\n");
    char command[2048], *out;
    snprintf(command, sizeof command, DISTJOB " convert --from json --to mof < '%s' > '%s/out.mof'", input, dir);
    assert_int_equal(run(command, &out), 0);
    free(out);
    snprintf(command, sizeof command, DISTJOB " convert --from mof --to json < '%s/out.mof'", dir);
    assert_int_equal(run(command, &out), 0);
    assert_string_equal(out, "{\"Action\":2,\"JobID\":1,\"NALPath\":\"\\\\\\\\dp\\\\x\"}\n"
                             "{\"CreationTime\":\"2016-09-20T12:34:56.000000+00:00\",\"JobID\":2,\"State\":5}\n");
    free(out);
    free(input);

    char *bad = test_write_file(dir, "bad.jsonl", "{\"JobID\": 1}\n{\"JobID\": 2}\n{\"JobID\": 3, \"State\": 42}\n");
    snprintf(command, sizeof command, DISTJOB " convert --from json --to json < '%s'", bad);
    assert_int_equal(run(command, &out), 1);
    assert_contains(out, "{\"JobID\":2}\n");
    assert_contains(out, "stdin:3:23: error: property 'State': 42 is not in the ValueMap (0, 1, 2, 3, 4, 5, 6, 7, 8)");
    free(out);
    free(bad);
    /* --keep-going reports each bad record where it is, skips it and goes
     * on; the exit status still says some were bad. */
    char *mixed = test_write_file(dir, "mixed.jsonl",
                                  "{\"JobID\": 1}\n{\"JobID\": 2, \"State\": 42}\n{\"JobID\": 3, \"Colour\": 1}\n"
                                  "{\"State\": 1}\n{\"JobID\": 5}\n");
    snprintf(command, sizeof command, DISTJOB " convert --from json --to json --keep-going < '%s'", mixed);
    assert_int_equal(run(command, &out), 1);
    assert_contains(out, "stdin:2:23: error: property 'State': 42 is not in the ValueMap");
    assert_contains(out, "stdin:3:14: error: property 'Colour': unknown property of class SMS_DistributionJob");
    assert_contains(out, "stdin:4:12: error: property 'JobID': missing: a key property must have a value");
    assert_contains(out, "{\"JobID\":1}\n");
    assert_contains(out, "{\"JobID\":5}\n");
    assert_contains(out, "distjob: 3 of 5 records skipped\n");
    free(out);
    /* --ignore-unknown and --allow-missing: the decoder's flags. */
    snprintf(command, sizeof command,
             DISTJOB " convert --from json --to json --keep-going --ignore-unknown --allow-missing < '%s'", mixed);
    assert_int_equal(run(command, &out), 1);
    assert_contains(out, "{\"JobID\":1}\n{\"JobID\":3}\n{\"State\":1}\n{\"JobID\":5}\n");
    assert_contains(out, "distjob: 1 of 5 records skipped\n");
    free(out);
    /* The same through MOF text, where a bad instance is skipped to its "};". */
    snprintf(command, sizeof command,
             DISTJOB " convert --from json --to mof --ignore-unknown --allow-missing --keep-going < '%s' 2>/dev/null | "
             "sed 's/State = 1;/State = 77;/' | " DISTJOB " convert --from mof --to json --keep-going --allow-missing",
             mixed);
    assert_int_equal(run(command, &out), 1);
    assert_contains(out, "{\"JobID\":1}\n{\"JobID\":3}\n{\"JobID\":5}\n");
    assert_contains(out, "error: property 'State': 77 is not in the ValueMap");
    assert_contains(out, "distjob: 1 of 4 records skipped\n");
    free(out);
    free(mixed);
    assert_int_equal(run(DISTJOB " convert --from xml --to json < /dev/null", &out), 2);
    assert_contains(out, "distjob: error: --from takes json or mof, not 'xml'");
    free(out);
    /* Usage errors say which option, as a user typed it. */
    assert_int_equal(run(DISTJOB " convert --from json --to < /dev/null", &out), 2);
    assert_contains(out, "distjob: error: --to needs a value: json or mof");
    free(out);
    assert_int_equal(run(DISTJOB " convert --to json --to mof < /dev/null", &out), 2);
    assert_contains(out, "distjob: error: --to given twice");
    free(out);
    assert_int_equal(run(DISTJOB " convert --frm json < /dev/null", &out), 2);
    assert_contains(out, "distjob: error: unknown option '--frm'");
    free(out);
    /* A full disk is an error that says so. */
    assert_int_equal(run("(echo '{\"JobID\": 1}' | " DISTJOB " convert --from json --to json > /dev/full)", &out), 1);
    assert_contains(out, "distjob: error: cannot write the output: No space left on device");
    free(out);
    free(dir);
}

/* gcc-style did-you-mean for options, warning names and --class names. */
static void test_did_you_mean(void **state)
{
    (void)state;
    char *out;
    assert_int_equal(run(MOFGEN " --chek schema/SMS_BaseClass.mof", &out), 2);
    assert_contains(out, "mofgen: error: unknown option '--chek'; did you mean '--check'?");
    free(out);
    assert_int_equal(run(MOFGEN " --max-error=3 schema/SMS_BaseClass.mof", &out), 2);
    assert_contains(out, "unknown option '--max-error=3'; did you mean '--max-errors'?");
    free(out);
    assert_int_equal(run(MOFGEN " --frobnicate schema/SMS_BaseClass.mof", &out), 2);
    assert_not_contains(out, "did you mean");
    free(out);
    /* One letter off a two-letter option is no evidence of a typo. */
    assert_int_equal(run(MOFGEN " -x schema/SMS_BaseClass.mof", &out), 2);
    assert_contains(out, "unknown option '-x'\n");
    free(out);
    assert_int_equal(run(MOFGEN " -Wextra-sem schema/SMS_BaseClass.mof", &out), 2);
    assert_contains(out, "mofgen: error: unknown warning option '-Wextra-sem'; did you mean '-Wextra-semi'?");
    free(out);
    assert_int_equal(run(MOFGEN " -Werror=undeclared-clas schema/SMS_BaseClass.mof", &out), 2);
    assert_contains(out, "did you mean '-Werror=undeclared-class'?");
    free(out);
    assert_int_equal(run(MOFGEN " --check --class SMS_DistributionJb -o generated schema/SMS_BaseClass.mof "
                                "schema/SMS_DistributionJob.mof", &out), 1);
    assert_contains(out, "mofgen: error: --class SMS_DistributionJb: the input declares no such class; "
                         "did you mean 'SMS_DistributionJob'?\n"
                         "mofgen: note: the input declares SMS_BaseClass, SMS_DistributionJob\n");
    free(out);
}

/* "-" is standard input, named <stdin> in diagnostics; what it includes is
 * found from the current folder, and the depfile names the included file
 * (standard input is nothing a build system can watch). */
static void test_stdin_input(void **state)
{
    (void)state;
    char *dir = test_temp_dir();
    free(test_write_file(dir, "inc.mof", "class Inc { uint8 V; };\n"));
    char command[2048], *out;
    snprintf(command, sizeof command,
             "cd '%s' && printf '#pragma include(\"inc.mof\")\\nclass Top { Inc I; uint8 X;; };\\n' | "
             MOFGEN " -o out --depfile out/top.d -",
             dir);
    assert_int_equal(run(command, &out), 0);
    assert_contains(out, "<stdin>:2:28: warning: extra ';' in the class body [-Wextra-semi]\n"
                         "    2 | class Top { Inc I; uint8 X;; };\n");
    free(out);
    char path[4200];
    snprintf(path, sizeof path, "%s/out/Top.h", dir);
    char *header = test_read_file(path, NULL);
    assert_non_null(header);
    free(header);
    snprintf(path, sizeof path, "%s/out/top.d", dir);
    char *rule = test_read_file(path, NULL);
    assert_non_null(rule);
    assert_contains(rule, "/inc.mof");
    assert_not_contains(rule, " -");
    assert_not_contains(rule, "stdin");
    free(rule);
    /* An error in it is located too. */
    assert_int_equal(run("printf 'class A { uint32 X = ; };\\n' | " MOFGEN " --syntax-only -", &out), 1);
    assert_contains(out, "<stdin>:1:22: error: unexpected ';'");
    free(out);
    free(dir);
}

/* --list-outputs: the files a run would write and the MOF files it read,
 * with the same options; it writes nothing. */
static void test_list_outputs(void **state)
{
    (void)state;
    char *dir = test_temp_dir();
    free(test_write_file(dir, "base.mof", "class Base { [Key] uint32 Id; };\n"));
    free(test_write_file(dir, "top.mof", "#pragma include(\"base.mof\")\nclass Top : Base { string S; };\n"));
    char command[2048], *out;
    snprintf(command, sizeof command, "cd '%s' && " MOFGEN " --list-outputs -o gen/ top.mof", dir);
    assert_int_equal(run(command, &out), 0);
    char expected[10000];
    char real[4096];
    assert_non_null(realpath(dir, real));
    snprintf(expected, sizeof expected,
             "output gen/Base.h\noutput gen/Base.c\noutput gen/Top.h\noutput gen/Top.c\n"
             "input %s/top.mof\ninput %s/base.mof\n",
             real, real);
    assert_string_equal(out, expected);
    free(out);
    snprintf(command, sizeof command, "cd '%s' && " MOFGEN " --list-outputs --class Top -o gen top.mof", dir);
    assert_int_equal(run(command, &out), 0);
    assert_contains(out, "output gen/Top.h\noutput gen/Top.c\ninput ");
    assert_not_contains(out, "Base.h");
    free(out);
    snprintf(command, sizeof command, "test ! -e '%s/gen'", dir);
    assert_int_equal(run(command, &out), 0);
    free(out);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mofgen_exit_statuses),
        cmocka_unit_test(test_import_doc_command),
        cmocka_unit_test(test_import_doc_seed),
        cmocka_unit_test(test_option_values_and_switches),
        cmocka_unit_test(test_dump_model),
        cmocka_unit_test(test_distjob_converts_both_ways),
        cmocka_unit_test(test_did_you_mean),
        cmocka_unit_test(test_stdin_input),
        cmocka_unit_test(test_list_outputs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
