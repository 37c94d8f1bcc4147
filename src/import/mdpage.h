/*
 * mdpage.h - a Markdown page as the flat list of blocks import-doc reads:
 * headings, paragraphs, fenced code, list items and tables, in page order,
 * each with its plain text and where every piece of that text sits in the
 * page, so a diagnostic can point at a word.
 *
 * The structure comes from md4c (CommonMark with GitHub tables); this file
 * only flattens md4c's callbacks.  A YAML front matter block ("---" ...
 * "---") is skipped, as the documentation site does.
 */
#ifndef MOFGEN_MDPAGE_H
#define MOFGEN_MDPAGE_H

#include "arena.h"

#include <stdbool.h>
#include <stddef.h>

typedef enum md_kind { MD_HEADING, MD_PARAGRAPH, MD_CODE, MD_ITEM, MD_TABLE } md_kind;

/* Plain text with a map back to page offsets: piece i starts at text
 * position starts[i] and page offset offsets[i].  Code spans keep their
 * backticks ("`Name`"); line breaks inside a paragraph are '\n'. */
typedef struct md_text {
    char *text;
    size_t length;
    size_t *starts, *offsets;
    size_t pieces;
    const char *link; /* the target of the first link in it, NULL when none */
} md_text;

typedef struct md_block {
    md_kind kind;
    int level;         /* heading level */
    bool quoted;       /* inside a block quote ("> [!NOTE]") */
    size_t offset;     /* page offset of its first character of text */
    md_text text;      /* all but tables */
    /* Code: the page offset just past its text, and whether a closing
     * fence follows it. */
    size_t end;
    bool closed;
    /* Tables: rows x cols cells, row 0 the header. */
    size_t rows, cols;
    md_text *cells;
} md_block;

typedef struct md_page {
    const char *text;  /* the whole page */
    size_t length;
    md_block *blocks;
    size_t count;
} md_page;

/* Parses `text` (the whole page, front matter included).  Blocks and their
 * text live in `a`.  Returns 0, or -1 when md4c fails. */
int md_page_parse(arena *a, const char *text, size_t length, md_page *page);

/* The page offset of position `pos` in `t`. */
size_t md_text_offset(const md_text *t, size_t pos);

#endif
