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

/* Phase two: renames every temporary into place.  A rename can still fail
 * (the name is a folder, say) after others succeeded; then each file
 * already replaced gets its old content back, through a hard link made
 * before the rename (or, where the file system has no hard links, the old
 * file moved aside), and each one that is new is removed, so an error
 * leaves the output folder as it was.  Returns 0 or -1. */
static int replace_all(size_t count, char **paths, char **temps, diag_engine *diag)
{
    char **backups = calloc(count ? count : 1, sizeof *backups);
    bool *replaced = calloc(count ? count : 1, sizeof *replaced);
    if (!backups || !replaced)
        abort();
    int rc = 0;
    size_t i;
    for (i = 0; i < count && rc == 0; i++) {
        if (!temps[i])
            continue;
        size_t n = strlen(temps[i]) + 5;
        backups[i] = xmalloc(n);
        snprintf(backups[i], n, "%s.old", temps[i]);
        bool moved = false;
        struct stat existing;
        if (lstat(paths[i], &existing) == 0 && S_ISDIR(existing.st_mode)) {
            diag_plain_error(diag, "cannot replace '%s': %s", paths[i], strerror(EISDIR));
            free(backups[i]);
            backups[i] = NULL;
            rc = -1;
            break;
        }
        if (link(paths[i], backups[i]) != 0) {
            if (errno == ENOENT) {
                free(backups[i]); /* a new file: nothing to restore */
                backups[i] = NULL;
            } else if (rename(paths[i], backups[i]) == 0) {
                moved = true;
            } else {
                diag_plain_error(diag, "cannot keep a copy of '%s' while replacing it: %s", paths[i], strerror(errno));
                free(backups[i]);
                backups[i] = NULL;
                rc = -1;
                break;
            }
        }
        if (rename(temps[i], paths[i]) != 0) {
            diag_plain_error(diag, "cannot replace '%s': %s", paths[i], strerror(errno));
            if (moved && rename(backups[i], paths[i]) != 0)
                diag_plain_error(diag, "cannot restore '%s' after the error: %s", paths[i], strerror(errno));
            rc = -1;
            break;
        }
        replaced[i] = true;
        free(temps[i]);
        temps[i] = NULL;
    }
    for (size_t j = 0; j < count; j++) {
        if (rc != 0 && replaced[j]) {
            if (backups[j] ? rename(backups[j], paths[j]) : unlink(paths[j]))
                diag_plain_error(diag, "cannot restore '%s' after the error: %s", paths[j], strerror(errno));
        }
        if (backups[j])
            unlink(backups[j]); /* after a successful restore it is gone already */
        free(backups[j]);
    }
    free(backups);
    free(replaced);
    return rc;
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
    if (rc == 0)
        rc = replace_all(r->count, paths, temps, diag);
    for (size_t i = 0; i < r->count; i++)
        if (temps[i])
            unlink(temps[i]); /* left only when something failed */
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
