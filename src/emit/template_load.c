/*
 * template_load.c - the built-in templates and the user's copies over them
 * (template_load.h).
 */
#include "template_load.h"
#include "arena.h" /* out_of_memory */

#include "builtin_templates.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void template_report_error(diag_engine *diag, const template_source *ts, const tmpl_error *err)
{
    const char *file = err->template_name;
    for (size_t i = 0; ts && i < mofgen_builtin_template_count; i++)
        if (ts->paths[i] && strcmp(mofgen_builtin_templates[i].name, err->template_name) == 0)
            file = ts->paths[i];
    if (ts && file == err->template_name)
        diag_plain_error(diag, "in the built-in template %s:%u:%u: %s", file, err->line, err->column, err->message);
    else if (err->line)
        diag_file_error(diag, file, err->line, err->column, "%s", err->message);
    else
        diag_file_error(diag, file, 0, 0, "%s", err->message);
}

int template_read_file(const char *path, char **text, size_t *length, diag_engine *diag)
{
    *text = NULL;
    *length = 0;
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        if (errno == ENOENT)
            return 1;
        diag_plain_error(diag, "cannot read template '%s': %s", path, strerror(errno));
        return -1;
    }
    size_t cap = 16384, n = 0, got;
    char *buf = malloc(cap);
    while (buf && (got = fread(buf + n, 1, cap - n, fp)) > 0) {
        n += got;
        if (n == cap) {
            char *bigger = realloc(buf, cap *= 2);
            if (!bigger)
                free(buf);
            buf = bigger;
        }
    }
    int error = ferror(fp) ? errno : 0;
    fclose(fp);
    if (!buf || error) {
        diag_plain_error(diag, "cannot read template '%s': %s", path, strerror(buf ? error : ENOMEM));
        free(buf);
        return -1;
    }
    *text = buf;
    *length = n;
    return 0;
}

/* A *.tmpl file in --template-dir that replaces nothing is most likely a
 * misspelt name: say so rather than ignore the user's edits. */
static int compare_strings(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void warn_unused_templates(const char *template_dir, diag_engine *diag)
{
    char **unused = NULL;
    size_t count = 0;
    DIR *d = opendir(template_dir);
    for (struct dirent *e; d && (e = readdir(d));) {
        size_t n = strlen(e->d_name);
        if (n < 5 || strcmp(e->d_name + n - 5, ".tmpl") != 0)
            continue;
        bool known = false;
        for (size_t i = 0; i < mofgen_builtin_template_count && !known; i++)
            known = strcmp(mofgen_builtin_templates[i].name, e->d_name) == 0;
        if (known)
            continue;
        char **grown = realloc(unused, (count + 1) * sizeof *unused);
        if (!grown || !(grown[count] = strdup(e->d_name)))
            out_of_memory();
        unused = grown;
        count++;
    }
    if (d)
        closedir(d);
    /* In name order, whatever order the folder lists them in. */
    if (count > 1)
        qsort(unused, count, sizeof *unused, compare_strings);
    for (size_t i = 0; i < count; i++) {
        diag_warning(diag, W_UNUSED_TEMPLATE, NULL, "%s/%s replaces no built-in template; it is not used", template_dir,
                     unused[i]);
        free(unused[i]);
    }
    free(unused);
}

int template_source_load(template_source *ts, const char *template_dir, diag_engine *diag)
{
    ts->set = tmpl_set_new();
    ts->paths = calloc(mofgen_builtin_template_count + 1, sizeof *ts->paths);
    if (!ts->paths)
        out_of_memory();
    if (template_dir)
        warn_unused_templates(template_dir, diag);
    for (size_t i = 0; i < mofgen_builtin_template_count; i++) {
        const builtin_template *bt = &mofgen_builtin_templates[i];
        char *override_text = NULL;
        size_t override_length = 0;
        if (template_dir) {
            char *path = malloc(strlen(template_dir) + strlen(bt->name) + 2);
            if (!path)
                abort();
            sprintf(path, "%s/%s", template_dir, bt->name);
            int got = template_read_file(path, &override_text, &override_length, diag);
            if (got < 0) {
                free(path);
                return -1;
            }
            if (got == 0)
                ts->paths[i] = path;
            else
                free(path);
        }
        tmpl_error err;
        int rc = override_text ? tmpl_set_add(ts->set, bt->name, override_text, override_length, &err)
                               : tmpl_set_add(ts->set, bt->name, bt->text, bt->length, &err);
        free(override_text);
        if (rc != 0) {
            template_report_error(diag, ts, &err);
            return -1;
        }
    }
    return 0;
}

void template_source_free(template_source *ts)
{
    if (ts->set)
        tmpl_set_free(ts->set);
    for (size_t i = 0; ts->paths && i < mofgen_builtin_template_count; i++)
        free(ts->paths[i]);
    free(ts->paths);
}
