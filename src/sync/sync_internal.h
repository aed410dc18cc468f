/* sync_internal.h - what the push (sync.c) and the pull (pull.c) share:
 * the pusher's state.  Never included outside src/sync/. */
#ifndef PD_SYNC_INTERNAL_H
#define PD_SYNC_INTERNAL_H

#include "sync/gzip.h"
#include "sync/sync.h"

struct pd_sync {
    struct pd_sync_conf c;
    struct pd_transport *t;
    pd_sync_log_fn log;
    void *log_ctx;
    volatile int stop;
    int cap_events;                /* lowered by 413s */
    int good_streak;
    struct pd_gzip gz;             /* kept across batches and passes */
    bool pull;                     /* the loop pulls after each push (pd_sync_set_pull) */
    pd_sync_after_pull_fn after_pull;
    void *after_pull_ctx;
};

/* One line for the log callback (level 0 detail, 1 notice). */
void pd_sync_logf(struct pd_sync *s, int level, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
