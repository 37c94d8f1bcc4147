/*
 * output.c - putting the emitted files on disk (output.h).
 *
 * A build may be interrupted at any moment, two builds may write into the
 * same folder, and a disk may fill up.  So a commit runs under a lock on
 * the output folder, in steps that leave, wherever a run stops, something
 * the next run can put right:
 *
 * Files come one at a time, as the emitter renders them (output_add), so
 * that a run holds one class's files in memory, not the whole tree:
 *
 *   0. compare each file with what is on disk; an unchanged one is left
 *      alone (and, compared before the lock, checked again once it is held)
 *   1. lock    at the first changed file (or at once when an earlier run
 *              left its lock file or journal): DIR/.mofgen.lock (flock; a
 *              second run waits for the first), then repair what an
 *              interrupted run left: its journal, or temporaries it wrote
 *              before it had one (under the lock they are a dead run's)
 *   2. write   each changed file into its temporary, beside its final name
 *   3. plan    DIR/.mofgen.journal names each changed file, its temporary
 *              and its backup, once every temporary exists
 *   4. commit  the journal is marked committed; each old file is kept as a
 *              hard link (the backup) and the temporary renamed over it;
 *              then the backups go, the journal, and the lock file.
 *
 * The next run removes temporaries no journal names, undoes a journal not
 * yet marked committed (it removes the temporaries: no final file was
 * touched) and completes one that is (it renames each temporary still
 * there into place), so the folder holds one whole set of files, the old
 * or the new, and then no debris.  SIGINT, SIGTERM and SIGHUP wait while
 * files are renamed; at any other step they remove what this run made
 * (temporaries, journal, lock file, the folders it created) and then take
 * their course.  A run that fails, in emission too (output_finish without
 * commit), removes the same things itself.
 */
#include "output.h"

#include "arena.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#define LOCK_NAME ".mofgen.lock"
#define JOURNAL_NAME ".mofgen.journal"
/* The journal's first line is JOURNAL_MAGIC, its state, a space and the
 * number of files; then per file its final name (relative to the output
 * folder unless absolute), temporary and backup ("" for a new file), each
 * NUL-terminated; then "end\n".  The state byte is rewritten in place. */
#define JOURNAL_MAGIC "mofgen-journal 1 "
enum { JOURNAL_PLANNED = 'P', JOURNAL_COMMITTING = 'C', JOURNAL_UNDOING = 'R' };

int (*output_fault_hook)(output_step step, size_t index);

static int fault(output_step step, size_t index)
{
    return output_fault_hook ? output_fault_hook(step, index) : 0;
}

/* ---- what a signal removes ---------------------------------------------- */

/* Paths this run made and nobody else may: the lock file, the journal and
 * the temporaries (in that order, removed in reverse), and the folders it
 * created.  Changed with the caught signals blocked, so the handler never
 * sees a table half updated; but for a file added where there is room,
 * which the handler sees whole or not at all (debris_add_file). */
static struct {
    const char **files;
    char **dirs;
    atomic_size_t file_count; /* read by the handler: a lock-free atomic (C11 7.14.1.1) */
    size_t file_capacity, dir_count, dir_capacity;
    volatile sig_atomic_t interrupted;
} debris;

static const int caught_signals[] = {SIGINT, SIGTERM, SIGHUP};
enum { CAUGHT = sizeof caught_signals / sizeof caught_signals[0] };
static struct sigaction previous_actions[CAUGHT];
static bool handler_installed[CAUGHT];

static void block_signals(sigset_t *old)
{
    sigset_t set;
    sigemptyset(&set);
    for (int i = 0; i < CAUGHT; i++)
        sigaddset(&set, caught_signals[i]);
    sigprocmask(SIG_BLOCK, &set, old);
}

static void restore_signals(const sigset_t *old)
{
    sigprocmask(SIG_SETMASK, old, NULL);
}

/* Async-signal-safe: unlink, rmdir, sigaction and raise only. */
static void remove_debris_and_reraise(int sig)
{
    debris.interrupted = 1;
    for (size_t i = atomic_load_explicit(&debris.file_count, memory_order_acquire); i-- > 0;)
        unlink(debris.files[i]);
    for (size_t i = debris.dir_count; i-- > 0;)
        rmdir(debris.dirs[i]);
    for (int i = 0; i < CAUGHT; i++)
        if (caught_signals[i] == sig && handler_installed[i])
            sigaction(sig, &previous_actions[i], NULL);
    raise(sig); /* delivered, with its old disposition, as the handler returns */
}

/* A signal that was ignored when mofgen started (nohup) stays ignored. */
static void install_handlers(void)
{
    struct sigaction action = {0};
    action.sa_handler = remove_debris_and_reraise;
    sigemptyset(&action.sa_mask);
    for (int i = 0; i < CAUGHT; i++)
        sigaddset(&action.sa_mask, caught_signals[i]);
    for (int i = 0; i < CAUGHT; i++) {
        handler_installed[i] = sigaction(caught_signals[i], NULL, &previous_actions[i]) == 0 &&
                               previous_actions[i].sa_handler != SIG_IGN &&
                               sigaction(caught_signals[i], &action, NULL) == 0;
    }
    debris.interrupted = 0;
}

