/*
 * mdpage.c - md4c's block and span callbacks folded into md_page (mdpage.h).
 *
 * md4c hands text out as pointers into the input, so each piece's page
 * offset is the pointer minus the page's start; entities and the like are
 * the exception, and take the offset of the piece before them.
 */
#include "mdpage.h"

#include <md4c.h>
#include <stdlib.h>
#include <string.h>

/* ---- a text being built ----------------------------------------------- */

typedef struct text_builder {
    char *text;
    size_t length, capacity;
    size_t *starts, *offsets;
    size_t pieces, piece_capacity;
    char *link;
} text_builder;

static void tb_append(text_builder *b, const char *s, size_t n, size_t offset)
{
    if (b->pieces == b->piece_capacity) {
        b->piece_capacity = b->piece_capacity ? 2 * b->piece_capacity : 8;
        b->starts = xrealloc(b->starts, b->piece_capacity * sizeof *b->starts);
        b->offsets = xrealloc(b->offsets, b->piece_capacity * sizeof *b->offsets);
    }
    b->starts[b->pieces] = b->length;
    b->offsets[b->pieces] = offset;
    b->pieces++;
    if (b->length + n + 1 > b->capacity) {
        b->capacity = 2 * (b->length + n + 1);
        b->text = xrealloc(b->text, b->capacity);
    }
    memcpy(b->text + b->length, s, n);
    b->length += n;
    b->text[b->length] = '\0';
}

/* Moves what was built into the arena and empties the builder. */
static md_text tb_finish(arena *a, text_builder *b)
{
    md_text t = {0};
    t.text = arena_strndup(a, b->text ? b->text : "", b->length);
    t.length = b->length;
    t.pieces = b->pieces;
    t.starts = arena_alloc(a, (b->pieces + 1) * sizeof *t.starts);
    t.offsets = arena_alloc(a, (b->pieces + 1) * sizeof *t.offsets);
    if (b->pieces) {
        memcpy(t.starts, b->starts, b->pieces * sizeof *t.starts);
        memcpy(t.offsets, b->offsets, b->pieces * sizeof *t.offsets);
    }
    t.link = b->link ? arena_strdup(a, b->link) : NULL;
    free(b->link);
    b->link = NULL;
    b->length = 0;
    b->pieces = 0;
    if (b->text)
        b->text[0] = '\0';
    return t;
}

size_t md_text_offset(const md_text *t, size_t pos)
{
    size_t lo = 0, hi = t->pieces;
    if (hi == 0)
        return 0;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (t->starts[mid] <= pos)
            lo = mid;
        else
            hi = mid;
    }
    return t->offsets[lo] + (pos - t->starts[lo]);
}

/* ---- the callbacks ------------------------------------------------------ */

typedef struct md_state {
    arena *arena;
    md_page *page;
    /* The text md4c reads: the page after its front matter, with table
     * delimiter rows widened (below); line i starts at copy_starts[i] there
     * and at page_starts[i] in the page. */
    const char *copy;
    size_t copy_length;
    size_t *copy_starts, *page_starts;
    size_t line_count;
    size_t base;          /* offset of the text md4c reads within the page */
    size_t capacity;
    int quote_depth, item_depth;
    bool in_leaf;         /* a heading, paragraph, code block or cell is open */
    md_block current;
    text_builder text;
    size_t last_offset;   /* of the last piece, for pieces not in the input */
    size_t code_end;      /* code: page offset just after its last text */
    /* the table being read */
    bool in_table;
    md_text *cells;
    size_t cell_count, cell_capacity;
    size_t *row_widths;
    size_t rows, row_capacity;
} md_state;

static void push_block(md_state *s, const md_block *b)
{
    md_page *p = s->page;
    if (p->count == s->capacity) {
        s->capacity = s->capacity ? 2 * s->capacity : 64;
        md_block *grown = arena_alloc(s->arena, s->capacity * sizeof *grown);
        if (p->count)
            memcpy(grown, p->blocks, p->count * sizeof *grown);
        p->blocks = grown;
    }
    p->blocks[p->count++] = *b;
}

static void open_leaf(md_state *s, md_kind kind, int level)
{
    memset(&s->current, 0, sizeof s->current);
    s->current.kind = kind;
    s->current.level = level;
    s->current.quoted = s->quote_depth > 0;
    s->current.offset = (size_t)-1;
    s->in_leaf = true;
    s->code_end = 0;
}

