/*
 * output.c - atomic, change-only writes of the emitted files (output.h).
 */
#include "output.h"

#include "arena.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static bool same_content(const char *path, const char *content, size_t length)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return false;
    bool same = true;
    char buf[8192];
    size_t offset = 0, got;
    while (same && (got = fread(buf, 1, sizeof buf, fp)) > 0) {
        same = offset + got <= length && memcmp(buf, content + offset, got) == 0;
        offset += got;
    }
    same = same && !ferror(fp) && offset == length;
    fclose(fp);
    return same;
}

static int make_dirs(const char *dir)
{
    char *path = xstrdup(dir);
    for (char *p = path + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(path, 0777) != 0 && errno != EEXIST) {
            free(path);
            return -1;
        }
        *p = '/';
    }
    int rc = (mkdir(path, 0777) != 0 && errno != EEXIST) ? -1 : 0;
    free(path);
    return rc;
}

/* Writes `content` to a new temporary file beside `final_path`. */
static char *write_temporary(const char *dir, const char *name, const char *content, size_t length, int *error)
{
    size_t n = strlen(dir) + strlen(name) + 16;
    char *tmp = xmalloc(n);
    snprintf(tmp, n, "%s/.%s.XXXXXX", dir, name);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        *error = errno;
        free(tmp);
        return NULL;
    }
    size_t done = 0;
    while (done < length) {
        ssize_t w = write(fd, content + done, length - done);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            *error = errno;
            close(fd);
            unlink(tmp);
            free(tmp);
            return NULL;
        }
        done += (size_t)w;
    }
    /* Generated files are ordinary source files: honour the umask. */
    mode_t mask = umask(0);
    umask(mask);
    fchmod(fd, 0666 & ~mask);
    if (close(fd) != 0) {
        *error = errno;
        unlink(tmp);
        free(tmp);
        return NULL;
    }
    return tmp;
}

int output_commit(const emit_result *r, const char *dir, bool check_only, diag_engine *diag, FILE *report)
{
    bool *changed = calloc(r->count ? r->count : 1, sizeof *changed);
    char **paths = calloc(r->count ? r->count : 1, sizeof *paths);
    char **temps = calloc(r->count ? r->count : 1, sizeof *temps);
    if (!changed || !paths || !temps)
        abort();
    int differences = 0, rc = 0;
    for (size_t i = 0; i < r->count; i++) {
        if (r->files[i].path) {
            paths[i] = xstrdup(r->files[i].path);
            changed[i] = !same_content(paths[i], r->files[i].content, r->files[i].length);
            differences += changed[i];
            continue;
        }
        size_t n = strlen(dir) + strlen(r->files[i].name) + 2;
        paths[i] = xmalloc(n);
        snprintf(paths[i], n, "%s/%s", dir, r->files[i].name);
        changed[i] = !same_content(paths[i], r->files[i].content, r->files[i].length);
        differences += changed[i];
    }
    if (check_only) {
        for (size_t i = 0; i < r->count; i++)
            if (changed[i])
                fprintf(report, "%s would change\n", paths[i]);
        rc = differences ? 1 : 0;
        goto done;
    }
    if (differences && make_dirs(dir) != 0) {
        diag_plain_error(diag, "cannot create output directory '%s': %s", dir, strerror(errno));
        rc = -1;
        goto done;
    }
    /* Phase one: every new file in a temporary beside its final name. */
    for (size_t i = 0; i < r->count && rc == 0; i++) {
        if (!changed[i])
            continue;
        int error = 0;
        /* A file with a path of its own goes beside it (the folder made). */
        char *own_dir = NULL;
        const char *name = r->files[i].name;
        if (r->files[i].path) {
            own_dir = xstrdup(paths[i]);
            char *slash = strrchr(own_dir, '/');
            name = slash ? paths[i] + (slash - own_dir) + 1 : paths[i];
            if (slash == own_dir)
                own_dir[1] = '\0';
            else if (slash)
                *slash = '\0';
            else
                strcpy(own_dir, ".");
            if (make_dirs(own_dir) != 0) {
                diag_plain_error(diag, "cannot create folder '%s': %s", own_dir, strerror(errno));
                free(own_dir);
                rc = -1;
                break;
            }
        }
        temps[i] = write_temporary(own_dir ? own_dir : dir, name, r->files[i].content, r->files[i].length, &error);
        free(own_dir);
        if (!temps[i]) {
            diag_plain_error(diag, "cannot write '%s': %s", paths[i], strerror(error));
            rc = -1;
        }
    }
    /* Phase two, only if all were written: rename them into place. */
    for (size_t i = 0; i < r->count; i++) {
        if (!temps[i])
            continue;
        if (rc == 0 && rename(temps[i], paths[i]) != 0) {
            diag_plain_error(diag, "cannot replace '%s': %s", paths[i], strerror(errno));
            rc = -1;
        }
        if (rc != 0)
            unlink(temps[i]);
    }
done:
    for (size_t i = 0; i < r->count; i++) {
        free(paths[i]);
        free(temps[i]);
    }
    free(paths);
    free(temps);
    free(changed);
    return rc;
}
