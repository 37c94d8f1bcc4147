/*
 * mof.y - the MOF grammar (DSP0004 v2 and the WMI dialect), building the AST
 * and nothing else: no checks that need more than one declaration, and no
 * code generation.
 *
 * Documentation-grade MOF (the Configuration Manager SDK pages) has quirks
 * that strict DSP0004 refuses: 'X;;', a missing ';', ',' for ';', text after
 * ';', 'Class X ();', a dangling ':', 'ref:Class', 'Type[] name'.  Each is a
 * production of its own that builds what was meant and emits a named
 * warning, so -Wno-NAME silences exactly it and --strict refuses it.  So
 * is WMI's and OMI's 'Name;' in an instance (a NULL).
 *
 * What is not MOF v2 at all (MOF 3.0, a C preprocessor line) is one error
 * and the end of the file's parse (grammar_stop), found where v2 fails
 * (grammar_syntax_error) or by the scanner, not by productions of its own.
 *
 * Error recovery resynchronises on the closing bracket of the list or body
 * the error is in ('{...}', '[...]', '(...)', a class or instance body),
 * else on ';', so one mistake neither hides the next nor causes others.
 */
%define api.pure full
/* Every symbol is mof_* (mof_parse, mof_lex, MOF_STYPE), none a global yy*. */
%define api.prefix {mof_}
/* "custom" is "detailed" with our own report: detailed names the expected
 * tokens only when there are at most four, so most errors said just
 * "unexpected ';'".  yyreport_syntax_error (below) names them all, grouped
 * the way a MOF author thinks ("a value", "a name"). */
%define parse.error custom
%define api.location.type {mof_location}
%locations
%expect 0
%lex-param {yyscan_t scanner}
%parse-param {yyscan_t scanner} {parse_context *ctx}

%code requires {
#include "ast.h"
#include "parse.h"

#ifndef YY_TYPEDEF_YY_SCANNER_T
#define YY_TYPEDEF_YY_SCANNER_T
typedef void *yyscan_t;
#endif

/* Locations carry their file; bison's default would drop it. */
#define YYLLOC_DEFAULT(Cur, Rhs, N)                                   \
    do {                                                              \
        if (N) {                                                      \
            (Cur).file = YYRHSLOC(Rhs, 1).file;                       \
            (Cur).first_line = YYRHSLOC(Rhs, 1).first_line;           \
            (Cur).first_column = YYRHSLOC(Rhs, 1).first_column;       \
            (Cur).last_line = YYRHSLOC(Rhs, N).last_line;             \
            (Cur).last_column = YYRHSLOC(Rhs, N).last_column;         \
        } else {                                                      \
            (Cur).file = YYRHSLOC(Rhs, 0).file;                       \
            (Cur).first_line = (Cur).last_line = YYRHSLOC(Rhs, 0).last_line;       \
            (Cur).first_column = (Cur).last_column = YYRHSLOC(Rhs, 0).last_column; \
        }                                                             \
    } while (0)

typedef struct array_spec {
    ast_array_kind kind;
    uint64_t size;
    char *word;            /* "[key]": the word in the brackets, else NULL */
    mof_location word_loc;
} array_spec;

/* The Scope(...) and Flavor(...) lists of a qualifier declaration. */
typedef struct qualifier_decl_parts {
    ptr_vec scopes, flavors; /* ast_name * */
} qualifier_decl_parts;
}

%code {
#include "mof.lex.h"
#include "grammar_support.h"

static void mof_error(mof_location *loc, yyscan_t scanner, parse_context *ctx, const char *message);
}

%union {
    struct { char *text; cim_type type; } word;
    struct { uint64_t magnitude; bool negative; bool overflow; int radix; } integer;
    double real;
    struct { char *text; size_t length; bool broken; } string;
    uint32_t char16;
    char *text;
    ast_value *value;
    ptr_vec vec;
    ast_qualifier *qualifier;
    ast_feature *feature;
    ast_parameter *parameter;
    ast_type type;
    array_spec array;
    ast_class *class_decl;
    ast_name *name;
    qualifier_decl_parts decl_parts;
}

%token <word> IDENTIFIER "identifier"
%token <word> TYPE "data type"
%token <word> ALIAS_ID "alias"
%token <word> CLASS "'class'" INSTANCE "'instance'" OF "'of'" QUALIFIER "'qualifier'"
%token <word> AS "'as'" REF "'ref'" TRUE_ "'true'" FALSE_ "'false'" NULL_ "'null'"
%token PRAGMA "'#pragma'"
%token <integer> INTEGER "integer"
%token <real> REAL "real number"
%token <string> STRING "string"
%token <char16> CHAR16 "char16 literal"