static void uninstall_handlers(void)
{
    for (int i = 0; i < CAUGHT; i++)
        if (handler_installed[i])
            sigaction(caught_signals[i], &previous_actions[i], NULL);
    memset(handler_installed, 0, sizeof handler_installed);
}

static void debris_add_file(const char *path)
{
    size_t count = atomic_load(&debris.file_count);
    if (count == debris.file_capacity) {
        /* The table moves: with the signals blocked.  Doubling, so that
         * this is rare. */
        sigset_t old;
        block_signals(&old);
        debris.file_capacity = debris.file_capacity ? 2 * debris.file_capacity : 64;
        debris.files = xrealloc(debris.files, debris.file_capacity * sizeof *debris.files);
        restore_signals(&old);
    }
    /* Where there is room, without blocking the signals (two system calls
     * for each file written, a sixth of a run's): the path is stored
     * before the count that makes the handler see it. */
    debris.files[count] = path;
    atomic_store_explicit(&debris.file_count, count + 1, memory_order_release);
}

/* Forgets the files from `keep` on (they are no longer this run's to
 * remove: renamed into place, or needed by the next run to repair). */
static void debris_keep(size_t keep)
{
    sigset_t old;
    block_signals(&old);
    if (keep < debris.file_count)
        debris.file_count = keep;
    restore_signals(&old);
}

/* Removes the files from `from` on (the run failed; they are its own). */
static void debris_remove(size_t from)
{
    sigset_t old;
    block_signals(&old);
    for (size_t i = debris.file_count; i-- > from;)
        unlink(debris.files[i]);
    if (from < debris.file_count)
        debris.file_count = from;
    restore_signals(&old);
}

/* Empties the table; with `remove` (the run failed) removes every file
 * and created folder listed first.  On success the folders stay. */
static void debris_clear(bool remove)
{
    sigset_t old;
    block_signals(&old);
    for (size_t i = debris.file_count; i-- > 0;)
        if (remove)
            unlink(debris.files[i]);
    for (size_t i = debris.dir_count; i-- > 0;) {
        if (remove)
            rmdir(debris.dirs[i]);
        free(debris.dirs[i]);
    }
    free(debris.files);
    free(debris.dirs);
    debris.files = NULL;
    debris.dirs = NULL;
    atomic_store(&debris.file_count, 0);
    debris.file_capacity = debris.dir_count = debris.dir_capacity = 0;
    restore_signals(&old);
}

/* mkdir -p, each folder it creates noted in `debris` (a failed run removes
 * them again).  Returns 0, or -1 with errno set. */
static int make_dirs(const char *dir)
{
    char *path = xstrdup(dir);
    int rc = 0;
    for (char *p = path + 1;; p++) {
        if (*p != '/' && *p != '\0')
            continue;
        char end = *p;
        *p = '\0';
        sigset_t old;
        block_signals(&old);
        if (mkdir(path, 0777) == 0) {
            debris.dirs = xrealloc(debris.dirs, (debris.dir_count + 1) * sizeof *debris.dirs);
            debris.dirs[debris.dir_count++] = xstrdup(path);
        } else if (errno != EEXIST) {
            rc = -1;
        }
        restore_signals(&old);
        *p = end;
        if (rc != 0 || end == '\0')
            break;
    }
    int saved = errno;
    free(path);
    errno = saved;
    if (rc == 0) {
        struct stat st;
        if (stat(dir, &st) != 0)
            return -1;
        if (!S_ISDIR(st.st_mode)) {
            errno = ENOTDIR;
            return -1;
        }
    }
    return rc;
}

/* ---- what is there now -------------------------------------------------- */

static const char *kind_of(mode_t mode)
{
    if (S_ISDIR(mode))
        return "a folder";
    if (S_ISLNK(mode))
        return "a symbolic link";
    if (S_ISFIFO(mode))
        return "a FIFO (named pipe)";
    if (S_ISSOCK(mode))
        return "a socket";
    return "a device";
}

/* Whether `path` holds exactly `content`.  Anything there that is not a
 * regular file is refused before anything is written: opening a FIFO or a
 * device would block or act on it, and a rename would replace a symbolic
 * link (not the file it points to) or fail on a folder.  Returns 1 (same),
 * 0 (different or absent), or -1 after reporting. */
static int compare_existing(const char *path, const char *content, size_t length, bool *exists, diag_engine *diag)
{
    struct stat st;
    *exists = false;
    if (lstat(path, &st) != 0) {
        if (errno == ENOENT)
            return 0;
        diag_plain_error(diag, "cannot write '%s': %s", path, strerror(errno));
        return -1;
    }
    if (!S_ISREG(st.st_mode)) {
        diag_plain_error(diag,
                         "cannot write '%s': it is %s, not a regular file; mofgen replaces only regular files "
                         "(remove it, or choose another output folder with -o)",
                         path, kind_of(st.st_mode));
        return -1;
    }
    *exists = true;
    if (st.st_size < 0 || (unsigned long long)st.st_size != (unsigned long long)length)
        return 0;
    /* O_NONBLOCK and the second look: it may have changed since lstat. */
    int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return 0; /* unreadable: replaced */
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        diag_plain_error(diag, "cannot write '%s': it is not a regular file any more", path);
        return -1;
    }
    char buf[8192];
    size_t offset = 0;
    int same = 1;
    for (;;) {
        ssize_t got = read(fd, buf, sizeof buf);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0) {
            same = same && got == 0 && offset == length;
            break;
        }
        if (offset + (size_t)got > length || memcmp(buf, content + offset, (size_t)got) != 0) {
            same = 0;
            break;
        }
        offset += (size_t)got;
    }
    close(fd);
    return same;
}

