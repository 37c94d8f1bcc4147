/*
 * template.h - the small template language every emitted character goes
 * through.  The language itself is documented in templates/README.md.
 *
 * The emitter builds a data tree (maps of strings, booleans and lists of
 * maps) from the semantic model and renders named templates against it.
 * Templates come from the set compiled into mofgen or from a user's
 * --template-dir; errors in a template are reported as
 * "TEMPLATE:LINE:COL: error: ..." so a user editing a copy can fix it.
 */
#ifndef MOFGEN_TEMPLATE_H
#define MOFGEN_TEMPLATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- data ---- */

typedef struct tmpl_value tmpl_value; /* a map, a list, a string or a boolean */

/* A new tree.  Every value set below it lives as long as the tree and is
 * freed with it, by tmpl_value_free on the map tmpl_map_new returned
 * (called on any other value of the tree, it does nothing). */
tmpl_value *tmpl_map_new(void);
void tmpl_value_free(tmpl_value *root);

/* Setters copy `value`; `key` must be a string whose text never changes
 * at its address, such as a literal (keys are cached by address; a debug
 * build aborts when one changes).  Setting a key twice replaces the value. */
void tmpl_set_string(tmpl_value *map, const char *key, const char *value);
void tmpl_set_stringn(tmpl_value *map, const char *key, const char *value, size_t length);
void tmpl_set_unsigned(tmpl_value *map, const char *key, uint64_t value); /* in decimal */
void tmpl_set_stringf(tmpl_value *map, const char *key, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
/* The same without the copy: the tree keeps `value` itself, which must
 * stay as it is while the tree lives (text of the model, say, or of an
 * arena freed after the tree).  The n form takes a NUL-terminated
 * string's length. */
void tmpl_set_string_ref(tmpl_value *map, const char *key, const char *value);
void tmpl_set_stringn_ref(tmpl_value *map, const char *key, const char *value, size_t length);
void tmpl_set_bool(tmpl_value *map, const char *key, bool value);
tmpl_value *tmpl_set_list(tmpl_value *map, const char *key);  /* new empty list */
tmpl_value *tmpl_set_map(tmpl_value *map, const char *key);   /* new empty map */
tmpl_value *tmpl_list_add_map(tmpl_value *list);              /* appends a new map */

/* ---- templates ---- */

typedef struct tmpl_error {
    char template_name[128];
    unsigned line, column; /* 1-based; 0 when not about a place */
    char message[256];
} tmpl_error;

typedef struct tmpl_set tmpl_set; /* named templates that may include each other */

tmpl_set *tmpl_set_new(void);
void tmpl_set_free(tmpl_set *set);

/* Parses `text` and adds it under `name` (e.g. "class.h.tmpl").  Returns 0, or
 * -1 with `err` filled (syntax errors: unclosed block, unknown filter, ...). */
int tmpl_set_add(tmpl_set *set, const char *name, const char *text, size_t length, tmpl_error *err);

bool tmpl_set_has(const tmpl_set *set, const char *name);

/* Whether the set renders a built-in template by the C it was compiled to
 * when mofgen was built (the default; only when the text added is the
 * built-in's, byte for byte) or always from its parsed tree.  The output
 * is the same either way: tests compare them. */
void tmpl_set_use_compiled(tmpl_set *set, bool use);

/* Renders template `name` against `data`.  On success returns 0 and stores a
 * malloc'ed, NUL-terminated text in *out (length in *out_length).  On error
 * (missing variable, include of an unknown template, ...) returns -1 with
 * `err` naming the template position, and *out is NULL. */
int tmpl_render(const tmpl_set *set, const char *name, const tmpl_value *data, char **out,
                size_t *out_length, tmpl_error *err);

/* Space for rendered text that one render leaves to the next, so that a
 * run of many files grows it a few times, not once per file. */
typedef struct tmpl_output tmpl_output;
tmpl_output *tmpl_output_new(void);
void tmpl_output_free(tmpl_output *output);
/* tmpl_render into `output`: *text (NUL-terminated, *length bytes) is
 * `output`'s, valid until its next render or its free. */
int tmpl_render_into(const tmpl_set *set, const char *name, const tmpl_value *data, tmpl_output *output,
                     const char **text, size_t *length, tmpl_error *err);

#endif /* MOFGEN_TEMPLATE_H */