%type <text> identifier class_name alias_opt superclass_opt reference_name member_name
%type <vec> qualifier_list qualifier_list_opt qualifiers flavor_list flavor_opt
%type <vec> value_list parameters parameter_list name_list pragma_args pragma_arg_list
%type <qualifier> qualifier
%type <value> value scalar_value literal integer real string_literal array_value qualifier_param_opt default_opt
%type <value> pragma_arg
%type <feature> feature feature_decl
%type <parameter> parameter
%type <type> data_type
%type <array> array_opt array_spec
%type <class_decl> class_head
%type <value> embedded_instance
%type <name> located_name
%type <decl_parts> qualifier_decl_tail

/* A property missing its ';' ends where the next declaration starts; a '['
 * after the name is its array size, not the next property's qualifiers. */
%precedence NO_SEMICOLON
%precedence '[' '(' ';'

%%

mof_file:
    %empty
  | mof_file declaration        { grammar_end_declaration(ctx); }
  ;

declaration:
    class_declaration
  | instance_declaration
  | qualifier_declaration
  | pragma
  | ';'                         { grammar_warn_extra_semi(ctx, &@1, "at file scope"); }
  | error ';'                   /* no yyerrok: the rest of a broken class body ("};") is dropped quietly */
  | error '}' class_end         { yyerrok; }
  ;

/* ---- classes ----------------------------------------------------------- */

class_declaration:
    class_head '{' feature_list '}' class_end
                                { grammar_end_class(ctx); }
  | class_head '{' feature_list error '}' class_end
                                { grammar_end_class(ctx); yyerrok; } /* the error is at the end: the class still ends here */
  | class_head '(' ')' ';'      { grammar_class_parens(ctx, $1, &@2); }
  ;

class_head:
    qualifier_list_opt CLASS class_name alias_opt superclass_opt
                                { $$ = grammar_begin_class(ctx, &$1, $3, &@3, $4, $5, &@5, &@2); }
  ;

class_end:
    ';'
  | %empty %prec NO_SEMICOLON   { grammar_warn_missing_semicolon(ctx, &@0, "after the class body"); }
  ;

class_name:
    identifier                  { $$ = $1; }
  | identifier IDENTIFIER       { $$ = grammar_join_split_name(ctx, $1, $2.text, &@$); }
  | %empty                      { $$ = NULL; }
  ;

alias_opt:
    %empty                      { $$ = NULL; }
  | AS ALIAS_ID                 { $$ = $2.text; }
  ;

superclass_opt:
    %empty                      { $$ = NULL; }
  | ':' identifier              { $$ = $2; @$ = @2; }
  | ':'                         { $$ = NULL; grammar_warn_dangling_colon(ctx, &@1); }
  ;

feature_list:
    %empty
  | feature_list feature_item
  ;

feature_item:
    feature feature_end         { grammar_add_feature(ctx, $1); }
  | ';'                         { grammar_warn_extra_semi(ctx, &@1, "in the class body"); }
  | '(' junk ')'                { grammar_trailing_text(ctx, &@$, false); }
  | '[' ']'                     { grammar_trailing_text(ctx, &@$, true); }
  | error ';'                   { yyerrok; }
  ;

feature_end:
    ';'
  | ','                         { grammar_warn_comma(ctx, &@1); }
  | %empty %prec NO_SEMICOLON   { grammar_warn_missing_semicolon(ctx, &@0, "after the declaration"); }
  ;

junk:
    %empty
  | junk junk_token
  ;

junk_token:
    identifier {} | INTEGER {} | REAL {} | STRING {} | ALIAS_ID {} | TRUE_ {} | FALSE_ {} | NULL_ {}
  | REF {} | ',' | '.' | ':' | '-' | '+' | '='
  ;

feature:
    qualifier_list_opt feature_decl
                                { $$ = grammar_feature_qualifiers(ctx, $2, &$1); }
  ;