/* ---- the lock ----------------------------------------------------------- */

/* Takes the lock on DIR (exclusive, creating the lock file, for a run that
 * writes; shared, only if the file exists, for --check).  The holder
 * removes the lock file before it lets go, so after the wait the lock
 * taken may be on a file no longer there: then the new one is locked.
 * Returns the descriptor; -2 when there is no lock file (shared only);
 * -1 after reporting. */
static int lock_folder(const char *dir, const char *lock_path, bool exclusive, diag_engine *diag)
{
    bool told = false;
    for (int attempt = 0; attempt < 1000; attempt++) {
        int fd = open(lock_path, (exclusive ? O_RDWR | O_CREAT : O_RDONLY) | O_CLOEXEC, 0666);
        if (fd < 0 && errno == ENOENT && !exclusive)
            return -2;
        if (fd < 0 && errno == ENOENT && make_dirs(dir) == 0)
            continue; /* the run before failed and removed the folder it had made */
        if (fd < 0) {
            diag_plain_error(diag, "cannot create the lock file '%s': %s", lock_path, strerror(errno));
            return -1;
        }
        int how = exclusive ? LOCK_EX : LOCK_SH;
        if (flock(fd, how | LOCK_NB) != 0) {
            if (errno == ENOLCK || errno == EOPNOTSUPP || errno == ENOSYS || errno == EINVAL)
                return fd; /* a file system without locks: go on unlocked */
            if (errno == EWOULDBLOCK && !told && diag->stream) {
                fprintf(diag->stream, "mofgen: note: waiting for another mofgen run to finish writing to '%s' (it "
                                      "holds '%s')\n", dir, lock_path);
                fflush(diag->stream);
                told = true;
            }
            int rc;
            while ((rc = flock(fd, how)) != 0 && errno == EINTR)
                ;
            if (rc != 0) {
                diag_plain_error(diag, "cannot lock '%s': %s", lock_path, strerror(errno));
                close(fd);
                return -1;
            }
        }
        struct stat held, now;
        if (fstat(fd, &held) == 0 && stat(lock_path, &now) == 0 && held.st_dev == now.st_dev &&
            held.st_ino == now.st_ino)
            return fd;
        close(fd);
    }
    diag_plain_error(diag, "cannot lock '%s': it keeps being replaced", lock_path);
    return -1;
}

/* ---- the journal -------------------------------------------------------- */

typedef struct journal_entry {
    const char *final, *temp, *backup; /* backup "": the file is new */
} journal_entry;

static char *in_dir(const char *dir, const char *name)
{
    if (name[0] == '/')
        return xstrdup(name);
    size_t n = strlen(dir) + strlen(name) + 2;
    char *path = xmalloc(n);
    snprintf(path, n, "%s/%s", dir, name);
    return path;
}

static int write_all(int fd, const char *data, size_t length)
{
    while (length) {
        ssize_t w = write(fd, data, length);
        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0)
            return -1;
        data += w;
        length -= (size_t)w;
    }
    return 0;
}

/* Writes the journal (state planned); returns its descriptor or -1 with
 * errno set. */
static int write_journal(const char *path, const journal_entry *entries, size_t count)
{
    int fd = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    if (fd < 0)
        return -1;
    /* Made in memory and written at once: three writes a file made it
     * the run's most frequent system call. */
    char header[64];
    int n = snprintf(header, sizeof header, JOURNAL_MAGIC "%c %zu\n", JOURNAL_PLANNED, count);
    size_t length = (size_t)n + 4;
    for (size_t i = 0; i < count; i++)
        length += strlen(entries[i].final) + strlen(entries[i].temp) + strlen(entries[i].backup) + 3;
    char *text = xmalloc(length), *at = text;
    at = (char *)memcpy(at, header, (size_t)n) + n;
    for (size_t i = 0; i < count; i++) {
        const char *parts[] = {entries[i].final, entries[i].temp, entries[i].backup};
        for (size_t k = 0; k < 3; k++) {
            size_t part = strlen(parts[k]) + 1;
            at = (char *)memcpy(at, parts[k], part) + part;
        }
    }
    memcpy(at, "end\n", 4);
    int rc = write_all(fd, text, length);
    free(text);
    if (rc != 0) {
        int saved = errno;
        close(fd);
        errno = saved;
        return -1;
    }
    return fd;
}

/* One byte, written in place: a kill cannot tear it. */
static int mark_journal(int fd, char state)
{
    return pwrite(fd, &state, 1, (off_t)strlen(JOURNAL_MAGIC)) == 1 ? 0 : -1;
}

