/*
 * import_doc.h - `mofgen import-doc`: Configuration Manager SDK reference
 * pages (Markdown) to qualified MOF, one .mof per class page.
 *
 * A class page prints its Syntax block in simplified MOF and everything
 * else in prose: access types, qualifiers, descriptions, value and bit
 * tables, defaults, and links to one page per method.  The Syntax block goes
 * through mofgen's own parser (parse.h) with its dialect handling; the
 * prose is read from the page's Markdown structure (mdpage.h).  Every
 * correction made to what a page says is a located warning and a line of
 * the comment at the top of the .mof written.
 */
#ifndef MOFGEN_IMPORT_DOC_H
#define MOFGEN_IMPORT_DOC_H

#include "diag.h"

#include <stddef.h>
#include <stdio.h>

/* What one or more pages held, and how much of it the import recovered. */
typedef struct import_stats {
    size_t properties;     /* properties written */
    size_t value_tables;   /* value tables written as ValueMap/Values */
    size_t bit_tables;     /* bit tables written as BitMap/BitValues */
    size_t tables_left;    /* tables in a Properties section attached to no property */
    size_t tables_prose;   /* tables holding no values, added to a description */
    size_t tables_repeated; /* tables repeated, the same, by a property described twice (merged) */
    size_t methods;        /* methods written */
    size_t method_links;   /* method links in the Methods tables */
} import_stats;

/* One imported class: its name and its MOF text (malloc'ed). */
typedef struct import_result {
    char *class_name;
    char *mof;
    size_t length;
} import_result;

/* Imports the class page at `path`.  Diagnostics go to `diag`; `stats`
 * (may be NULL) is added to.  Returns 0 with `out` filled (free it with
 * import_result_free), or -1 after reporting an error. */
int import_doc_page(const char *path, diag_engine *diag, import_stats *stats, import_result *out);

void import_result_free(import_result *r);

/* `mofgen import-doc`: imports every page and, when none has an error,
 * writes CLASS.mof for each into `output_dir` (all or nothing).  Returns the
 * exit status: 0, or 1 after errors (nothing is then written). */
int import_doc_run(const char *const *pages, size_t count, const char *output_dir, diag_engine *diag, FILE *out);

#endif
