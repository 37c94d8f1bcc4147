/*
 * builtin_templates.h - the templates compiled into mofgen.
 *
 * The definitions are generated at build time from the .tmpl files in
 * templates/ by cmake/embed_templates.cmake.  Entries are sorted by name
 * (strcmp order); each text reproduces its file byte for byte and is
 * NUL-terminated (the NUL is not counted in `length`; a file may itself
 * contain NUL bytes).
 */
#ifndef MOFGEN_BUILTIN_TEMPLATES_H
#define MOFGEN_BUILTIN_TEMPLATES_H

#include <stddef.h>

typedef struct builtin_template {
    const char *name; /* the file's base name, e.g. "class.h.tmpl" */
    const char *text;
    size_t length;
} builtin_template;

extern const builtin_template mofgen_builtin_templates[];
extern const size_t mofgen_builtin_template_count;

#endif
