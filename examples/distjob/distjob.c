/*
 * distjob - converts SMS_DistributionJob instances between JSON Lines and
 * MOF instance text, using the bindings mofgen generates.
 *
 *   distjob convert --from json --to mof [--keep-going] [--ignore-unknown]
 *                   [--allow-missing] < jobs.jsonl > jobs.mof
 *
 * It reads standard input whole, decodes one instance at a time, and writes
 * each as soon as it is decoded.  An invalid record is reported as
 * "stdin:LINE:COL: error: ..." naming the property; it stops the conversion
 * (exit status 1) unless --keep-going, which skips it, goes on with the next
 * and says at the end how many were skipped (exit status 1 still, so a
 * script notices).  --ignore-unknown and --allow-missing are the decoder
 * flags MOFRT_IGNORE_UNKNOWN and MOFRT_ALLOW_MISSING.
 */
#include "SMS_DistributionJob.h"

#include <stdio.h>
#include <stdlib.h>
#include <errno.h>
#include <stdbool.h>
#include <string.h>

enum format { FORMAT_NONE, FORMAT_JSON, FORMAT_MOF };

static int usage(const char *why, const char *what)
{
    if (why)
        fprintf(stderr, "distjob: error: %s%s%s%s\n", why, what ? " '" : "", what ? what : "", what ? "'" : "");
    fputs("Usage: distjob convert --from json|mof --to json|mof [OPTIONS] < INPUT > OUTPUT\n"
          "Converts SMS_DistributionJob instances: JSON is one object per line (JSON Lines),\n"
          "MOF is 'instance of SMS_DistributionJob { ... };' declarations.\n"
          "\n"
          "  --keep-going      report each bad record, skip it and go on (exit status 1)\n"
          "  --ignore-unknown  skip properties SMS_DistributionJob does not have\n"
          "  --allow-missing   accept records without the key property JobID\n",
          why ? stderr : stdout);
    return why ? 2 : 0;
}

static enum format parse_format(const char *text)
{
    if (text && strcmp(text, "json") == 0)
        return FORMAT_JSON;
    if (text && strcmp(text, "mof") == 0)
        return FORMAT_MOF;
    return FORMAT_NONE;
}

/* All of standard input in one NUL-terminated buffer. */
static char *read_stdin(size_t *length)
{
    size_t capacity = 1 << 16, n = 0, got;
    char *text = malloc(capacity + 1);
    while (text && (got = fread(text + n, 1, capacity - n, stdin)) > 0) {
        n += got;
        if (n == capacity) {
            char *bigger = realloc(text, (capacity *= 2) + 1);
            if (!bigger)
                free(text);
            text = bigger;
        }
    }
    if (!text || ferror(stdin)) {
        free(text);
        return NULL;
    }
    text[n] = '\0';
    *length = n;
    return text;
}

typedef struct convert_options {
    enum format from, to;
    bool keep_going;
    unsigned flags; /* MOFRT_IGNORE_UNKNOWN, MOFRT_ALLOW_MISSING */
} convert_options;

static int convert(const convert_options *opts)
{
    enum format from = opts->from, to = opts->to;
    size_t length;
    char *text = read_stdin(&length);
    if (!text) {
        fputs("distjob: error: cannot read standard input\n", stderr);
        return 1;
    }
    mofrt_reader in;
    mofrt_reader_init(&in, text, length);
    SMS_DistributionJob job;
    SMS_DistributionJob_init(&job);
    mofrt_buffer out = {0};
    mofrt_error err;
    int status = 0;
    unsigned long records = 0, skipped = 0;
    for (;;) {
        int got = from == FORMAT_JSON ? SMS_DistributionJob_read_json(&in, &job, opts->flags, &err)
                                      : SMS_DistributionJob_read_mof(&in, &job, opts->flags, &err);
        if (got == 0)
            break;
        records++;
        if (got < 0) {
            char message[512];
            mofrt_error_format(&err, "stdin", message, sizeof message);
            fprintf(stderr, "%s\n", message);
            status = 1;
            if (!opts->keep_going)
                break;
            skipped++; /* the reader is already past the bad record */
            continue;
        }
        mofrt_buffer_reset(&out);
        int rc = to == FORMAT_JSON ? SMS_DistributionJob_to_json(&job, &out) : SMS_DistributionJob_to_mof(&job, &out);
        if (rc == 0 && to == FORMAT_JSON)
            rc = mofrt_buffer_append(&out, "\n", 1);
        if (rc != 0 || fwrite(out.data, 1, out.length, stdout) != out.length) {
            fputs("distjob: error: cannot write the output\n", stderr);
            status = 1;
            break;
        }
        SMS_DistributionJob_free(&job);
    }
    SMS_DistributionJob_free(&job);
    mofrt_buffer_free(&out);
    free(text);
    if (skipped)
        fprintf(stderr, "distjob: %lu of %lu records skipped\n", skipped, records);
    if (fflush(stdout) != 0 && status == 0) {
        fprintf(stderr, "distjob: error: cannot write the output: %s\n", strerror(errno));
        status = 1;
    }
    return status;
}

int main(int argc, char **argv)
{
    if (argc == 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0))
        return usage(NULL, NULL);
    if (argc < 2)
        return usage("no command given", NULL);
    if (strcmp(argv[1], "convert") != 0)
        return usage("unknown command (the command is 'convert'):", argv[1]);
    convert_options opts = {FORMAT_NONE, FORMAT_NONE, false, 0};
    for (int i = 2; i < argc; i++) {
        if (strcmp(argv[i], "--keep-going") == 0) {
            opts.keep_going = true;
            continue;
        }
        if (strcmp(argv[i], "--ignore-unknown") == 0) {
            opts.flags |= MOFRT_IGNORE_UNKNOWN;
            continue;
        }
        if (strcmp(argv[i], "--allow-missing") == 0) {
            opts.flags |= MOFRT_ALLOW_MISSING;
            continue;
        }
        bool is_from = strcmp(argv[i], "--from") == 0, is_to = strcmp(argv[i], "--to") == 0;
        if (!is_from && !is_to)
            return usage("unknown option", argv[i]);
        if (i + 1 >= argc)
            return usage(is_from ? "--from needs a value: json or mof" : "--to needs a value: json or mof", NULL);
        enum format *slot = is_from ? &opts.from : &opts.to;
        if (*slot != FORMAT_NONE)
            return usage(is_from ? "--from given twice" : "--to given twice", NULL);
        if ((*slot = parse_format(argv[++i])) == FORMAT_NONE)
            return usage(is_from ? "--from takes json or mof, not" : "--to takes json or mof, not", argv[i]);
    }
    if (opts.from == FORMAT_NONE || opts.to == FORMAT_NONE)
        return usage(opts.from == FORMAT_NONE ? "--from json|mof is required" : "--to json|mof is required", NULL);
    return convert(&opts);
}