feature_decl:
    data_type member_name array_opt default_opt
                                {
                                    $$ = grammar_property(ctx, &$1, $2, &@2, &$3, $4);
                                    if ($$->array == ARRAY_NONE && $3.word) /* "[key]" went to the next one */
                                        @$ = (mof_location){@1.file, @1.first_line, @1.first_column, @2.last_line, @2.last_column};
                                }
  | data_type '[' ']' member_name default_opt
                                {
                                    array_spec variable = {ARRAY_VARIABLE, 0, NULL, @2};
                                    $$ = grammar_property(ctx, &$1, $4, &@4, &variable, $5);
                                    grammar_warn_prefix_array(ctx, &@2, $4);
                                }
  | IDENTIFIER REF reference_name array_opt default_opt
                                { $$ = grammar_reference(ctx, $1.text, &@1, $3, &@3, &$4, $5); }
  | REF ':' IDENTIFIER member_name array_opt default_opt
                                {
                                    $$ = grammar_reference(ctx, $3.text, &@3, $4, &@4, &$5, $6);
                                    grammar_warn_ref_colon(ctx, &@1, $3.text, $4);
                                }
  | data_type member_name '(' parameters ')'
                                { $$ = grammar_method(ctx, &$1, $2, &@2, &$4); }
  | IDENTIFIER REF reference_name '(' parameters ')'
                                { /* a method that returns a reference */
                                    ast_type t = grammar_reference_type(ctx, $1.text, &@1);
                                    $$ = grammar_method(ctx, &t, $3, &@3, &$5);
                                }
  | data_type member_name '(' error ')'
                                {
                                    ptr_vec none = {0};
                                    $$ = grammar_method(ctx, &$1, $2, &@2, &none);
                                    yyerrok;
                                }
  ;

data_type:
    TYPE                        { $$ = grammar_intrinsic_type(ctx, $1.type, $1.text, &@1); }
  | IDENTIFIER                  { $$ = grammar_class_type(ctx, $1.text, &@1); }
  ;

array_opt:
    %empty %prec NO_SEMICOLON   { $$ = (array_spec){ARRAY_NONE, 0, NULL, @$}; }
  | array_spec                  { $$ = $1; }
  ;

array_spec:
    '[' ']'                     { $$ = (array_spec){ARRAY_VARIABLE, 0, NULL, @$}; }
  | '[' INTEGER ']'             { $$ = grammar_fixed_array(ctx, $2.magnitude, $2.overflow, &@2); }
  | '[' identifier ']'          { $$ = (array_spec){ARRAY_VARIABLE, 0, $2, @2}; } /* see take_array in parse.c */
  ;

default_opt:
    %empty                      { $$ = NULL; }
  | '=' value                   { $$ = $2; }
  ;

parameters:
    %empty                      { $$ = (ptr_vec){0}; }
  | parameter_list              { $$ = $1; }
  ;

parameter_list:
    parameter                   { $$ = (ptr_vec){0}; ptr_vec_push(ctx->arena, &$$, $1); }
  | parameter_list ',' parameter
                                { $$ = $1; ptr_vec_push(ctx->arena, &$$, $3); }
  ;

parameter:
    qualifier_list_opt data_type member_name array_opt default_opt
                                { $$ = grammar_parameter(ctx, &$1, &$2, $3, &@3, &$4, $5); }
  | qualifier_list_opt IDENTIFIER REF reference_name array_opt default_opt
                                {
                                    ast_type t = grammar_reference_type(ctx, $2.text, &@2);
                                    $$ = grammar_parameter(ctx, &$1, &t, $4, &@4, &$5, $6);
                                }
  | qualifier_list_opt REF ':' IDENTIFIER member_name array_opt default_opt
                                {
                                    ast_type t = grammar_reference_type(ctx, $4.text, &@4);
                                    $$ = grammar_parameter(ctx, &$1, &t, $5, &@5, &$6, $7);
                                    grammar_warn_ref_colon(ctx, &@2, $4.text, $5);
                                }
  ;

/* ---- qualifiers ---------------------------------------------------------- */

qualifier_list_opt:
    %empty                      { $$ = (ptr_vec){0}; }
  | qualifier_list              { $$ = $1; }
  ;

qualifier_list:
    '[' qualifiers ']'          { $$ = $2; ptr_vec_fit(ctx->arena, &$$); }
  | '[' error ']'               { $$ = (ptr_vec){0}; yyerrok; }
  ;

qualifiers:
    qualifier                   { $$ = (ptr_vec){0}; ptr_vec_push(ctx->arena, &$$, $1); }
  | qualifiers ',' qualifier    { $$ = $1; ptr_vec_push(ctx->arena, &$$, $3); }
  ;

qualifier:
    identifier qualifier_param_opt flavor_opt
                                { $$ = grammar_qualifier(ctx, $1, &@1, $2, &$3); }
  ;

