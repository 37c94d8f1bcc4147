/*
 * ast.h - the syntax tree the grammar builds: what the MOF says, where it
 * says it, and nothing resolved yet.  Names keep the spelling of the source;
 * the semantic model (model.h) resolves them case-insensitively.
 *
 * All nodes live in the parse's arena.
 */
#ifndef MOFGEN_AST_H
#define MOFGEN_AST_H

#include "arena.h"
#include "source.h"

#include <stdbool.h>
#include <stdint.h>

/* The intrinsic CIM data types (DSP0004 "dataType"). */
typedef enum cim_type {
    CIM_NONE = 0, /* not an intrinsic type: a class name, or 'Object' */
    CIM_BOOLEAN,
    CIM_UINT8,
    CIM_SINT8,
    CIM_UINT16,
    CIM_SINT16,
    CIM_UINT32,
    CIM_SINT32,
    CIM_UINT64,
    CIM_SINT64,
    CIM_REAL32,
    CIM_REAL64,
    CIM_CHAR16,
    CIM_STRING,
    CIM_DATETIME
} cim_type;

const char *cim_type_name(cim_type t); /* canonical spelling, e.g. "uint32" */

typedef enum ast_value_kind {
    VAL_NULL,
    VAL_BOOLEAN,
    VAL_INTEGER,
    VAL_REAL,
    VAL_STRING,
    VAL_CHAR16,
    VAL_ARRAY,
    VAL_ALIAS,   /* $name: a reference to an aliased instance */
    VAL_INSTANCE /* "instance of X { ... }" as a value (WMI embedded objects) */
} ast_value_kind;

typedef struct ast_value ast_value;
/* 32 bytes: a big schema has one for every ValueMap and Values entry.
 * Where it is written takes 16 of them: a location these fields cannot
 * hold (a column past 65535, a value over more than 255 lines: rare) is
 * kept whole in the arena and pointed at (far_location).  Read it with
 * ast_value_where. */
struct ast_value {
    union {
        const source_file *file;
        const mof_location *far; /* far_location */
    } at;
    int first_line;
    uint16_t first_column, last_column;
    uint8_t kind;       /* ast_value_kind */
    uint8_t line_span;  /* last line - first line */
    uint8_t radix;      /* integers: 2, 8, 10 or 16, as written */
    bool far_location : 1;
    bool negative : 1;  /* integers: never with magnitude 0 */
    bool overflow : 1;  /* integers: the literal does not fit 64 bits */
    union {
        uint32_t length; /* strings: bytes (a source file is under 4 GB) */
        uint32_t count;  /* arrays: items */
    };
    union {
        bool boolean;
        uint64_t magnitude; /* integers */
        double real;
        char *text;         /* strings: decoded UTF-8, escapes applied, pieces joined */
        uint32_t char16;
        ast_value **items;  /* arrays */
        char *alias;
        struct ast_instance *instance;
    } u;
};

/* Where `v` is written: in `buffer`, or (far) in the arena. */
const mof_location *ast_value_where(const ast_value *v, mof_location *buffer);
/* A new value of `kind`, zeroed, written where `from` is. */
ast_value *ast_value_new_at(arena *a, ast_value_kind kind, const ast_value *from);
/* ast_value_where for one use, as an argument: the buffer is a compound
 * literal, alive to the end of the enclosing block. */
#define AST_WHERE(v) ast_value_where((v), &(mof_location){0})
/* Sets where `v` is written, keeping a far location in `a`. */
void ast_value_set_where(arena *a, ast_value *v, const mof_location *loc);

/* A word where it was written: a flavor, a scope. */
typedef struct ast_name {
    char *text;
    mof_location loc;
} ast_name;

typedef struct ast_qualifier {
    char *name;
    mof_location loc;
    ast_value *value; /* NULL when written without a value ("Key") */
    ptr_vec *flavors; /* ast_name *: flavors written after ':'; NULL when none are (nearly all) */
} ast_qualifier;

typedef enum ast_array_kind { ARRAY_NONE, ARRAY_VARIABLE, ARRAY_FIXED } ast_array_kind;

/* Fields ordered so no padding falls between them: every property,
 * parameter and value on the parser's stack holds one. */
typedef struct ast_type {
    cim_type intrinsic;  /* CIM_NONE for a class-typed (embedded object) property */
    bool is_reference;   /* "Class REF name" */
    char *class_name;    /* class name for references and embedded objects, else NULL */
    char *spelling;      /* the type as written, for messages */
    mof_location loc;
} ast_type;

typedef enum ast_feature_kind { FEATURE_PROPERTY, FEATURE_REFERENCE, FEATURE_METHOD } ast_feature_kind;

typedef struct ast_parameter {
    ptr_vec qualifiers; /* ast_qualifier * */
    ast_type type;
    char *name;
    mof_location loc;
    ast_array_kind array;
    uint64_t array_size;
    ast_value *default_value;
} ast_parameter;

typedef struct ast_feature {
    ast_feature_kind kind;
    ast_array_kind array;
    ptr_vec qualifiers; /* ast_qualifier * */
    ast_type type;      /* for a method: its return type */
    char *name;
    mof_location loc;   /* the name */
    uint64_t array_size;
    ast_value *default_value;
    ptr_vec parameters; /* methods: ast_parameter * */
} ast_feature;

typedef struct ast_class {
    ptr_vec qualifiers; /* ast_qualifier * */
    char *name;
    mof_location loc;   /* the name */
    char *alias;
    char *superclass;
    mof_location superclass_loc;
    ptr_vec features;   /* ast_feature * */
} ast_class;

typedef struct ast_property_value {
    ptr_vec qualifiers;
    char *name;
    mof_location loc;
    ast_value *value;
} ast_property_value;

typedef struct ast_instance {
    ptr_vec qualifiers;
    char *class_name;
    mof_location loc;   /* the class name */
    char *alias;
    ptr_vec properties; /* ast_property_value * */
    struct ast_instance *enclosing; /* an embedded instance value: the instance it is in, while parsing */
} ast_instance;

typedef struct ast_qualifier_decl {
    char *name;
    mof_location loc;
    ast_type type;
    ast_array_kind array;
    uint64_t array_size;
    ast_value *default_value;
    ptr_vec scopes;  /* ast_name * */
    ptr_vec flavors; /* ast_name * */
} ast_qualifier_decl;

typedef struct ast_pragma {
    char *name;
    mof_location loc;
    ptr_vec arguments; /* ast_value * (strings and identifiers as strings) */
} ast_pragma;

typedef enum ast_decl_kind { DECL_CLASS, DECL_INSTANCE, DECL_QUALIFIER, DECL_PRAGMA } ast_decl_kind;

typedef struct ast_decl {
    ast_decl_kind kind;
    union {
        ast_class *class_decl;
        ast_instance *instance;
        ast_qualifier_decl *qualifier;
        ast_pragma *pragma;
    } u;
} ast_decl;

/* One parsed file, with the files it includes already spliced in place. */
typedef struct ast_unit {
    ptr_vec decls; /* ast_decl *, in source order */
} ast_unit;

#endif
