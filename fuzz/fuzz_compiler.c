/*
 * fuzz_compiler.c - libFuzzer target for the whole of mofgen as a build
 * runs it: several MOF files that #pragma include each other (served from
 * memory, never the disk), the options a build passes, and the output
 * stage writing into a scratch folder.
 *
 * The input is the main file's text; a line "//@file NAME" starts another
 * file called NAME.  Other lines a MOF reader takes as comments set
 * options: "//@class NAME" (--class), "//@I DIR" (-I), "//@depfile"
 * (--depfile into the output folder).  Each run must leave no debris,
 * write nothing when it fails, and a second run must find nothing to
 * change (scratch.h).
 */
#include "scratch.h"

#include <stdint.h>

enum { MAX_FILES = 16, MAX_VALUES = 8 };

#ifndef FUZZ_ENTRY
#define FUZZ_ENTRY LLVMFuzzerTestOneInput
#endif

/* The text of a marker line's argument: up to the line's end, trimmed. */
static char *argument(const char *p, const char *end)
{
    while (p < end && *p == ' ')
        p++;
    const char *stop = p;
    while (stop < end && *stop != '\n')
        stop++;
    while (stop > p && (stop[-1] == '\r' || stop[-1] == ' '))
        stop--;
    char *s = malloc((size_t)(stop - p) + 1);
    if (!s)
        abort();
    memcpy(s, p, (size_t)(stop - p));
    s[stop - p] = '\0';
    return s;
}

int FUZZ_ENTRY(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data, *end = text + size;
    source_memory_file files[MAX_FILES];
    char *owned[MAX_FILES + 2 * MAX_VALUES];
    const char *classes[MAX_VALUES], *include_dirs[MAX_VALUES];
    size_t file_count = 1, owned_count = 0, class_count = 0, include_count = 0;
    bool depfile = false;
    files[0] = (source_memory_file){"main.mof", text, size};
    for (const char *line = text; line < end;) {
        const char *next = memchr(line, '\n', (size_t)(end - line));
        next = next ? next + 1 : end;
        size_t n = (size_t)(end - line);
        if (n >= 8 && memcmp(line, "//@file ", 8) == 0 && file_count < MAX_FILES) {
            files[file_count - 1].length = (size_t)(line - files[file_count - 1].text);
            char *name = argument(line + 8, end);
            owned[owned_count++] = name;
            files[file_count++] = (source_memory_file){name, next, (size_t)(end - next)};
        } else if (n >= 8 && memcmp(line, "//@class", 8) == 0 && class_count < MAX_VALUES) {
            classes[class_count++] = owned[owned_count++] = argument(line + 8, end);
        } else if (n >= 4 && memcmp(line, "//@I", 4) == 0 && include_count < MAX_VALUES) {
            include_dirs[include_count++] = owned[owned_count++] = argument(line + 4, end);
        } else if (n >= 10 && memcmp(line, "//@depfile", 10) == 0) {
            depfile = true;
        }
        line = next;
    }
    const char *out = scratch_dir("compiler");
    char depfile_path[4200];
    snprintf(depfile_path, sizeof depfile_path, "%s/deps.d", out);
    const char *inputs[] = {"main.mof"};
    mofgen_options opts = {.inputs = inputs, .input_count = 1, .output_dir = out,
                           .include_dirs = include_dirs, .include_dir_count = include_count,
                           .classes = class_count ? classes : NULL, .class_count = class_count,
                           .depfile = depfile ? depfile_path : NULL,
                           .memory_files = files, .memory_file_count = file_count};
    scratch_run_and_check(&opts);
    for (size_t i = 0; i < owned_count; i++)
        free(owned[i]);
    return 0;
}
