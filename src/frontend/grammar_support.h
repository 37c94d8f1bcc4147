/*
 * grammar_support.h - the actions of grammar/mof.y, kept in C so the grammar
 * reads as a grammar.  Each builds an AST node or reports a quirk.
 * Only mof.y and parse.c include this (it needs the bison header's types).
 */
#ifndef MOFGEN_GRAMMAR_SUPPORT_H
#define MOFGEN_GRAMMAR_SUPPORT_H

#include "parse.h"

/* A message of bison's own (mof.y's mof_error passes it on): "memory
 * exhausted" is the parser's stack, which only nesting grows. */
void grammar_parser_error(parse_context *ctx, const mof_location *loc, const char *message);
/* After a parse: gives the source text back as it was (see mof.l). */
void mof_scanner_release(yyscan_t scanner);
/* A syntax error at `loc`: the token found and the tokens that could have
 * come there, by their names in the grammar. */
void grammar_syntax_error(parse_context *ctx, const mof_location *loc, const char *unexpected,
                          const char *const *expected, size_t count);

/* The file is not MOF v2 as mofgen reads it (MOF 3.0, a C preprocessor
 * line): one error at `loc`, and the rest of the file is not read, so one
 * mistake of kind does not become a cascade of syntax errors. */
void grammar_stop(parse_context *ctx, const mof_location *loc, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
/* In mof.l: from now on the scanner returns end of input. */
void mof_scanner_stop(void *scanner);
/* A declaration was read whole (kept if reading stops later). */
void grammar_end_declaration(parse_context *ctx);
/* "Name;" in an instance: an explicit NULL (WMI, OMI). */
void grammar_valueless_property(parse_context *ctx, ptr_vec *qualifiers, char *name, const mof_location *loc);

ast_class *grammar_begin_class(parse_context *ctx, ptr_vec *qualifiers, char *name, const mof_location *name_loc,
                               char *alias, char *superclass, const mof_location *super_loc,
                               const mof_location *keyword_loc);
void grammar_class_parens(parse_context *ctx, ast_class *c, const mof_location *loc);
char *grammar_join_split_name(parse_context *ctx, const char *first, const char *second, const mof_location *loc);
void grammar_add_feature(parse_context *ctx, ast_feature *f);
/* The class body has closed: a "[word]" still waiting for a feature was
 * the last one's odd array size after all. */
void grammar_end_class(parse_context *ctx);
/* Gives `f` its qualifier list, or the "[word]" a missing ';' left for it. */
ast_feature *grammar_feature_qualifiers(parse_context *ctx, ast_feature *f, ptr_vec *qualifiers);

ast_feature *grammar_property(parse_context *ctx, const ast_type *type, char *name, const mof_location *loc,
                              const array_spec *array, ast_value *default_value);
ast_feature *grammar_reference(parse_context *ctx, char *class_name, const mof_location *class_loc, char *name,
                               const mof_location *loc, const array_spec *array, ast_value *default_value);
ast_feature *grammar_method(parse_context *ctx, const ast_type *type, char *name, const mof_location *loc,
                            ptr_vec *parameters);
ast_parameter *grammar_parameter(parse_context *ctx, ptr_vec *qualifiers, const ast_type *type, char *name,
                                 const mof_location *loc, const array_spec *array, ast_value *default_value);

ast_type grammar_intrinsic_type(parse_context *ctx, cim_type type, char *spelling, const mof_location *loc);
ast_type grammar_class_type(parse_context *ctx, char *class_name, const mof_location *loc);
ast_type grammar_reference_type(parse_context *ctx, char *class_name, const mof_location *loc);
array_spec grammar_fixed_array(parse_context *ctx, uint64_t size, bool overflow, const mof_location *loc);

ast_qualifier *grammar_qualifier(parse_context *ctx, char *name, const mof_location *loc, ast_value *value,
                                 ptr_vec *flavors);

ast_value *grammar_value(parse_context *ctx, ast_value_kind kind, const mof_location *loc);
ast_value *grammar_integer(parse_context *ctx, uint64_t magnitude, bool overflow, int radix, bool negative,
                           const mof_location *loc);
ast_value *grammar_string_value(parse_context *ctx, const char *text, size_t length, const mof_location *loc);
/* Adjacent string literals: the first piece, each next one, then the
 * value; a NULL if a piece is `broken` (its error already reported). */
void grammar_string_begin(parse_context *ctx, const char *text, size_t length, bool broken);
void grammar_string_append(parse_context *ctx, const char *text, size_t length, bool broken);
ast_value *grammar_string_end(parse_context *ctx, const mof_location *loc);
ast_value *grammar_array_value(parse_context *ctx, ptr_vec *items, const mof_location *loc);
ast_value *grammar_alias_value(parse_context *ctx, char *alias, const mof_location *loc);

/* An embedded instance value: begin makes the value and reads the
 * properties that follow into it; end goes back to the enclosing one. */
ast_value *grammar_begin_embedded(parse_context *ctx, char *class_name, const mof_location *loc);
ast_value *grammar_end_embedded(parse_context *ctx, ast_value *value);
void grammar_begin_instance(parse_context *ctx, ptr_vec *qualifiers, char *class_name, const mof_location *loc,
                            char *alias);
void grammar_add_property_value(parse_context *ctx, ptr_vec *qualifiers, char *name, const mof_location *loc,
                                ast_value *value);

void grammar_qualifier_decl_part(parse_context *ctx, qualifier_decl_parts *parts, char *part,
                                 const mof_location *loc, ptr_vec *names);
ast_name *grammar_name(parse_context *ctx, char *text, const mof_location *loc);
void grammar_qualifier_decl(parse_context *ctx, char *name, const mof_location *loc, const ast_type *type,
                            const array_spec *array, ast_value *default_value, const qualifier_decl_parts *parts);

void grammar_pragma(parse_context *ctx, char *name, const mof_location *loc, ptr_vec *arguments);

/* Quirks: each a warning of its own name. */
void grammar_warn_extra_semi(parse_context *ctx, const mof_location *loc, const char *where);
void grammar_warn_missing_semicolon(parse_context *ctx, const mof_location *before, const char *what);
void grammar_warn_comma(parse_context *ctx, const mof_location *loc);
/* Text after a declaration's ';': ignored with a warning, except "[]"
 * right after a scalar property ("String Names;[]"), which makes that
 * property an array (so this changes the AST, unlike the warn_ ones). */
void grammar_trailing_text(parse_context *ctx, const mof_location *loc, bool array_brackets);
void grammar_warn_dangling_colon(parse_context *ctx, const mof_location *loc);
void grammar_warn_prefix_array(parse_context *ctx, const mof_location *loc, const char *name);
void grammar_warn_ref_colon(parse_context *ctx, const mof_location *loc, const char *class_name, const char *name);
void grammar_warn_array_size(parse_context *ctx, const mof_location *loc, const char *text);

#endif