static char *read_whole(const char *path, size_t *length)
{
    int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return NULL;
    size_t cap = 4096, n = 0;
    char *text = xmalloc(cap + 1);
    for (;;) {
        ssize_t got = read(fd, text + n, cap - n);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            break;
        n += (size_t)got;
        if (n == cap)
            text = xrealloc(text, (cap *= 2) + 1);
    }
    close(fd);
    text[n] = '\0';
    *length = n;
    return text;
}

/* Whether `side` (a temporary or backup the journal names) is one mofgen
 * makes for `final`: in the same folder, ".NAME.", ending in `suffix`.  A
 * journal naming anything else is not acted on. */
static bool sibling_of(const char *side, const char *final, const char *suffix)
{
    const char *slash = strrchr(final, '/'), *side_slash = strrchr(side, '/');
    size_t dir_length = slash ? (size_t)(slash - final) + 1 : 0;
    if ((side_slash ? (size_t)(side_slash - side) + 1 : 0) != dir_length || strncmp(side, final, dir_length) != 0)
        return false;
    const char *name = final + dir_length, *base = side + dir_length;
    size_t name_length = strlen(name) > 180 ? 180 : strlen(name), n = strlen(base), k = strlen(suffix);
    return base[0] == '.' && strncmp(base + 1, name, name_length) == 0 && n > k && strcmp(base + n - k, suffix) == 0;
}

/* The folder a file with a path of its own goes in. */
static char *dir_part(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return xstrdup(".");
    if (slash == path)
        return xstrdup("/");
    char *d = xstrdup(path);
    d[slash - path] = '\0';
    return d;
}

/* Whether a journal may name `final`: a name in the output folder, or
 * (absolute) one of the files with paths of their own this run writes, so
 * that no journal makes mofgen touch any other file. */
static bool own_file(const char *const *own_paths, size_t own_count, const char *final)
{
    if (final[0] != '/')
        return final[0] && !strchr(final, '/');
    for (size_t i = 0; i < own_count; i++) {
        char *dir = dir_part(own_paths[i]), real[PATH_MAX];
        const char *base = strrchr(own_paths[i], '/');
        base = base ? base + 1 : own_paths[i];
        bool same = realpath(dir, real) && strncmp(final, real, strlen(real)) == 0 &&
                    final[strlen(real)] == '/' && strcmp(final + strlen(real) + 1, base) == 0;
        free(dir);
        if (same)
            return true;
    }
    return false;
}

/* Parses the journal's text into `entries` (pointing into `text`).
 * Returns the state, or 0 when the text is not a whole journal. */
static char parse_journal(char *text, size_t length, const char *const *own_paths, size_t own_count,
                          journal_entry **entries, size_t *count)
{
    size_t magic = strlen(JOURNAL_MAGIC);
    *entries = NULL;
    *count = 0;
    if (length < magic + 3 || memcmp(text, JOURNAL_MAGIC, magic) != 0 || text[magic + 1] != ' ')
        return 0;
    char state = text[magic];
    char *end;
    unsigned long long n = strtoull(text + magic + 2, &end, 10);
    if (*end != '\n' || n > length)
        return 0;
    char *p = end + 1, *limit = text + length;
    journal_entry *list = xmalloc((n ? n : 1) * sizeof *list);
    for (size_t i = 0; i < n; i++) {
        const char **field[] = {&list[i].final, &list[i].temp, &list[i].backup};
        for (int k = 0; k < 3; k++) {
            char *nul = memchr(p, '\0', (size_t)(limit - p));
            if (!nul) {
                free(list);
                return 0;
            }
            *field[k] = p;
            p = nul + 1;
        }
        if (!own_file(own_paths, own_count, list[i].final) || !sibling_of(list[i].temp, list[i].final, ".mofgen-tmp") ||
            (list[i].backup[0] && !sibling_of(list[i].backup, list[i].final, ".mofgen-old"))) {
            free(list);
            return 0;
        }
    }
    if (limit - p != 4 || memcmp(p, "end\n", 4) != 0) {
        free(list);
        return 0;
    }
    *entries = list;
    *count = n;
    return state;
}

/* Finishes or undoes the commit an interrupted run left in DIR (the lock
 * held).  Returns 0, or -1 after reporting (the journal then stays). */
