/*
 * emit.h - C bindings from the model, through the templates.
 *
 * The emitter turns each class into a data tree (names, C types, flags,
 * enum tables, the property-name hash table) and renders the templates
 * against it; it writes no C itself: the C spellings it puts in the tree
 * come from templates/c_spellings.tmpl.  Nothing touches the disk here: the
 * caller gets every file's content and decides (output.h).
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
    const char *const *classes; /* emit only these (NULL: every declared class) */
    size_t class_count;
    const char *namespace_name; /* emit only the classes of this namespace (NULL: every one) */
    bool namespace_prefix;      /* C names start with the class's namespace: root_cimv2_Win32_Foo */
} emit_options;

/* Renders every class.  Returns 0, or -1 after reporting to `diag`. */
int emit_model(const model *m, const emit_options *opts, diag_engine *diag, emit_result *out);
void emit_result_free(emit_result *r);

#endif
