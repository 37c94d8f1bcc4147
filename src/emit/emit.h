/*
 * emit.h - C bindings from the model, through the templates.
 *
 * The emitter turns each class into a data tree (names, C types, flags,
 * enum tables, the property-name hash table) and renders the templates
 * against it; it writes no C itself: the C spellings it puts in the tree
 * come from templates/c_spellings.tmpl.  Nothing touches the disk here: the
 * caller gets each file's content and decides (output.h).
 */
#ifndef MOFGEN_EMIT_H
#define MOFGEN_EMIT_H

#include "diag.h"
#include "model.h"

typedef struct emit_file {
    char *name;    /* file name, e.g. "SMS_DistributionJob.h" */
    char *path;    /* where it goes when not in the output folder (NULL: there) */
    char *content; /* malloc'ed */
    size_t length;
} emit_file;

typedef struct emit_result {
    emit_file *files;
    size_t count;
} emit_result;

typedef struct emit_options {
    const char *template_dir; /* NULL: the built-in templates only */
    bool template_trees;      /* render even the built-in templates from their trees (tmpl_set_use_compiled) */
    const char *const *classes; /* emit only these (NULL: every declared class) */
    size_t class_count;
    const char *namespace_name; /* emit only the classes of this namespace (NULL: every one) */
    bool namespace_prefix;      /* C names start with the class's namespace: root_cimv2_Win32_Foo */
} emit_options;

/* Where emit_model_each puts each file as it is rendered: `file` returns
 * 0, or -1 after reporting (emission then stops).  The file's memory is
 * the emitter's, and is freed when `file` returns. */
typedef struct emit_sink {
    int (*file)(void *context, const emit_file *file);
    void *context;
} emit_sink;

/* Renders every class, one at a time, each class's files to `sink` before
 * the next class is built, so memory holds one class.  The checks across
 * classes come last: a return of -1 (after reporting to `diag`) may come
 * after files went to the sink, which must then drop them all. */
int emit_model_each(const model *m, const emit_options *opts, diag_engine *diag, const emit_sink *sink);

/* emit_model_each into `out`, every file in memory.  Returns 0, or -1
 * after reporting to `diag` (then `out` is empty). */
int emit_model(const model *m, const emit_options *opts, diag_engine *diag, emit_result *out);
void emit_result_free(emit_result *r);

#endif
