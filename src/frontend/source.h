/*
 * source.h - MOF source files in memory, and locations inside them.
 *
 * Every file is read whole, converted to UTF-8 without a BOM (UTF-16 files
 * with a BOM, as WMI tools write them, and UTF-32 ones are transcoded), and
 * kept until the end of the run so diagnostics can quote the offending line.
 */
#ifndef MOFGEN_SOURCE_H
#define MOFGEN_SOURCE_H

#include <stdbool.h>
#include <stddef.h>

typedef struct source_file source_file;

/* A span in a source file.  Lines and columns are 1-based; columns count
 * characters (UTF-8 code points), a tab counts as one.  Bison uses this as
 * its YYLTYPE, hence the field names. */
typedef struct mof_location {
    const source_file *file;
    int first_line;
    int first_column;
    int last_line;
    int last_column; /* inclusive */
} mof_location;

struct source_file {
    char *path;         /* the path it was opened with */
    char *name;         /* the name diagnostics show */
    char *text;         /* UTF-8, BOM removed, ends in two NULs (flex scans it in place);
                           NULL once released (source_release_texts): read it with source_text */
    size_t length;
    /* Where the text can be read again once released: a regular file, as
     * it was when read (size, times, inode), or the caller's memory. */
    struct source_origin {
        bool rereadable;
        const struct source_memory_file *memory;
        unsigned long long size, device, inode;
        long long mtime_sec, mtime_nsec, ctime_sec, ctime_nsec;
    } origin;
    bool released;      /* its text was freed after the parse */
    bool changed;       /* it was no longer the same when read again: no excerpts */
    bool ascii;         /* no byte of `text` is above 0x7F */
    size_t *line_starts; /* byte offset of each line; built on first use */
    size_t line_count;
    /* Where the last excerpt started its column count: diagnostics come in
     * source order, so the next one on the same line counts on from here
     * instead of from the start of a line that may be megabytes long. */
    int cursor_line, cursor_column;
    size_t cursor_offset;
    size_t size_read;   /* bytes read from the file, before decoding */
    size_t order;       /* files are numbered in the order they were read */
    const source_file *included_from;
    mof_location include_location;
    /* Set when the bytes were not well-formed text (invalid UTF-8, an
     * unpaired UTF-16 surrogate, UTF-16 without a BOM, ...): the message and
     * where the first problem is in `text`, which holds what could be
     * decoded, U+FFFD in place of bad bytes.  Line 0: the file as a whole. */
    char *encoding_error;
    int encoding_line, encoding_column;
};

/* A file served from memory instead of the disk (fuzz targets, tests). */
typedef struct source_memory_file {
    const char *path; /* as an include or the command line names it, e.g. "sub/a.mof" */
    const char *text;
    size_t length;
} source_memory_file;

/* Owns every file read during one compilation. */
typedef struct source_set {
    source_file **files;
    size_t count;
    /* When set, files are read from this table only, never from the disk;
     * paths are matched after "./", "//" and "dir/.." are folded. */
    const source_memory_file *memory;
    size_t memory_count;
} source_set;

void source_set_free(source_set *set);

/* "-": standard input, as MOF files are named on the command line
 * (`cpp schema.mof | mofgen -`).  Diagnostics call it <stdin>; the files
 * it includes are found from the current folder. */
bool source_is_stdin(const char *path);
#define SOURCE_STDIN_NAME "<stdin>"

/* The default bound on the bytes read, all input files together: far
 * above any real schema (the CIM Schema is 5 MB), far below what would
 * exhaust memory by surprise (mofgen /dev/zero). */
#define SOURCE_DEFAULT_MAX_INPUT (4ULL << 30)

/* Reads `path` (standard input for "-"), at most `limit` bytes.  Returns the
 * file, or NULL with a message in `why` (the strerror text, or that the file
 * is over the limit) when it cannot be read.  A file that is not well-formed
 * text is returned with `encoding_error` set, for the caller to report. */
source_file *source_load(source_set *set, const char *path, const char *name, unsigned long long limit, char *why,
                         size_t why_size);

/* Adds an in-memory text (used by tests and fuzz targets); NULL when it is
 * not well-formed text. */
source_file *source_add_text(source_set *set, const char *name, const char *text, size_t length);

/* Frees the text of every file that can be read again (regular files and
 * memory files; not standard input or source_add_text's): after the parse
 * nothing holds on to it, and a big schema's text would otherwise stay in
 * memory beside its model.  The few that need it later (a diagnostic's
 * excerpt, an embedded instance's literal) read it again, on first use. */
void source_release_texts(source_set *set);
/* The file's text, read again if it was released; NULL when it cannot be,
 * or the file is no longer what was parsed (then no excerpt is shown). */
const char *source_text(const source_file *f);

/* The text of line `line` (1-based) without its line terminator ("" when
 * the text cannot be had: see source_text). */
const char *source_line(const source_file *f, int line, size_t *length);
/* The byte offset in line `line` of its column `column` (1-based, code
 * points); amortised constant for columns met in increasing order. */
size_t source_column_offset(const source_file *f, int line, int column);

bool source_file_exists(const char *path);

/* Whether `path` names a regular file: in `set`'s memory table if it has
 * one, else on disk. */
bool source_exists(const source_set *set, const char *path);

/* The one name of the file `path` names, for telling two paths to the same
 * file apart (its device and inode numbers, or the folded path for a
 * memory table); NULL when there is none. */
const char *source_canonical(const source_set *set, const char *path, char *buf, size_t size);

#endif
