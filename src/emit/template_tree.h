/*
 * template_tree.h - a parsed template, as template.c renders it and
 * template_compile.c turns it into C.  Private to those two files.
 */
#ifndef MOFGEN_TEMPLATE_TREE_H
#define MOFGEN_TEMPLATE_TREE_H

#include "template.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum { MAX_FILTERS = 8 }; /* per tag; there are only four distinct filters */

typedef struct span {
    size_t offset, length; /* into the template's text */
} span;

typedef enum filter_id { FILTER_UPPER, FILTER_LOWER, FILTER_C_STRING, FILTER_C_COMMENT } filter_id;

typedef enum node_kind {
    NODE_TEXT,    /* text: copied */
    NODE_VALUE,   /* text: the name whose string is inserted */
    NODE_LITERAL, /* text: the bytes between the quotes of {{"..."}} */
    NODE_EACH,    /* text: the list's name; children: the body */
    NODE_WITH,    /* text: the map's name; children: the body */
    NODE_IF,      /* children: NODE_BRANCHes, tried in order */
    NODE_BRANCH,  /* text: the condition (unless is_else); children: the body */
    NODE_INCLUDE  /* text: the template's name */
} node_kind;

typedef struct node node;

typedef struct node_list {
    node *items;
    size_t count, capacity;
} node_list;

struct node {
    node_kind kind;
    span text;
    bool negate;  /* a branch of #unless */
    bool is_else; /* a branch without a condition */
    unsigned filter_count;
    unsigned char filters[MAX_FILTERS]; /* filter_id, applied left to right */
    /* The name's segments as key numbers (none for an @-name), or for an
     * include the included template's name as one. */
    uint32_t *path;
    unsigned path_count;
    node_list children;
};

struct renderer;
struct scope;
/* A template compiled to C at build time (template_compile.c): renders
 * as the tree does, or returns -1, without a message, where the tree
 * would report an error (the render is then done again by the tree, which
 * reports it). */
typedef int compiled_template(struct renderer *r, const struct scope *sc);

typedef struct template {
    char *name;
    uint32_t key; /* the name's key number */
    char *text; /* NUL-terminated copy; spans point into it */
    size_t length;
    node_list root;
    compiled_template *compiled; /* NULL unless the text is the one a built-in was compiled from */
} template;

struct tmpl_set {
    template *items;
    size_t count, capacity;
    bool tree_only; /* tmpl_set_use_compiled(set, false) */
};

/* The text of key number `key` (template.c interns every name). */
const char *tmpl_key_name(uint32_t key);

#endif