static int repair(const char *dir, const char *journal_path, const char *const *own_paths, size_t own_count,
                  diag_engine *diag)
{
    size_t length;
    char *text = read_whole(journal_path, &length);
    if (!text)
        return 0; /* the common case: nothing to repair */
    journal_entry *entries;
    size_t count;
    char state = parse_journal(text, length, own_paths, own_count, &entries, &count);
    /* A journal cut short was being written: no temporary exists yet. */
    bool cut_short = state == 0 && length >= strlen(JOURNAL_MAGIC) + 1 &&
                     memcmp(text, JOURNAL_MAGIC, strlen(JOURNAL_MAGIC)) == 0 &&
                     text[strlen(JOURNAL_MAGIC)] == JOURNAL_PLANNED;
    if (!cut_short && state != JOURNAL_PLANNED && state != JOURNAL_COMMITTING && state != JOURNAL_UNDOING) {
        diag_plain_error(diag, "'%s' is not a journal this mofgen can read; if no mofgen run is writing to '%s', "
                               "remove it", journal_path, dir);
        free(entries);
        free(text);
        return -1;
    }
    sigset_t old;
    block_signals(&old);
    int rc = 0;
    for (size_t i = 0; i < count; i++) {
        char *final = in_dir(dir, entries[i].final), *temp = in_dir(dir, entries[i].temp);
        char *backup = entries[i].backup[0] ? in_dir(dir, entries[i].backup) : NULL;
        if (state == JOURNAL_COMMITTING) {
            if (rename(temp, final) != 0 && errno != ENOENT) {
                diag_plain_error(diag, "cannot finish the interrupted commit in '%s': renaming '%s' to '%s': %s",
                                 dir, temp, final, strerror(errno));
                rc = -1;
            }
        } else if (state == JOURNAL_UNDOING) {
            struct stat st;
            if (backup && rename(backup, final) != 0 && errno != ENOENT) {
                diag_plain_error(diag, "cannot undo the interrupted commit in '%s': restoring '%s': %s", dir, final,
                                 strerror(errno));
                rc = -1;
            } else if (!backup && lstat(temp, &st) != 0 && errno == ENOENT) {
                unlink(final); /* new, and already renamed into place */
            }
        }
        if (rc == 0) {
            unlink(temp);
            if (backup)
                unlink(backup); /* when it is a link to `final`, rename left it */
        }
        free(final);
        free(temp);
        free(backup);
    }
    if (rc == 0) {
        unlink(journal_path);
        if (diag->stream)
            fprintf(diag->stream, "mofgen: note: an earlier mofgen run writing to '%s' was interrupted; %s\n", dir,
                    state == JOURNAL_COMMITTING ? "its commit is now complete"
                                                : "what it had begun to write is removed");
    }
    restore_signals(&old);
    free(entries);
    free(text);
    return rc;
}

/* ---- one commit --------------------------------------------------------- */

typedef struct commit {
    const char *dir;
    size_t count;            /* changed files */
    char **paths;            /* their final paths */
    char **temps, **backups; /* backups[i] NULL: a new file */
    journal_entry *entries;  /* as the journal names them */
    char **names;            /* the journal's names (owned) */
    int journal;             /* descriptor, -1 when none */
    char *journal_path;
} commit;

/* The temporary (or backup) beside `path`: ".NAME.PID.INDEX.mofgen-tmp".
 * The lock and the process id make it this run's alone; the name is cut
 * short so a long NAME still makes a valid file name. */
static char *sibling(const char *path, long pid, size_t index, const char *suffix)
{
    const char *slash = strrchr(path, '/');
    size_t dir_length = slash ? (size_t)(slash - path) + 1 : 0;
    const char *name = path + dir_length;
    size_t name_length = strlen(name);
    if (name_length > 180)
        name_length = 180;
    size_t n = dir_length + name_length + 64;
    char *s = xmalloc(n);
    snprintf(s, n, "%.*s.%.*s.%ld.%zu.mofgen-%s", (int)dir_length, path, (int)name_length, name, pid,
             index, suffix);
    return s;
}

/* Step 3: `content` into the temporary `path` (mode 0666 less the umask,
 * as for any source file).  Returns 0, or -1 with errno set. */
static int write_temporary(const char *path, const char *content, size_t length)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd < 0 && errno == EEXIST) {
        /* Left by an earlier run with this process id: this run's name. */
        unlink(path);
        fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    }
    if (fd < 0)
        return -1;
    if (write_all(fd, content, length) != 0) {
        int saved = errno;
        close(fd);
        errno = saved;
        return -1;
    }
    return close(fd);
}

/* Step 4, the caught signals blocked: every temporary renamed into place.
 * A rename can still fail after others succeeded; then each file replaced
 * gets its old content back from its backup (a hard link made before the
 * rename, or, where the file system has no hard links, the old file moved
 * aside), and each new one is removed, so an error leaves the folder as it
 * was.  Returns 0 or -1. */
static int replace_all(commit *c, diag_engine *diag)
{
    bool *replaced = calloc(c->count ? c->count : 1, sizeof *replaced);
    if (!replaced)
        abort();
    int rc = mark_journal(c->journal, JOURNAL_COMMITTING);
    if (rc != 0)
        diag_plain_error(diag, "cannot write '%s': %s", c->journal_path, strerror(errno));
    for (size_t i = 0; i < c->count && rc == 0; i++) {
        bool moved = false;
        if (c->backups[i] && link(c->paths[i], c->backups[i]) != 0) {
            if (errno == ENOENT) {
                free(c->backups[i]); /* removed meanwhile: nothing to restore */
                c->backups[i] = NULL;
            } else if (rename(c->paths[i], c->backups[i]) == 0) {
                moved = true;
            } else {
                diag_plain_error(diag, "cannot keep a copy of '%s' while replacing it: %s", c->paths[i],
                                 strerror(errno));
                rc = -1;
                break;
            }
        }
        if (fault(OUTPUT_STEP_RENAME, i) != 0)
            errno = EIO;
        else if (rename(c->temps[i], c->paths[i]) == 0) {
            replaced[i] = true;
            continue;
        }
        diag_plain_error(diag, "cannot replace '%s': %s", c->paths[i], strerror(errno));
        if (moved && rename(c->backups[i], c->paths[i]) != 0)
            diag_plain_error(diag, "cannot restore '%s' after the error: %s", c->paths[i], strerror(errno));
        rc = -1;
    }
    bool restored = true;
    if (rc != 0) {
        mark_journal(c->journal, JOURNAL_UNDOING);
        for (size_t j = 0; j < c->count; j++) {
            if (replaced[j] && (c->backups[j] ? rename(c->backups[j], c->paths[j]) : unlink(c->paths[j])) != 0) {
                diag_plain_error(diag, "cannot restore '%s' after the error: %s", c->paths[j], strerror(errno));
                restored = false;
            }
        }
    }
    if (restored)
        for (size_t j = 0; j < c->count; j++)
            if (c->backups[j])
                unlink(c->backups[j]); /* after a restore it is gone already */
    if (!restored) {
        /* The journal and the backups are what the next run repairs from. */
        debris_keep(0);
        diag_plain_error(diag, "the next mofgen run writing to '%s' will restore it from '%s'", c->dir,
                         c->journal_path);
    } else if (rc == 0) {
        debris_keep(1); /* the temporaries are in place now; the lock file stays listed */
        unlink(c->journal_path);
    }
    free(replaced);
    return rc;
}

