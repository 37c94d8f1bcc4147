/*
 * test_embed_templates.c - compiled against what cmake/embed_templates.cmake
 * made of the .tmpl files in tests/data/template-embed (tests/template.cmake
 * lists them out of order): every fixture must come back byte for byte,
 * NUL-terminated, under its base name, in strcmp order.
 */
#include "builtin_templates.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#define FIXTURE_DIR MOFGEN_SOURCE_DIR "/tests/data/template-embed/"

/* strcmp order: upper case first, '-' before '.'. */
static const char *const expected_names[] = {
    "Upper.tmpl", "a-b.tmpl", "a.tmpl", "binary.tmpl", "empty.tmpl", "exact16.tmpl", "quotes.tmpl", "utf8.tmpl",
};

/* The whole file, malloc'ed; its size in *length. */
static char *read_fixture(const char *name, size_t *length)
{
    char path[512];
    snprintf(path, sizeof path, "%s%s", FIXTURE_DIR, name);
    FILE *f = fopen(path, "rb");
    if (!f) {
        print_error("cannot open %s\n", path);
        fail();
    }
    size_t capacity = 4096, used = 0;
    char *data = malloc(capacity);
    assert_non_null(data);
    size_t n;
    while ((n = fread(data + used, 1, capacity - used, f)) > 0) {
        used += n;
        if (used == capacity) {
            capacity *= 2;
            data = realloc(data, capacity);
            assert_non_null(data);
        }
    }
    fclose(f);
    *length = used;
    return data;
}

static void test_names_are_sorted_base_names(void **state)
{
    (void)state;
    size_t count = sizeof expected_names / sizeof *expected_names;
    assert_int_equal(mofgen_builtin_template_count, count);
    for (size_t i = 0; i < count; i++)
        assert_string_equal(mofgen_builtin_templates[i].name, expected_names[i]);
}

static void test_texts_are_byte_exact(void **state)
{
    (void)state;
    for (size_t i = 0; i < mofgen_builtin_template_count; i++) {
        const builtin_template *t = &mofgen_builtin_templates[i];
        size_t length;
        char *file = read_fixture(t->name, &length);
        assert_int_equal(t->length, length);
        assert_memory_equal(t->text, file, length);
        assert_int_equal(t->text[t->length], '\0');
        free(file);
    }
}

static void test_awkward_bytes_survive(void **state)
{
    (void)state;
    const builtin_template *binary = &mofgen_builtin_templates[3];
    assert_string_equal(binary->name, "binary.tmpl");
    static const char start[] = "nul:\0:ff:\xff:fe:\xfe:cr:\r:crlf:\r\n";
    assert_memory_equal(binary->text, start, sizeof start - 1);
    const builtin_template *quotes = &mofgen_builtin_templates[6];
    assert_non_null(strstr(quotes->text, "\"quotes\" \\back\\slash \\\\ \\n ?\?= ?\?/"));
    assert_non_null(strstr(quotes->text, "${CMAKE_VAR} @AT_VAR@ [[bracket]] [=[ ]=] ;;semicolons;"));
    assert_int_equal(mofgen_builtin_templates[4].length, 0);
    assert_string_equal(mofgen_builtin_templates[4].text, "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_names_are_sorted_base_names),
        cmocka_unit_test(test_texts_are_byte_exact),
        cmocka_unit_test(test_awkward_bytes_survive),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
