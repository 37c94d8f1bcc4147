/*
 * template_load.h - the templates a run renders with: the built-in set,
 * each replaced by a same-named file of --template-dir, with where each
 * came from so that an error names the file the user can fix.
 */
#ifndef MOFGEN_TEMPLATE_LOAD_H
#define MOFGEN_TEMPLATE_LOAD_H

#include "diag.h"
#include "template.h"

/* The templates in use, and for each the file it came from: the user's
 * copy in --template-dir, or NULL for the built-in one. */
typedef struct template_source {
    tmpl_set *set;
    char **paths; /* one per built-in template (mofgen_builtin_templates) */
} template_source;

/* The built-in templates, each replaced by a same-named file in
 * `template_dir` (NULL: none) when there is one; a *.tmpl file there that
 * replaces nothing is warned about.  Returns 0, or -1 after reporting. */
int template_source_load(template_source *ts, const char *template_dir, diag_engine *diag);
void template_source_free(template_source *ts);

/* Reads a whole template file: 0, 1 when it does not exist (the built-in
 * one is used), or -1 after reporting why it cannot be read. */
int template_read_file(const char *path, char **text, size_t *length, diag_engine *diag);

/* "FILE:LINE:COL: error: ..." as for MOF, naming the user's copy when the
 * template came from --template-dir, so they know which file to fix. */
void template_report_error(diag_engine *diag, const template_source *ts, const tmpl_error *err);

#endif