static void commit_free(commit *c)
{
    for (size_t i = 0; i < c->count; i++) {
        free(c->temps[i]);
        free(c->backups[i]);
    }
    for (size_t i = 0; i < 3 * c->count; i++)
        free(c->names[i]);
    if (c->journal >= 0)
        close(c->journal);
    free(c->temps);
    free(c->backups);
    free(c->names);
    free(c->entries);
    free(c->paths);
}

/* ---- the stream -------------------------------------------------------- */

/* A file found unchanged before the lock was taken, as it was then: if it
 * is not so once the lock is held, another run wrote it meanwhile. */
typedef struct seen_file {
    char *path;
    struct stat st;
} seen_file;

struct output_stream {
    char *dir, *lock_path, *journal_path;
    const char *const *own_paths;
    size_t own_count;
    diag_engine *diag;
    int lock; /* descriptor, -1 until taken */
    bool failed;
    bool dir_was_empty; /* held only our lock when it was taken: no file of ours is there */
    commit c; /* the changed files so far, each written to its temporary */
    size_t capacity;
    seen_file *seen;
    size_t seen_count;
    long pid; /* in the temporaries' names: asked once, not once a file */
};

static bool same_file(const struct stat *a, const struct stat *b)
{
    return a->st_dev == b->st_dev && a->st_ino == b->st_ino && a->st_size == b->st_size &&
           a->st_mtim.tv_sec == b->st_mtim.tv_sec && a->st_mtim.tv_nsec == b->st_mtim.tv_nsec;
}

/* Removes what a run killed while writing temporaries left (it had no
 * journal yet): under the lock, every ".NAME.PID.N.mofgen-tmp" in the
 * output folder, and those beside the files with paths of their own, are
 * a dead run's.  Notes whether the output folder holds anything but the
 * lock, on the way.  Returns how many went. */
static size_t sweep_temporaries(output_stream *s)
{
    size_t removed = 0;
    s->dir_was_empty = false;
    for (size_t k = 0; k <= s->own_count; k++) {
        char *folder = k == 0 ? xstrdup(s->dir) : dir_part(s->own_paths[k - 1]);
        DIR *d = opendir(folder);
        size_t others = 0; /* entries but ".", ".." and the lock */
        for (struct dirent *e; d && (e = readdir(d));) {
            others += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0 && strcmp(e->d_name, LOCK_NAME) != 0;
            size_t n = strlen(e->d_name), suffix = strlen(".mofgen-tmp");
            if (e->d_name[0] != '.' || n <= suffix || strcmp(e->d_name + n - suffix, ".mofgen-tmp") != 0)
                continue;
            char *path = in_dir(folder, e->d_name);
            if ((k == 0 || sibling_of(path, s->own_paths[k - 1], ".mofgen-tmp")) && unlink(path) == 0)
                removed++;
            free(path);
        }
        if (k == 0 && d)
            s->dir_was_empty = others == 0;
        if (d)
            closedir(d);
        free(folder);
    }
    return removed;
}

/* Step 1: the lock, then what an interrupted run left put right, then the
 * files compared before the lock checked again.  0, or -1 after reporting. */
static int take_lock(output_stream *s)
{
    if (make_dirs(s->dir) != 0) {
        diag_plain_error(s->diag, "cannot create output directory '%s': %s", s->dir, strerror(errno));
        return -1;
    }
    if ((s->lock = lock_folder(s->dir, s->lock_path, true, s->diag)) == -1)
        return -1;
    debris_add_file(s->lock_path); /* first: removed last */
    if (fault(OUTPUT_STEP_LOCKED, 0) != 0 || repair(s->dir, s->journal_path, s->own_paths, s->own_count, s->diag) != 0)
        return -1;
    if (sweep_temporaries(s) && s->diag->stream)
        fprintf(s->diag->stream, "mofgen: note: an earlier mofgen run writing to '%s' was interrupted; what it had "
                                 "begun to write is removed\n", s->dir);
    for (size_t i = 0; i < s->seen_count; i++) {
        struct stat now;
        if (lstat(s->seen[i].path, &now) != 0 || !same_file(&now, &s->seen[i].st)) {
            diag_plain_error(s->diag, "'%s' was changed by another program while mofgen was writing to '%s'; nothing "
                                      "is written: run mofgen again", s->seen[i].path, s->dir);
            return -1;
        }
    }
    return 0;
}