/* True when a closing fence line follows offset `end` of the page. */
static bool fence_follows(const md_page *p, size_t end)
{
    size_t i = end;
    if (end > 0 && (p->text[end - 1] == '\n' || p->text[end - 1] == '\r')) {
        if (i < p->length && p->text[i] == '\n')
            i++; /* the text ended with its line, CR LF */
    } else {
        while (i < p->length && p->text[i] != '\n')
            i++;
        if (i < p->length)
            i++;
    }
    /* blank lines at the end of the code are its text too */
    while (i < p->length && (p->text[i] == ' ' || p->text[i] == '\t' || p->text[i] == '\r' || p->text[i] == '\n'))
        i++;
    return i + 3 <= p->length && (strncmp(p->text + i, "```", 3) == 0 || strncmp(p->text + i, "~~~", 3) == 0);
}

static void close_leaf(md_state *s)
{
    if (!s->in_leaf)
        return;
    s->in_leaf = false;
    md_block *b = &s->current;
    b->text = tb_finish(s->arena, &s->text);
    if (b->offset == (size_t)-1)
        b->offset = s->last_offset;
    if (b->kind == MD_CODE)
        b->end = s->code_end ? s->code_end : b->offset;
    if (b->kind == MD_CODE)
        b->closed = fence_follows(s->page, s->code_end ? s->code_end : b->offset);
    if (b->kind == MD_ITEM && b->text.length == 0)
        return;
    push_block(s, b);
}

/* The first '|' of the table's first line, given an offset in the table. */
static size_t table_start(const md_page *p, size_t at)
{
    size_t line = at;
    while (line > 0 && p->text[line - 1] != '\n')
        line--;
    for (;;) {
        size_t prev = line;
        if (prev == 0)
            break;
        prev--; /* the '\n' ending the line before */
        while (prev > 0 && p->text[prev - 1] != '\n')
            prev--;
        size_t i = prev;
        while (p->text[i] == ' ' || p->text[i] == '\t')
            i++;
        if (p->text[i] != '|')
            break;
        line = prev;
    }
    while (p->text[line] == ' ' || p->text[line] == '\t')
        line++;
    return line;
}

static int enter_block(MD_BLOCKTYPE type, void *detail, void *userdata)
{
    md_state *s = userdata;
    switch (type) {
    case MD_BLOCK_QUOTE: s->quote_depth++; break;
    case MD_BLOCK_LI:
        close_leaf(s);
        s->item_depth++;
        open_leaf(s, MD_ITEM, 0);
        break;
    case MD_BLOCK_H:
        close_leaf(s);
        open_leaf(s, MD_HEADING, (int)((MD_BLOCK_H_DETAIL *)detail)->level);
        break;
    case MD_BLOCK_CODE: close_leaf(s); open_leaf(s, MD_CODE, 0); break;
    case MD_BLOCK_P: close_leaf(s); open_leaf(s, MD_PARAGRAPH, 0); break;
    case MD_BLOCK_TABLE:
        close_leaf(s);
        s->in_table = true;
        s->cell_count = s->rows = 0;
        break;
    case MD_BLOCK_TR:
        if (s->rows == s->row_capacity) {
            s->row_capacity = s->row_capacity ? 2 * s->row_capacity : 16;
            s->row_widths = xrealloc(s->row_widths, s->row_capacity * sizeof *s->row_widths);
        }
        s->row_widths[s->rows++] = 0;
        break;
    case MD_BLOCK_TH:
    case MD_BLOCK_TD: s->in_leaf = true; s->current.offset = (size_t)-1; break;
    default: break;
    }
    return 0;
}

