/* print.c - `lp` through fork/execvp, no shell (see print.h). */
#include "report/print.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/text.h"

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The first line of lp's words, cleaned for a message. */
static void first_line(const char *in, char *out, size_t size)
{
    char line[512];
    size_t n = strcspn(in, "\n");
    if (n >= sizeof line)
        n = sizeof line - 1;
    memcpy(line, in, n);
    line[n] = '\0';
    pd_text_quote(out, size, line);
}

pd_err pd_print_file(const char *path, const struct pd_print_opts *o, char *job, size_t jobsz,
                     struct pd_error *err)
{
    struct stat sb;
    if (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode))
        return pd_fail(err, PD_EIO, "print", "nothing to print: %s is not a file", path);
    /* an absolute path can never be read as an option by lp */
    char abs[PATH_MAX];
    if (!realpath(path, abs))
        return pd_fail(err, PD_EIO, "print", "cannot find %s: %s", path, strerror(errno));
    const char *prog = o && o->lp && *o->lp ? o->lp : "lp";
    const char *argv[12];
    int a = 0;
    argv[a++] = prog;
    if (o && o->printer && *o->printer) {
        argv[a++] = "-d";
        argv[a++] = o->printer;
    }
    if (o && o->title && *o->title) {
        argv[a++] = "-t";
        argv[a++] = o->title;
    }
    if (o && o->raw) {
        argv[a++] = "-o";
        argv[a++] = "raw";
    }
    argv[a++] = abs;
    argv[a] = NULL;

    int out[2], errp[2], execp[2];
    if (pipe(out) != 0)
        return pd_fail(err, PD_EIO, "print", "cannot start lp: %s; the file is kept at %s", strerror(errno), abs);
    if (pipe(errp) != 0) {
        close(out[0]);
        close(out[1]);
        return pd_fail(err, PD_EIO, "print", "cannot start lp: %s; the file is kept at %s", strerror(errno), abs);
    }
    if (pipe2(execp, O_CLOEXEC) != 0) {
        close(out[0]); close(out[1]); close(errp[0]); close(errp[1]);
        return pd_fail(err, PD_EIO, "print", "cannot start lp: %s; the file is kept at %s", strerror(errno), abs);
    }
    pid_t pid = fork();
    if (pid < 0) {
        close(out[0]); close(out[1]); close(errp[0]); close(errp[1]); close(execp[0]); close(execp[1]);
        return pd_fail(err, PD_EIO, "print", "cannot start lp: %s; the file is kept at %s", strerror(errno), abs);
    }
    if (pid == 0) {
        int devnull = open("/dev/null", O_RDONLY);
        if (devnull >= 0)
            dup2(devnull, 0);
        dup2(out[1], 1);
        dup2(errp[1], 2);
        close(out[0]); close(out[1]); close(errp[0]); close(errp[1]); close(execp[0]);
        execvp(prog, (char *const *)argv);
        int e = errno;
        ssize_t w = write(execp[1], &e, sizeof e);
        (void)w;
        _exit(127);
    }
    close(out[1]);
    close(errp[1]);
    close(execp[1]);

    /* did exec work?  The pipe closes on exec, or carries errno */
    int exec_errno = 0;
    ssize_t got;
    do
        got = read(execp[0], &exec_errno, sizeof exec_errno);
    while (got < 0 && errno == EINTR);
    close(execp[0]);

    char obuf[1024] = "", ebuf[1024] = "";
    size_t on = 0, en = 0;
    int timeout_ms = (o && o->timeout_seconds > 0 ? o->timeout_seconds : 60) * 1000;
    long long deadline = now_ms() + timeout_ms;
    struct pollfd fds[2] = { { out[0], POLLIN, 0 }, { errp[0], POLLIN, 0 } };
    int open_fds = 2;
    bool timed_out = false;
    while (open_fds > 0) {
        long long left = deadline - now_ms();
        if (left <= 0) {
            timed_out = true;
            break;
        }
        int pr = poll(fds, 2, (int)left);
        if (pr < 0 && errno == EINTR)
            continue;
        if (pr <= 0) {
            timed_out = pr == 0;
            break;
        }
        for (int i = 0; i < 2; i++) {
            if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR)))
                continue;
            char *buf = i ? ebuf : obuf;
            size_t *n = i ? &en : &on;
            char tmp[512];
            ssize_t r = read(fds[i].fd, tmp, sizeof tmp);
            if (r <= 0) {
                close(fds[i].fd);
                fds[i].fd = -1;
                open_fds--;
                continue;
            }
            size_t room = sizeof obuf - 1 - *n;
            size_t take = (size_t)r < room ? (size_t)r : room;
            memcpy(buf + *n, tmp, take);
            *n += take;
            buf[*n] = '\0';
        }
    }
    for (int i = 0; i < 2; i++)
        if (fds[i].fd >= 0)
            close(fds[i].fd);
    if (timed_out)
        kill(pid, SIGKILL);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;

    if (got == (ssize_t)sizeof exec_errno && exec_errno)
        return pd_fail(err, PD_EIO, "print", "cannot run %s (the CUPS client, package cups-client): %s; "
                       "the file is kept at %s", prog, strerror(exec_errno), abs);
    if (timed_out)
        return pd_fail(err, PD_EIO, "print", "%s did not answer within %d seconds; the file is kept at %s",
                       prog, timeout_ms / 1000, abs);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        char said[300];
        first_line(ebuf[0] ? ebuf : obuf, said, sizeof said);
        const char *hint = "";
        if (strstr(ebuf, "no default destination") || strstr(ebuf, "No default destination"))
            hint = " (no printer is set: [print] printer in popdesk.ini names the CUPS queue)";
        else if (strstr(ebuf, "does not exist"))
            hint = " (check [print] printer in popdesk.ini against `lpstat -p`)";
        else if (strstr(ebuf, "connect") || strstr(ebuf, "Connection"))
            hint = " (the CUPS service is not running)";
        return pd_fail(err, PD_EDENIED, "print", "the print spooler refused the job: %s%s; the file is kept at %s",
                       said[0] ? said : "no reason given", hint, abs);
    }
    if (job && jobsz) {
        char said[300];
        first_line(obuf, said, sizeof said);
        pd_strlcpy(job, said, jobsz);
    }
    return PD_OK;
}