output_stream *output_begin(const char *dir, const char *const *own_paths, size_t own_count, diag_engine *diag)
{
    output_stream *s = xmalloc(sizeof *s);
    *s = (output_stream){.dir = xstrdup(dir), .lock_path = in_dir(dir, LOCK_NAME),
                         .journal_path = in_dir(dir, JOURNAL_NAME), .own_paths = own_paths,
                         .own_count = own_count, .diag = diag, .lock = -1, .pid = (long)getpid()};
    s->c = (commit){.dir = s->dir, .journal = -1, .journal_path = s->journal_path};
    install_handlers();
    /* What an earlier run left is put right first, whatever this one writes. */
    struct stat st;
    if ((lstat(s->journal_path, &st) == 0 || lstat(s->lock_path, &st) == 0) && take_lock(s) != 0)
        s->failed = true;
    return s;
}

/* Step 2 for one changed file: its temporary, noted for the signal
 * handler before it exists.  0, or -1 after reporting. */
static int write_changed(output_stream *s, const char *name, char *final, bool exists, const char *content,
                         size_t length)
{
    commit *c = &s->c;
    size_t k = c->count;
    if (k == s->capacity) {
        s->capacity = s->capacity ? 2 * s->capacity : 64;
        c->paths = xrealloc(c->paths, s->capacity * sizeof *c->paths);
        c->temps = xrealloc(c->temps, s->capacity * sizeof *c->temps);
        c->backups = xrealloc(c->backups, s->capacity * sizeof *c->backups);
        c->names = xrealloc(c->names, 3 * s->capacity * sizeof *c->names);
    }
    c->paths[k] = final;
    c->temps[k] = sibling(final, s->pid, k, "tmp");
    c->backups[k] = exists ? sibling(final, s->pid, k, "old") : NULL;
    if (name[0] == '/') {
        /* Named absolute in the journal: a later run may start elsewhere. */
        char *own_dir = dir_part(final);
        char real[PATH_MAX];
        if (make_dirs(own_dir) != 0 || !realpath(own_dir, real)) {
            diag_plain_error(s->diag, "cannot create folder '%s': %s", own_dir, strerror(errno));
            free(own_dir);
            free(c->temps[k]);
            free(c->backups[k]);
            return -1;
        }
        free(own_dir);
        const char *final_base = strrchr(final, '/');
        final_base = final_base ? final_base + 1 : final;
        c->names[3 * k] = in_dir(real, final_base);
        c->names[3 * k + 1] = in_dir(real, strrchr(c->temps[k], '/') + 1);
        c->names[3 * k + 2] = c->backups[k] ? in_dir(real, strrchr(c->backups[k], '/') + 1) : xstrdup("");
    } else {
        c->names[3 * k] = xstrdup(name);
        c->names[3 * k + 1] = xstrdup(strrchr(c->temps[k], '/') + 1);
        c->names[3 * k + 2] = xstrdup(c->backups[k] ? strrchr(c->backups[k], '/') + 1 : "");
    }
    c->count++;
    debris_add_file(c->temps[k]);
    int failed = write_temporary(c->temps[k], content, length);
    if (failed == 0 && fault(OUTPUT_STEP_WRITTEN, k) != 0) {
        failed = -1;
        errno = EIO;
    }
    if (failed) {
        diag_plain_error(s->diag, "cannot write '%s': %s", final, strerror(errno));
        return -1;
    }
    return 0;
}

int output_add(output_stream *s, const char *name, const char *path, const char *content, size_t length)
{
    if (s->failed)
        return -1;
    char *final = path ? xstrdup(path) : in_dir(s->dir, name);
    bool exists = false;
    /* A folder that held only the lock when this run took it (a new one,
     * mostly) holds none of the files: no lstat to find that out, for each
     * of a schema's thousands.  Other mofgen runs wait for the lock. */
    bool surely_new = s->dir_was_empty && !path && !strchr(name, '/');
    int same = surely_new ? 0 : compare_existing(final, content, length, &exists, s->diag);
    if (same == 1) {
        if (s->lock < 0) {
            /* Compared unlocked: checked again when the lock is taken. */
            s->seen = xrealloc(s->seen, (s->seen_count + 1) * sizeof *s->seen);
            s->seen[s->seen_count] = (seen_file){.path = final};
            if (lstat(final, &s->seen[s->seen_count].st) == 0) {
                s->seen_count++;
                return 0;
            }
            same = 0;
        } else {
            free(final);
            return 0;
        }
    }
    if (same < 0 || (s->lock < 0 && take_lock(s) != 0) ||
        write_changed(s, path ? final : name, final, exists, content, length) != 0) {
        if (s->c.count == 0 || s->c.paths[s->c.count - 1] != final)
            free(final);
        s->failed = true;
        return -1;
    }
    return 0;
}