static int leave_block(MD_BLOCKTYPE type, void *detail, void *userdata)
{
    (void)detail;
    md_state *s = userdata;
    switch (type) {
    case MD_BLOCK_QUOTE: close_leaf(s); s->quote_depth--; break;
    case MD_BLOCK_LI: close_leaf(s); s->item_depth--; break;
    case MD_BLOCK_H:
    case MD_BLOCK_CODE:
    case MD_BLOCK_P: close_leaf(s); break;
    case MD_BLOCK_TH:
    case MD_BLOCK_TD:
        s->in_leaf = false;
        if (s->cell_count == s->cell_capacity) {
            s->cell_capacity = s->cell_capacity ? 2 * s->cell_capacity : 32;
            s->cells = xrealloc(s->cells, s->cell_capacity * sizeof *s->cells);
        }
        s->cells[s->cell_count++] = tb_finish(s->arena, &s->text);
        s->row_widths[s->rows - 1]++;
        break;
    case MD_BLOCK_TABLE: {
        md_block b = {.kind = MD_TABLE, .quoted = s->quote_depth > 0, .rows = s->rows};
        for (size_t r = 0; r < s->rows; r++)
            if (s->row_widths[r] > b.cols)
                b.cols = s->row_widths[r];
        b.cells = arena_alloc(s->arena, (b.rows * b.cols + 1) * sizeof *b.cells);
        size_t k = 0;
        for (size_t r = 0; r < s->rows; r++)
            for (size_t c = 0; c < s->row_widths[r]; c++)
                b.cells[r * b.cols + c] = s->cells[k++];
        for (size_t i = 0; i < b.rows * b.cols; i++)
            if (!b.cells[i].text)
                b.cells[i].text = "";
        b.offset = s->last_offset;
        for (size_t i = 0; i < s->cell_count; i++)
            if (s->cells[i].pieces) {
                b.offset = s->cells[i].offsets[0];
                break;
            }
        b.offset = table_start(s->page, b.offset);
        push_block(s, &b);
        s->in_table = false;
        break;
    }
    default: break;
    }
    return 0;
}

static int enter_span(MD_SPANTYPE type, void *detail, void *userdata)
{
    md_state *s = userdata;
    if (type == MD_SPAN_CODE && s->in_leaf)
        tb_append(&s->text, "`", 1, s->last_offset);
    if (type == MD_SPAN_A && s->in_leaf && !s->text.link) {
        const MD_ATTRIBUTE *href = &((MD_SPAN_A_DETAIL *)detail)->href;
        s->text.link = xmalloc(href->size + 1);
        memcpy(s->text.link, href->text, href->size);
        s->text.link[href->size] = '\0';
    }
    return 0;
}

static int leave_span(MD_SPANTYPE type, void *detail, void *userdata)
{
    (void)detail;
    md_state *s = userdata;
    if (type == MD_SPAN_CODE && s->in_leaf)
        tb_append(&s->text, "`", 1, s->last_offset);
    return 0;
}

/* The few entities the pages use; any other is kept as written. */
static const char *entity_text(const char *e, size_t n)
{
    static const struct {
        const char *name, *text;
    } entities[] = {{"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&nbsp;", " "}, {"&#39;", "'"}};
    for (size_t i = 0; i < sizeof entities / sizeof entities[0]; i++)
        if (strlen(entities[i].name) == n && memcmp(entities[i].name, e, n) == 0)
            return entities[i].text;
    return NULL;
}

/* The page offset of offset `at` of the copy md4c reads. */
static size_t page_offset(const md_state *s, size_t at)
{
    size_t lo = 0, hi = s->line_count;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (s->copy_starts[mid] <= at)
            lo = mid;
        else
            hi = mid;
    }
    size_t offset = s->page_starts[lo] + (at - s->copy_starts[lo]);
    size_t line_end = lo + 1 < s->line_count ? s->page_starts[lo + 1] : s->page->length;
    return offset < line_end ? offset : (line_end ? line_end - 1 : 0);
}

static int text_cb(MD_TEXTTYPE type, const MD_CHAR *text, MD_SIZE size, void *userdata)
{
    md_state *s = userdata;
    bool in_input = text >= s->copy && text + size <= s->copy + s->copy_length;
    size_t offset = in_input ? page_offset(s, (size_t)(text - s->copy)) : s->last_offset;
    if (!s->in_leaf) {
        if (s->item_depth == 0 || s->in_table)
            return 0;
        open_leaf(s, MD_ITEM, 0); /* text of a tight list item */
    }
    if (s->current.offset == (size_t)-1 && type != MD_TEXT_BR && type != MD_TEXT_SOFTBR && in_input)
        s->current.offset = offset;
    switch (type) {
    case MD_TEXT_BR:
    case MD_TEXT_SOFTBR: tb_append(&s->text, "\n", 1, offset); break;
    case MD_TEXT_NULLCHAR: tb_append(&s->text, "\xEF\xBF\xBD", 3, offset); break;
    case MD_TEXT_ENTITY: {
        const char *e = entity_text(text, size);
        tb_append(&s->text, e ? e : text, e ? strlen(e) : size, offset);
        break;
    }
    case MD_TEXT_HTML:
        /* "<br />" inside a table cell is a line break; other tags go. */
        if (size >= 3 && strncmp(text, "<br", 3) == 0)
            tb_append(&s->text, " ", 1, offset);
        break;
    default:
        tb_append(&s->text, text, size, offset);
        if (in_input)
            s->code_end = offset + size;
        break;
    }
    if (in_input)
        s->last_offset = offset + size;
    return 0;
}