qualifier_param_opt:
    %empty                      { $$ = NULL; }
  | '(' value ')'               { $$ = $2; }
  | array_value                 { $$ = $1; }
  ;

flavor_opt:
    %empty                      { $$ = (ptr_vec){0}; }
  | ':' flavor_list             { $$ = $2; }
  ;

flavor_list:
    located_name                { $$ = (ptr_vec){0}; ptr_vec_push(ctx->arena, &$$, $1); }
  | flavor_list located_name    { $$ = $1; ptr_vec_push(ctx->arena, &$$, $2); }
  ;

/* ---- values -------------------------------------------------------------- */

value:
    scalar_value                { $$ = $1; }
  | array_value                 { $$ = $1; }
  ;

scalar_value:
    literal                     { $$ = $1; }
  | ALIAS_ID                    { $$ = grammar_alias_value(ctx, $1.text, &@1); }
  | embedded_instance           { $$ = $1; }
  ;

/* WMI writes an embedded object's value as an instance in place. */
embedded_instance:
    INSTANCE OF identifier      { $<value>$ = grammar_begin_embedded(ctx, $3, &@3); }
    '{' property_values embedded_end
                                { $$ = grammar_end_embedded(ctx, $<value>4); }
  ;

/* A mistake inside stops at the embedded instance's own '}'. */
embedded_end:
    '}'
  | error '}'                   { yyerrok; }
  ;

array_value:
    '{' '}'                     { $$ = grammar_array_value(ctx, NULL, &@$); }
  | '{' value_list '}'          { $$ = grammar_array_value(ctx, &$2, &@$); }
  | '{' error '}'               { $$ = grammar_value(ctx, VAL_NULL, &@$); yyerrok; } /* checks then say nothing more */
  ;

value_list:
    scalar_value                { $$ = (ptr_vec){0}; ptr_vec_push(ctx->arena, &$$, $1); }
  | value_list ',' scalar_value { $$ = $1; ptr_vec_push(ctx->arena, &$$, $3); }
  ;

literal:
    integer                     { $$ = $1; }
  | real                        { $$ = $1; }
  | string_literal              { $$ = $1; }
  | CHAR16                      { $$ = grammar_value(ctx, VAL_CHAR16, &@1); $$->u.char16 = $1; }
  | TRUE_                       { $$ = grammar_value(ctx, VAL_BOOLEAN, &@1); $$->u.boolean = true; }
  | FALSE_                      { $$ = grammar_value(ctx, VAL_BOOLEAN, &@1); $$->u.boolean = false; }
  | NULL_                       { $$ = grammar_value(ctx, VAL_NULL, &@1); }
  ;

integer:
    INTEGER                     { $$ = grammar_integer(ctx, $1.magnitude, $1.overflow, $1.radix, false, &@$); }
  | '-' INTEGER                 { $$ = grammar_integer(ctx, $2.magnitude, $2.overflow, $2.radix, true, &@$); }
  | '+' INTEGER                 { $$ = grammar_integer(ctx, $2.magnitude, $2.overflow, $2.radix, false, &@$); }
  ;

real:
    REAL                        { $$ = grammar_value(ctx, VAL_REAL, &@$); $$->u.real = $1; }
  | '-' REAL                    { $$ = grammar_value(ctx, VAL_REAL, &@$); $$->u.real = -$2; }
  | '+' REAL                    { $$ = grammar_value(ctx, VAL_REAL, &@$); $$->u.real = $2; }
  ;

/* Adjacent string literals are one string (DSP0004 stringValue).  The
 * pieces are gathered in one growing buffer and copied out once, so a
 * Description in thousands of pieces costs linear time and memory. */
string_literal:
    string_pieces               { $$ = grammar_string_end(ctx, &@$); }
  ;

string_pieces:
    STRING                      { grammar_string_begin(ctx, $1.text, $1.length, $1.broken); }
  | string_pieces STRING        { grammar_string_append(ctx, $2.text, $2.length, $2.broken); }
  ;

/* ---- instances ----------------------------------------------------------- */

instance_declaration:
    qualifier_list_opt INSTANCE OF identifier alias_opt
                                { grammar_begin_instance(ctx, &$1, $4, &@4, $5); }
    '{' property_values instance_end
  ;

instance_end:
    '}' class_end
  | error '}' class_end         { yyerrok; }
  ;

property_values:
    %empty
  | property_values property_value
  ;

