/*
 * emit.c - the emission stage: which classes are emitted, the checks on
 * them as a set, and each class's data tree (class_data.c) rendered
 * through the templates (template_load.c, template.c).
 */
#include "emit.h"

#include "class_data.h"
#include "suggest.h"
#include "symbols.h"
#include "template_load.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>


static bool selected(const emit_options *opts, const model_class *c)
{
    if (opts->namespace_name && strcasecmp(opts->namespace_name, c->namespace_name) != 0)
        return false;
    if (!opts->classes)
        return true;
    for (size_t i = 0; i < opts->class_count; i++)
        if (strcasecmp(opts->classes[i], c->name) == 0)
            return true;
    return false;
}

/* A class embedded by a property or parameter of `c` that --class leaves
 * out, or NULL. */
static const model_class *embedded_not_selected(arena *a, const emit_options *opts, const model_class *c)
{
    ptr_vec used = class_typed_members(a, c);
    for (size_t i = 0; i < used.count; i++) {
        const model_property *p = used.items[i];
        if (p->embedded && p->class_ref && p->class_ref != c && !selected(opts, p->class_ref))
            return p->class_ref;
    }
    return NULL;
}

/* Renders one file into `output` (whose memory the next file reuses) and
 * hands it to the sink. */
static int render_file(const template_source *ts, tmpl_output *output, const char *template_name,
                       const tmpl_value *data, const char *file_name, diag_engine *diag, const emit_sink *sink)
{
    const char *text = NULL;
    size_t length = 0;
    tmpl_error err;
    if (tmpl_render_into(ts->set, template_name, data, output, &text, &length, &err) != 0) {
        template_report_error(diag, ts, &err);
        return -1;
    }
    emit_file file = {.name = (char *)file_name, .content = (char *)text, .length = length};
    return sink->file(sink->context, &file);
}

/* How many declared classes the note after an unknown --class names. */
enum { LISTED_CLASSES = 20 };

/* "--class X: no such class", with the closest declared name and the
 * classes the input does declare (the first few of a large schema). */
static void report_unknown_class(const model *m, const char *name, diag_engine *diag)
{
    suggestion s;
    suggest_begin(&s, name);
    size_t declared = 0;
    char *list = NULL;
    size_t list_length = 0;
    FILE *out = open_memstream(&list, &list_length);
    if (!out)
        out_of_memory();
    for (size_t i = 0; i < m->classes.count; i++) {
        const model_class *c = m->classes.items[i];
        if (c->placeholder)
            continue;
        suggest_consider(&s, c->name);
        if (declared < LISTED_CLASSES)
            fprintf(out, "%s%s", declared ? ", " : "", c->name);
        declared++;
    }
    if (declared > LISTED_CLASSES)
        fprintf(out, " and %zu more", declared - LISTED_CLASSES);
    fclose(out);
    const char *hint = suggest_result(&s);
    diag_plain_error(diag, "--class %s: the input declares no such class%s%s%s", name, hint ? "; did you mean '" : "",
                     hint ? hint : "", hint ? "'?" : "");
    if (declared)
        diag_note(diag, NULL, "the input declares %s", list);
    else
        diag_note(diag, NULL, "the input declares no classes");
    free(list);
}