/* Steps 3 and 4: the journal, then the renames.  0 or -1. */
static int commit_changed(output_stream *s)
{
    commit *c = &s->c;
    c->entries = xmalloc((c->count ? c->count : 1) * sizeof *c->entries);
    for (size_t k = 0; k < c->count; k++)
        c->entries[k] = (journal_entry){c->names[3 * k], c->names[3 * k + 1], c->names[3 * k + 2]};
    debris_add_file(c->journal_path);
    c->journal = write_journal(c->journal_path, c->entries, c->count);
    if (c->journal < 0) {
        diag_plain_error(s->diag, "cannot write '%s': %s", c->journal_path, strerror(errno));
        return -1;
    }
    if (fault(OUTPUT_STEP_PLANNED, 0) != 0 || debris.interrupted)
        return -1;
    sigset_t old;
    block_signals(&old);
    int rc = replace_all(c, s->diag);
    restore_signals(&old); /* a signal that came meanwhile is delivered here */
    return rc;
}

int output_finish(output_stream *s, bool commit_it)
{
    int rc = s->failed || !commit_it || debris.interrupted ? -1 : 0;
    if (rc == 0 && s->c.count)
        rc = commit_changed(s);
    if (rc != 0)
        debris_remove(s->lock >= 0 ? 1 : 0); /* the journal and the temporaries; the lock file last */
    if (rc == 0 && debris.file_count)
        unlink(s->lock_path); /* before the lock goes: see lock_folder */
    debris_clear(rc != 0);
    if (s->lock >= 0)
        close(s->lock);
    uninstall_handlers();
    for (size_t i = 0; i < s->c.count; i++)
        free(s->c.paths[i]);
    commit_free(&s->c);
    for (size_t i = 0; i < s->seen_count; i++)
        free(s->seen[i].path);
    free(s->seen);
    free(s->dir);
    free(s->lock_path);
    free(s->journal_path);
    free(s);
    return rc;
}


/* Step 0, unlocked or locked: compares each file with what is on disk.
 * Returns the number that differ, or -1 after reporting something in the
 * way that is not a regular file. */
static long examine(const emit_result *r, char **paths, bool *changed, bool *exists, diag_engine *diag)
{
    long differences = 0;
    for (size_t i = 0; i < r->count; i++) {
        int same = compare_existing(paths[i], r->files[i].content, r->files[i].length, &exists[i], diag);
        if (same < 0)
            differences = -1;
        changed[i] = same == 0;
        if (differences >= 0)
            differences += changed[i];
    }
    return differences;
}

/* --check: what would change, and whether a run was interrupted (unless a
 * live run is writing: then after it).  Returns 0, 1 (changes) or -1. */
static int check_folder(const emit_result *r, const char *dir, char **paths, bool *changed, bool *exists,
                        long differences, const char *lock_path, const char *journal_path, diag_engine *diag,
                        FILE *report)
{
    struct stat st;
    bool journal_there = lstat(journal_path, &st) == 0;
    if (journal_there) {
        int lock = lock_folder(dir, lock_path, false, diag);
        if (lock == -1)
            return -1;
        if (lock >= 0)
            close(lock);
        differences = examine(r, paths, changed, exists, diag);
        if (differences < 0)
            return -1;
        journal_there = lstat(journal_path, &st) == 0;
    }
    for (size_t i = 0; i < r->count; i++)
        if (changed[i])
            fprintf(report, "%s would change\n", paths[i]);
    if (journal_there) {
        diag_plain_error(diag, "a mofgen run writing to '%s' was interrupted and left '%s'; run mofgen without "
                               "--check to finish or undo what it began", dir, journal_path);
        return -1;
    }
    return differences ? 1 : 0;
}

int output_commit(const emit_result *r, const char *dir, bool check_only, diag_engine *diag, FILE *report)
{
    if (!check_only) {
        const char **own = xmalloc((r->count ? r->count : 1) * sizeof *own);
        size_t own_count = 0;
        for (size_t i = 0; i < r->count; i++)
            if (r->files[i].path)
                own[own_count++] = r->files[i].path;
        output_stream *s = output_begin(dir, own, own_count, diag);
        int rc = 0;
        for (size_t i = 0; i < r->count && rc == 0; i++)
            rc = output_add(s, r->files[i].name, r->files[i].path, r->files[i].content, r->files[i].length);
        rc = output_finish(s, rc == 0);
        free(own);
        return rc;
    }
    size_t n = r->count ? r->count : 1;
    bool *changed = calloc(n, sizeof *changed), *exists = calloc(n, sizeof *exists);
    char **paths = calloc(n, sizeof *paths);
    if (!changed || !paths || !exists)
        abort();
    char *lock_path = in_dir(dir, LOCK_NAME), *journal_path = in_dir(dir, JOURNAL_NAME);
    for (size_t i = 0; i < r->count; i++)
        paths[i] = r->files[i].path ? xstrdup(r->files[i].path) : in_dir(dir, r->files[i].name);
    long differences = examine(r, paths, changed, exists, diag);
    int rc = differences < 0 ? -1
                             : check_folder(r, dir, paths, changed, exists, differences, lock_path, journal_path, diag,
                                            report);
    for (size_t i = 0; i < r->count; i++)
        free(paths[i]);
    free(paths);
    free(changed);
    free(exists);
    free(lock_path);
    free(journal_path);
    return rc;
}
