/* background.c - one push pass in a thread (see background.h).
 *
 * A thread rather than fork(): a forked child must not touch the SQLite
 * state it inherits from the parent, and exec'ing a fresh popdesk would tie
 * this layer to the command line.  The thread has its own connection, blocks
 * every signal (they stay with the screens' thread; SIGPIPE from a dropped
 * TLS connection becomes EPIPE), and ends by writing one byte to a pipe.
 */
#include "sync/background.h"

#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/db.h"
#include "store/outbox.h"

struct pd_sync_bg {
    pthread_t th;
    bool joined;
    struct pd_sync *s;
    char db_path[4096];
    int pipefd[2];
    int done;                    /* written by the thread, read atomically */
    struct pd_sync_result res;
    pd_err rc;
    struct pd_error err;
};

static void *run(void *arg)
{
    struct pd_sync_bg *bg = arg;
    struct pd_db *db = NULL;
    pd_error_clear(&bg->err);
    memset(&bg->res, 0, sizeof bg->res);
    bg->rc = pd_db_open(bg->db_path, 0, &db, &bg->err);
    if (bg->rc == PD_OK) {
        pd_outbox_small_cache(db);
        bg->rc = pd_sync_pass(bg->s, db, &bg->res, &bg->err);
        pd_db_close(&db);
    } else {
        bg->res.outcome = PD_SYNC_LOCAL;
    }
    __atomic_store_n(&bg->done, 1, __ATOMIC_RELEASE);
    char one = 1;
    ssize_t w = write(bg->pipefd[1], &one, 1);
    (void)w;
    return NULL;
}

pd_err pd_sync_bg_start(const char *db_path, const struct pd_sync_conf *c,
                        struct pd_transport *t, struct pd_sync_bg **out,
                        struct pd_error *err)
{
    *out = NULL;
    struct pd_sync_bg *bg = calloc(1, sizeof *bg);
    if (!bg) {
        if (t)
            t->free(t);
        return pd_fail(err, PD_ENOMEM, NULL, "out of memory");
    }
    bg->pipefd[0] = bg->pipefd[1] = -1;
    pd_strlcpy(bg->db_path, db_path, sizeof bg->db_path);
    pd_err rc = pd_sync_new(c, t, &bg->s, err);   /* also libcurl's global init, before the thread */
    if (rc != PD_OK) {
        free(bg);
        return rc;
    }
    if (pipe2(bg->pipefd, O_CLOEXEC | O_NONBLOCK) != 0) {
        pd_sync_free(&bg->s);
        free(bg);
        return pd_fail(err, PD_EIO, NULL, "cannot start a background push (no pipe)");
    }
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);     /* the thread inherits "all blocked" */
    int e = pthread_create(&bg->th, NULL, run, bg);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (e != 0) {
        close(bg->pipefd[0]);
        close(bg->pipefd[1]);
        pd_sync_free(&bg->s);
        free(bg);
        return pd_fail(err, PD_EIO, NULL, "cannot start a background push (no thread)");
    }
    *out = bg;
    return PD_OK;
}

int pd_sync_bg_fd(const struct pd_sync_bg *bg)
{
    return bg ? bg->pipefd[0] : -1;
}

bool pd_sync_bg_done(struct pd_sync_bg *bg, struct pd_sync_result *res, pd_err *rc,
                     struct pd_error *err)
{
    if (!bg || !__atomic_load_n(&bg->done, __ATOMIC_ACQUIRE))
        return false;
    if (!bg->joined) {
        pthread_join(bg->th, NULL);
        bg->joined = true;
    }
    if (res)
        *res = bg->res;
    if (rc)
        *rc = bg->rc;
    if (err)
        *err = bg->err;
    return true;
}

void pd_sync_bg_free(struct pd_sync_bg **bgp)
{
    struct pd_sync_bg *bg = bgp ? *bgp : NULL;
    if (!bg)
        return;
    if (!bg->joined) {
        pd_sync_stop(bg->s);
        pthread_join(bg->th, NULL);
    }
    pd_sync_free(&bg->s);
    close(bg->pipefd[0]);
    close(bg->pipefd[1]);
    free(bg);
    *bgp = NULL;
}
