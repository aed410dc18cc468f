/* benchutil.h - what the benchmark programs share: a monotonic clock, a
 * fatal error, and running one measured job in a child process so that its
 * peak RSS (ru_maxrss) is its own.  Header-only: each bench/ program is
 * linked on its own (Makefile). */
#ifndef PD_BENCH_BENCHUTIL_H
#define PD_BENCH_BENCHUTIL_H

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* The program's name in its messages; each program defines it. */
extern const char *bench_name;

static inline double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static inline void die(const char *what, const char *why)
{
    fprintf(stderr, "%s: %s: %s\n", bench_name, what, why);
    exit(1);
}

struct run {
    double wall;             /* seconds */
    double cpu;              /* user + system seconds */
    long maxrss_kb;
    int status;
};

/* Runs fn(arg) in a child and reports its time, peak RSS and exit status. */
static inline struct run in_child(int (*fn)(void *), void *arg)
{
    struct run r = { 0, 0, 0, -1 };
    fflush(stdout);
    fflush(stderr);
    double t0 = now();
    pid_t pid = fork();
    if (pid < 0)
        die("fork", strerror(errno));
    if (pid == 0)
        _exit(fn(arg));
    int status;
    struct rusage ru;
    if (wait4(pid, &status, 0, &ru) < 0)
        die("wait4", strerror(errno));
    r.wall = now() - t0;
    r.cpu = (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
            (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
    r.maxrss_kb = ru.ru_maxrss;
    r.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return r;
}

#endif