property_value:
    qualifier_list_opt member_name '=' value ';'
                                { grammar_add_property_value(ctx, &$1, $2, &@2, $4); }
  | qualifier_list_opt REF '=' value ';'
                                { grammar_add_property_value(ctx, &$1, $2.text, &@2, $4); } /* a property called Ref */
  | qualifier_list_opt member_name ';'
                                { grammar_valueless_property(ctx, &$1, $2, &@2); }
  | qualifier_list_opt REF ';'  { grammar_valueless_property(ctx, &$1, $2.text, &@2); }
  | ';'                         { grammar_warn_extra_semi(ctx, &@1, "in the instance body"); }
  | error ';'                   { yyerrok; }
  ;

/* ---- qualifier declarations ---------------------------------------------- */

qualifier_declaration:
    QUALIFIER identifier ':' data_type array_opt default_opt qualifier_decl_tail ';'
                                { grammar_qualifier_decl(ctx, $2, &@2, &$4, &$5, $6, &$7); }
  ;

qualifier_decl_tail:
    %empty                      { $$ = (qualifier_decl_parts){0}; }
  | qualifier_decl_tail ',' identifier '(' name_list ')'
                                { $$ = $1; grammar_qualifier_decl_part(ctx, &$$, $3, &@3, &$5); }
  ;

name_list:
    located_name                { $$ = (ptr_vec){0}; ptr_vec_push(ctx->arena, &$$, $1); }
  | name_list ',' located_name  { $$ = $1; ptr_vec_push(ctx->arena, &$$, $3); }
  ;

/* ---- compiler directives ------------------------------------------------- */

pragma:
    PRAGMA identifier           { grammar_pragma(ctx, $2, &@2, NULL); }
  | PRAGMA identifier '(' pragma_args ')'
                                { grammar_pragma(ctx, $2, &@2, &$4); }
  ;

pragma_args:
    %empty                      { $$ = (ptr_vec){0}; }
  | pragma_arg_list             { $$ = $1; }
  ;

pragma_arg_list:
    pragma_arg                  { $$ = (ptr_vec){0}; ptr_vec_push(ctx->arena, &$$, $1); }
  | pragma_arg_list ',' pragma_arg
                                { $$ = $1; ptr_vec_push(ctx->arena, &$$, $3); }
  ;

pragma_arg:
    string_literal              { $$ = $1; }
  | integer                     { $$ = $1; }
  | identifier                  { $$ = grammar_string_value(ctx, $1, strlen($1), &@1); }
  ;

/* ---- names --------------------------------------------------------------- */

/* After REF a name cannot be anything else, so "Ref" is a fine name there. */
reference_name:
    identifier                  { $$ = $1; }
  | REF                         { $$ = $1.text; }
  ;

/* A flavor or scope, kept with where it was written for messages. */
located_name:
    identifier                  { $$ = grammar_name(ctx, $1, &@1); }
  ;

/* What a property, method, parameter or instance value is called: after
 * its type (or at the start of a value) 'as', 'true', 'false' and 'null'
 * cannot mean anything else, so they are names there too. */
member_name:
    identifier                  { $$ = $1; }
  | AS                          { $$ = $1.text; }
  | TRUE_                       { $$ = $1.text; }
  | FALSE_                      { $$ = $1.text; }
  | NULL_                       { $$ = $1.text; }
  ;

/* MOF keywords are reserved only where they would be ambiguous: a property
 * may be called DateTime, a scope list says 'class'. */
identifier:
    IDENTIFIER                  { $$ = $1.text; }
  | TYPE                        { $$ = $1.text; }
  | CLASS                       { $$ = $1.text; }
  | INSTANCE                    { $$ = $1.text; }
  | OF                          { $$ = $1.text; }
  | QUALIFIER                   { $$ = $1.text; }
  ;

%%

static int yyreport_syntax_error(const yypcontext_t *yyctx, yyscan_t scanner, parse_context *ctx)
{
    (void)scanner;
    yysymbol_kind_t expected[YYNTOKENS];
    int count = yypcontext_expected_tokens(yyctx, expected, YYNTOKENS);
    const char *names[YYNTOKENS];
    for (int i = 0; i < count; i++)
        names[i] = yysymbol_name(expected[i]);
    grammar_syntax_error(ctx, yypcontext_location(yyctx), yysymbol_name(yypcontext_token(yyctx)),
                         names, count < 0 ? 0 : (size_t)count);
    return 0;
}

/* Bison's own messages, passed to the parser's driver (parse.c). */
static void mof_error(mof_location *loc, yyscan_t scanner, parse_context *ctx, const char *message)
{
    (void)scanner;
    grammar_parser_error(ctx, loc, message);
}