int emit_model_each(const model *m, const emit_options *opts, diag_engine *diag, const emit_sink *sink)
{
    if (opts->namespace_name && !name_table_get(m->class_index, opts->namespace_name)) {
        char known[400] = "";
        size_t used = 0;
        for (size_t i = 0; i < m->namespaces.count && used + 4 < sizeof known; i++)
            used += (size_t)snprintf(known + used, sizeof known - used, "%s%s", i ? ", " : "",
                                     (const char *)m->namespaces.items[i]);
        diag_plain_error(diag, "--namespace %s: the input declares no class in that namespace (it declares classes in %s)",
                         opts->namespace_name, known);
        return -1;
    }
    /* A build rule expects a file per requested class: a typo must fail. */
    bool unknown = false;
    for (size_t i = 0; i < opts->class_count; i++) {
        bool found = false;
        for (size_t k = 0; k < m->namespaces.count && !found; k++) {
            const char *ns = m->namespaces.items[k];
            const model_class *c = model_find_class_in(m, ns, opts->classes[i]);
            found = c && !c->placeholder && (!opts->namespace_name || strcasecmp(opts->namespace_name, ns) == 0);
        }
        if (found)
            continue;
        if (opts->namespace_name)
            diag_plain_error(diag, "--class %s: the input declares no such class in namespace %s", opts->classes[i],
                             opts->namespace_name);
        else
            report_unknown_class(m, opts->classes[i], diag);
        unknown = true;
    }
    if (unknown)
        return -1;
    /* File systems take NAME_MAX bytes; output.c writes through hidden
     * temporary files with a prefix and suffix around the name. */
    enum { MAX_FILE_NAME = NAME_MAX - 32 };
    /* Two classes whose C names meet would write the same files (ignoring
     * case too: Foo.h and FOO.h meet on macOS and Windows); a name longer
     * than a file name may be could not be written at all. */
    arena *a = arena_new();
    name_table *by_c_name = name_table_new(a);
    int rc = 0;
    for (size_t i = 0; i < m->classes.count; i++) {
        const model_class *c = m->classes.items[i];
        if (c->placeholder || !selected(opts, c))
            continue;
        const char *cn = class_c_name(a, opts, c);
        if (strlen(cn) + 2 > MAX_FILE_NAME) {
            diag_error(diag, &c->loc, "class '%.40s...' is too long a name for its files: '%.20s....h' would have "
                       "%zu bytes, and mofgen's file names at most %d (a file name's %d, less room for the names of "
                       "its temporary files)", c->name, cn, strlen(cn) + 2, MAX_FILE_NAME, NAME_MAX);
            rc = -1;
            continue;
        }
        const model_class *first = name_table_get(by_c_name, cn);
        if (first) {
            if (strcasecmp(first->name, c->name) == 0 && strcasecmp(first->namespace_name, c->namespace_name) != 0) {
                diag_error(diag, &c->loc, "class '%s' of namespace %s and class '%s' of namespace %s would both be "
                           "written to %s.h and %s.c; emit one namespace with --namespace NS, or give C names "
                           "their namespace with --namespace-prefix", c->name, c->namespace_name, first->name,
                           first->namespace_name, cn, cn);
                diag_note(diag, &first->loc, "'%s' of namespace %s is declared here", first->name,
                          first->namespace_name);
            } else {
                diag_error(diag, &c->loc, "class '%s' would be written to %s.h and %s.c, like class '%s'", c->name,
                           cn, cn, first->name);
                diag_note(diag, &first->loc, "'%s' is declared here", first->name);
            }
            rc = -1;
            continue;
        }
        name_table_put(by_c_name, cn, (void *)c);
    }
    /* With --class, each class's bindings include the headers of the classes
     * it embeds: those must be emitted too. */
    for (size_t i = 0; opts->classes && i < m->classes.count; i++) {
        const model_class *c = m->classes.items[i];
        if (c->placeholder || !selected(opts, c))
            continue;
        const model_class *missing = embedded_not_selected(a, opts, c);
        if (missing) {
            diag_plain_error(diag, "--class %s: its bindings embed class '%s' and include %s.h; add --class %s", c->name,
                             missing->name, class_c_name(a, opts, missing), missing->name);
            rc = -1;
        }
    }
    /* The descriptor's name table holds property numbers in 16 bits. */
    for (size_t i = 0; i < m->classes.count; i++) {
        const model_class *c = m->classes.items[i];
        if (!c->placeholder && selected(opts, c) && c->properties.count > UINT16_MAX) {
            diag_error(diag, &c->loc, "class '%s' has %zu properties (its own and inherited); bindings hold at most %u",
                       c->name, (size_t)c->properties.count, (unsigned)UINT16_MAX);
            rc = -1;
        }
    }
    template_source templates = {0};
    spellings *sp = NULL;
    if (rc == 0 && (template_source_load(&templates, opts->template_dir, diag) != 0 ||
                    !(sp = spellings_load(&templates, diag))))
        rc = -1;
    if (rc == 0)
        tmpl_set_use_compiled(templates.set, !opts->template_trees);
    if (rc != 0) {
        template_source_free(&templates);
        spellings_free(sp);
        arena_free(a);
        return -1;
    }
    /* Class X's CLASS_suffix names can meet class Y's (or Y itself) only
     * when one C name is the other's and '_' and more (X and X_Y): only
     * such classes' names go to the cross-class check, which would
     * otherwise hold every generated name of the run at once. */
    bool *overlaps = calloc(m->classes.count + 1, sizeof *overlaps);
    char **c_names = calloc(m->classes.count + 1, sizeof *c_names);
    if (!overlaps || !c_names)
        out_of_memory();
    name_table *overlap_of = name_table_new(a); /* C name -> its class's flag */
    for (size_t i = 0; i < m->classes.count; i++) {
        const model_class *c = m->classes.items[i];
        if (!c->placeholder && selected(opts, c))
            name_table_put(overlap_of, c_names[i] = class_c_name(a, opts, c), &overlaps[i]);
    }
    for (size_t i = 0; i < m->classes.count; i++) {
        char *name = c_names[i] ? arena_strdup(a, c_names[i]) : NULL;
        for (char *u = name ? strchr(name, '_') : NULL; u; u = strchr(u + 1, '_')) {
            *u = '\0';
            bool *shorter = name_table_get(overlap_of, name);
            *u = '_';
            if (shorter)
                *shorter = overlaps[i] = true;
        }
    }
    free(c_names);
    symbol_table symbols = {.arena = a};
    tmpl_output *output = tmpl_output_new();
    arena *class_arena = arena_new();
    for (size_t i = 0; i < m->classes.count && rc == 0; i++) {
        const model_class *c = m->classes.items[i];
        if (c->placeholder || !selected(opts, c))
            continue;
        char *c_name = class_c_name(a, opts, c);
        if (overlaps[i])
            symbols_begin_class(&symbols, i, c_name);
        tmpl_value *data =
            class_data_build(m, opts, sp, c, class_arena, diag, overlaps[i] ? symbols_add : NULL, &symbols);
        rc = render_file(&templates, output, "class.h.tmpl", data, arena_join3(a, c_name, ".h", ""), diag, sink);
        if (rc == 0)
            rc = render_file(&templates, output, "class.c.tmpl", data, arena_join3(a, c_name, ".c", ""), diag, sink);
        tmpl_value_free(data);
        arena_reset(class_arena);
    }
    arena_free(class_arena);
    tmpl_output_free(output);
    if (rc == 0)
        rc = symbols_check(&symbols, m, diag);
    symbols_free(&symbols);
    free(overlaps);
    arena_free(a);
    template_source_free(&templates);
    spellings_free(sp);
    return rc;
}

/* The sink of emit_model: every file kept, fitted to its length. */
static int collect_file(void *context, const emit_file *file)
{
    emit_result *out = context;
    emit_file *grown = realloc(out->files, (out->count + 1) * sizeof *out->files);
    char *name = strdup(file->name), *content = malloc(file->length + 1);
    if (!grown || !name || !content)
        out_of_memory();
    memcpy(content, file->content, file->length + 1);
    out->files = grown;
    out->files[out->count++] = (emit_file){.name = name, .content = content, .length = file->length};
    return 0;
}

int emit_model(const model *m, const emit_options *opts, diag_engine *diag, emit_result *out)
{
    memset(out, 0, sizeof *out);
    emit_sink sink = {collect_file, out};
    int rc = emit_model_each(m, opts, diag, &sink);
    if (rc != 0)
        emit_result_free(out);
    return rc;
}

void emit_result_free(emit_result *r)
{
    for (size_t i = 0; i < r->count; i++) {
        free(r->files[i].name);
        free(r->files[i].path);
        free(r->files[i].content);
    }
    free(r->files);
    r->files = NULL;
    r->count = 0;
}
