/*
 * support.c - see support.h.
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

static char *temp_dirs[256];
static size_t temp_dir_count;

static void remove_temp_dirs(void)
{
    for (size_t i = 0; i < temp_dir_count; i++) {
        char command[600];
        snprintf(command, sizeof command, "rm -rf '%s'", temp_dirs[i]);
        if (system(command) != 0)
            fprintf(stderr, "could not remove %s\n", temp_dirs[i]);
        free(temp_dirs[i]);
    }
    temp_dir_count = 0;
}

char *test_temp_dir(void)
{
    char tmpl[] = "/tmp/mofgen-test-XXXXXX";
    char *dir = mkdtemp(tmpl);
    assert_non_null(dir);
    if (temp_dir_count == 0)
        atexit(remove_temp_dirs);
    char *copy = strdup(dir);
    if (temp_dir_count < sizeof temp_dirs / sizeof temp_dirs[0])
        temp_dirs[temp_dir_count++] = strdup(dir);
    return copy;
}

char *test_write_file(const char *dir, const char *name, const char *text)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *path = malloc(n);
    snprintf(path, n, "%s/%s", dir, name);
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    fputs(text, fp);
    fclose(fp);
    return path;
}

char *test_read_file(const char *path, size_t *length)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return NULL;
    fseek(fp, 0, SEEK_END);
    long n = ftell(fp);
    fseek(fp, 0, SEEK_SET);
    char *text = malloc((size_t)n + 1);
    size_t got = fread(text, 1, (size_t)n, fp);
    fclose(fp);
    text[got] = '\0';
    if (length)
        *length = got;
    return text;
}

run_result test_run(const mofgen_options *opts, const char *const *warning_options)
{
    run_result r = {0};
    size_t diag_len = 0, out_len = 0;
    FILE *diag_stream = open_memstream(&r.diagnostics, &diag_len);
    FILE *out_stream = open_memstream(&r.output, &out_len);
    diag_engine diag;
    diag_init(&diag, diag_stream);
    for (size_t i = 0; warning_options && warning_options[i]; i++) {
        if (strncmp(warning_options[i], "--max-errors=", 13) == 0)
            diag.max_errors = (unsigned)strtoul(warning_options[i] + 13, NULL, 10);
        else
            assert_int_equal(diag_option(&diag, warning_options[i]), 0);
    }
    r.status = mofgen_run(opts, &diag, out_stream);
    r.errors = diag.errors;
    r.warnings = diag.warnings;
    fclose(diag_stream);
    fclose(out_stream);
    return r;
}

run_result test_run_text(const char *name, const char *text, mofgen_dump dump, const char *const *warning_options)
{
    char *dir = test_temp_dir();
    char *path = test_write_file(dir, name, text);
    /* Diagnostics name the file as given: run from inside the folder. */
    char cwd[4096];
    assert_non_null(getcwd(cwd, sizeof cwd));
    assert_int_equal(chdir(dir), 0);
    const char *inputs[] = {name};
    mofgen_options opts = {.inputs = inputs, .input_count = 1, .dump = dump, .syntax_only = dump == DUMP_NONE};
    run_result r = test_run(&opts, warning_options);
    assert_int_equal(chdir(cwd), 0);
    free(path);
    free(dir);
    return r;
}

void run_result_free(run_result *r)
{
    free(r->diagnostics);
    free(r->output);
    memset(r, 0, sizeof *r);
}

void test_assert_contains(const char *haystack, const char *needle, const char *file, int line)
{
    if (haystack && strstr(haystack, needle))
        return;
    fprintf(stderr, "%s:%d: expected to find\n  %s\nin\n%s\n", file, line, needle, haystack ? haystack : "(null)");
    fail();
}

void test_assert_not_contains(const char *haystack, const char *needle, const char *file, int line)
{
    if (!haystack || !strstr(haystack, needle))
        return;
    fprintf(stderr, "%s:%d: did not expect\n  %s\nin\n%s\n", file, line, needle, haystack);
    fail();
}
