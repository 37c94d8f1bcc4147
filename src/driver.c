/*
 * driver.c - the stages in order (driver.h).  Parsing, the model and the
 * checks always run, so one run reports every error it can find (the model
 * marks what failed to resolve, and the checks skip it); emission runs only
 * when none was reported, so nothing is written from a broken schema.
 */
#include "driver.h"

#include "checks.h"
#include "dump.h"
#include "emit.h"
#include "model.h"
#include "output.h"
#include "parse.h"

#include "builtin_templates.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

/* Appends `path` to a Makefile rule, escaped the way make and ninja read
 * depfiles: '\\ ' for a space, '$$' for '$', '\\#' for '#'. */
static void append_make_path(FILE *rule, const char *path)
{
    char absolute[PATH_MAX];
    if (realpath(path, absolute))
        path = absolute;
    fputs(" \\\n ", rule);
    for (const char *c = path; *c; c++) {
        if (*c == ' ' || *c == '#')
            fputc('\\', rule);
        else if (*c == '$')
            fputc('$', rule);
        fputc(*c, rule);
    }
}

/* The --depfile rule: the target depends on every MOF file read (included
 * ones too) and every template taken from --template-dir, so a build system
 * reruns mofgen when any of them changes.  `first` is the first file
 * generated (NULL: none), the default target.  Written with the generated
 * files, atomically and only when it changed.  Returns the malloc'ed text. */
static char *depfile_text(const mofgen_options *opts, const source_set *sources, const char *first, size_t *length_out)
{
    char *text = NULL;
    size_t length = 0;
    FILE *rule = open_memstream(&text, &length);
    if (!rule)
        out_of_memory();
    const char *dir = opts->output_dir ? opts->output_dir : ".";
    if (opts->depfile_target)
        fputs(opts->depfile_target, rule);
    else if (first)
        fprintf(rule, "%s/%s", dir, first);
    else
        fputs(opts->depfile, rule);
    fputc(':', rule);
    for (size_t i = 0; i < sources->count; i++)
        if (!source_is_stdin(sources->files[i]->path)) /* nothing a build system can watch */
            append_make_path(rule, sources->files[i]->path);
    for (size_t i = 0; opts->template_dir && i < mofgen_builtin_template_count; i++) {
        char path[PATH_MAX];
        snprintf(path, sizeof path, "%s/%s", opts->template_dir, mofgen_builtin_templates[i].name);
        if (source_file_exists(path))
            append_make_path(rule, path);
    }
    fputc('\n', rule);
    fclose(rule);
    *length_out = length;
    return text;
}

/* Each generated file straight to the output stream as it is rendered;
 * the first one's name kept for the depfile's default target. */
typedef struct stream_sink {
    output_stream *stream;
    char *first;
} stream_sink;

static int stream_file(void *context, const emit_file *file)
{
    stream_sink *sink = context;
    if (!sink->first)
        sink->first = xstrdup(file->name);
    return output_add(sink->stream, file->name, file->path, file->content, file->length);
}

/* Emission into the output folder, one class at a time: what a normal run
 * does.  0 or -1; either way the folder holds one whole set of files. */
static int emit_to_folder(const mofgen_options *opts, const source_set *sources, const model *m,
                          const emit_options *eopts, diag_engine *diag)
{
    const char *own[1];
    size_t own_count = 0;
    if (opts->depfile)
        own[own_count++] = opts->depfile;
    stream_sink sink = {output_begin(opts->output_dir ? opts->output_dir : ".", own, own_count, diag), NULL};
    emit_sink to_stream = {stream_file, &sink};
    int rc = emit_model_each(m, eopts, diag, &to_stream);
    if (rc == 0 && opts->depfile) {
        size_t length;
        char *text = depfile_text(opts, sources, sink.first, &length);
        rc = output_add(sink.stream, "depfile", opts->depfile, text, length);
        free(text);
    }
    rc = output_finish(sink.stream, rc == 0);
    free(sink.first);
    return rc;
}