/* True for a table delimiter row: '|', ':' and '-' (at least one), blanks. */
static bool is_delimiter_row(const char *line, size_t n)
{
    bool dash = false;
    for (size_t i = 0; i < n; i++) {
        if (line[i] == '-')
            dash = true;
        else if (!strchr("|: \t\r", line[i]))
            return false;
    }
    return dash && memchr(line, '|', n) != NULL;
}

/* md4c 0.4.8 wants three dashes in each column of a delimiter row; GFM,
 * and so the pages ("|-|-|"), need one.  The copy md4c reads has each run
 * of dashes there made three long. */
static void make_copy(md_state *s, const char *text, size_t length)
{
    size_t lines = 1;
    for (size_t i = 0; i < length; i++)
        lines += text[i] == '\n';
    s->copy_starts = xmalloc(lines * sizeof *s->copy_starts);
    s->page_starts = xmalloc(lines * sizeof *s->page_starts);
    char *copy = xmalloc(3 * length + 1);
    size_t k = 0;
    s->line_count = 0;
    for (size_t i = 0; i <= length;) {
        size_t n = 0;
        while (i + n < length && text[i + n] != '\n')
            n++;
        s->copy_starts[s->line_count] = k;
        s->page_starts[s->line_count] = s->base + i;
        s->line_count++;
        bool widen = is_delimiter_row(text + i, n);
        for (size_t j = 0; j < n; j++) {
            copy[k++] = text[i + j];
            if (widen && text[i + j] == '-' && (j + 1 == n || text[i + j + 1] != '-') && (j == 0 || text[i + j - 1] != '-'))
                copy[k++] = '-', copy[k++] = '-';
        }
        if (i + n < length)
            copy[k++] = '\n';
        i += n + 1;
        if (i > length)
            break;
    }
    copy[k] = '\0';
    s->copy = copy;
    s->copy_length = k;
}

/* The length of a front matter block at the start of `text`, 0 when none. */
static size_t front_matter_length(const char *text, size_t length)
{
    if (length < 4 || strncmp(text, "---", 3) != 0 || (text[3] != '\n' && text[3] != '\r'))
        return 0;
    for (size_t i = 3; i + 4 <= length; i++)
        if (text[i] == '\n' && strncmp(text + i + 1, "---", 3) == 0) {
            size_t end = i + 4;
            while (end < length && text[end] != '\n')
                end++;
            return end < length ? end + 1 : end;
        }
    return 0;
}

int md_page_parse(arena *a, const char *text, size_t length, md_page *page)
{
    memset(page, 0, sizeof *page);
    page->text = text;
    page->length = length;
    md_state s = {.arena = a, .page = page};
    s.base = front_matter_length(text, length);
    s.last_offset = s.base;
    MD_PARSER parser = {
        .flags = MD_FLAG_TABLES | MD_FLAG_NOHTMLBLOCKS,
        .enter_block = enter_block,
        .leave_block = leave_block,
        .enter_span = enter_span,
        .leave_span = leave_span,
        .text = text_cb,
    };
    make_copy(&s, text + s.base, length - s.base);
    int rc = md_parse(s.copy, (MD_SIZE)s.copy_length, &parser, &s);
    close_leaf(&s);
    free(s.text.text);
    free(s.text.starts);
    free(s.text.offsets);
    free(s.text.link);
    free(s.cells);
    free(s.row_widths);
    free((char *)s.copy);
    free(s.copy_starts);
    free(s.page_starts);
    return rc == 0 ? 0 : -1;
}
