/*
 * test_fuzz_replay.c - the fuzz targets' own code (fuzz/fuzz_compiler.c,
 * fuzz/fuzz_templates.c, built here without libFuzzer) over their seed
 * corpora and over every finding kept in fuzz/regressions: a finding that
 * comes back aborts this test, as it aborted the fuzzer.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int fuzz_compiler_one(const uint8_t *data, size_t size);
int fuzz_templates_one(const uint8_t *data, size_t size);
int fuzz_decoders_one(const uint8_t *data, size_t size);

/* Runs every file of `folder` through `target`; returns how many. */
static size_t replay(const char *folder, int (*target)(const uint8_t *, size_t))
{
    char dir[1024];
    snprintf(dir, sizeof dir, "%s/%s", MOFGEN_SOURCE_DIR, folder);
    DIR *d = opendir(dir);
    assert_non_null(d);
    size_t count = 0;
    for (struct dirent *e; (e = readdir(d));) {
        if (e->d_name[0] == '.')
            continue;
        char path[2048];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        FILE *fp = fopen(path, "rb");
        assert_non_null(fp);
        fseek(fp, 0, SEEK_END);
        long n = ftell(fp);
        fseek(fp, 0, SEEK_SET);
        uint8_t *data = malloc((size_t)n + 1);
        assert_int_equal(fread(data, 1, (size_t)n, fp), (size_t)n);
        fclose(fp);
        fprintf(stderr, "replaying %s\n", path);
        assert_int_equal(target(data, (size_t)n), 0);
        free(data);
        count++;
    }
    closedir(d);
    return count;
}

static void test_compiler_seeds_and_findings(void **state)
{
    (void)state;
    assert_true(replay("fuzz/seeds/compiler", fuzz_compiler_one) >= 5);
    replay("fuzz/regressions/compiler", fuzz_compiler_one);
}

static void test_template_seeds_and_findings(void **state)
{
    (void)state;
    assert_true(replay("fuzz/seeds/templates", fuzz_templates_one) >= 8);
    replay("fuzz/regressions/templates", fuzz_templates_one);
}

/* The decoders and the record stream over the JSON and MOF seeds, which
 * hold every case of tests/test_runtime.c's bad-input tables. */
static void test_decoder_seeds_and_findings(void **state)
{
    (void)state;
    assert_true(replay("fuzz/seeds/decoders", fuzz_decoders_one) >= 48);
    replay("fuzz/regressions/decoders", fuzz_decoders_one);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_decoder_seeds_and_findings),
        cmocka_unit_test(test_compiler_seeds_and_findings),
        cmocka_unit_test(test_template_seeds_and_findings),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