/* --list-outputs: what this run would write and what it read, one path a
 * line, so a build system can learn its outputs when it configures:
 *
 *   output DIR/Foo.h        each file generated (and the --depfile)
 *   input /abs/schema.mof   each MOF file read, includes too (not stdin)
 */
static void list_outputs(const mofgen_options *opts, const source_set *sources, const emit_result *files, FILE *out)
{
    const char *dir = opts->output_dir ? opts->output_dir : ".";
    size_t n = strlen(dir);
    while (n > 1 && dir[n - 1] == '/')
        n--;
    for (size_t i = 0; i < files->count; i++)
        fprintf(out, "output %.*s/%s\n", (int)n, dir, files->files[i].name);
    if (opts->depfile)
        fprintf(out, "output %s\n", opts->depfile);
    for (size_t i = 0; i < sources->count; i++) {
        const char *path = sources->files[i]->path;
        char absolute[PATH_MAX];
        if (source_is_stdin(path))
            continue;
        fprintf(out, "input %s\n", realpath(path, absolute) ? absolute : path);
    }
}

int mofgen_run(const mofgen_options *opts, diag_engine *diag, FILE *out)
{
    arena *a = arena_new();
    source_set sources = {.memory = opts->memory_files, .memory_count = opts->memory_file_count};
    parse_options popts = {.include_dirs = opts->include_dirs, .include_dir_count = opts->include_dir_count,
                           .max_depth = opts->max_depth, .max_input_size = opts->max_input_size};
    int status = 1;
    diag_sort_begin(diag); /* every diagnostic of the run, in source order */
    ast_unit *unit = parse_files(a, diag, &sources, opts->inputs, opts->input_count, &popts);
    source_release_texts(&sources); /* the AST holds copies of what it needs */
    if (opts->dump == DUMP_AST) {
        dump_ast(out, unit);
        status = diag->errors ? 1 : 0;
        goto done;
    }
    model *m = model_build(a, diag, unit);
    checks_run(diag, a, m);
    if (opts->dump == DUMP_MODEL) {
        dump_model(out, m);
        status = diag->errors ? 1 : 0;
        goto done;
    }
    if (diag->errors || opts->syntax_only) {
        status = diag->errors ? 1 : 0;
        goto done;
    }
    emit_options eopts = {.template_dir = opts->template_dir, .template_trees = opts->template_trees,
                          .classes = opts->classes,
                          .class_count = opts->class_count, .namespace_prefix = opts->namespace_prefix};
    if (opts->namespace_name) {
        /* Spelled as #pragma namespace would have it: root/cimv2, \\.\root\cimv2 and root\cimv2 are one. */
        eopts.namespace_name = model_namespace_join(a, NULL, opts->namespace_name);
        if (!eopts.namespace_name) {
            diag_plain_error(diag, "--namespace '%s' names no namespace (write it as root\\cimv2)",
                             opts->namespace_name);
            goto done;
        }
    }
    if (!opts->check && !opts->list_outputs) {
        status = emit_to_folder(opts, &sources, m, &eopts, diag) == 0 ? 0 : 1;
        goto done;
    }
    emit_result files;
    if (emit_model(m, &eopts, diag, &files) != 0)
        goto done;
    if (opts->list_outputs) {
        list_outputs(opts, &sources, &files, out);
        emit_result_free(&files);
        status = 0;
        goto done;
    }
    int rc = output_commit(&files, opts->output_dir ? opts->output_dir : ".", true, diag, out);
    emit_result_free(&files);
    status = rc == 0 ? 0 : 1;
done:
    /* The AST and model are freed before the held diagnostics are shown:
     * their excerpts may read released files again (source_text). */
    arena_free(a);
    diag_sort_end(diag);
    source_set_free(&sources);
    return status;
}
