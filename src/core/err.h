/* err.h - one error enum for popdesk, with a message and the field at fault.
 *
 * Every function that can fail takes a `struct pd_error *` (may be NULL) and
 * returns a pd_err.  The struct is the caller's: filled on failure with a
 * message in words a clerk understands, and the field (or CSV column, config
 * key) it concerns.  Nothing here allocates.
 */
#ifndef PD_CORE_ERR_H
#define PD_CORE_ERR_H

#include <stdarg.h>
#include <stddef.h>

/* X(name, exit status, description) */
#define PD_ERR_TABLE(X)                                             \
    X(PD_OK,        0, "ok")                                        \
    X(PD_EINVAL,    1, "invalid input")                             \
    X(PD_ENOTFOUND, 1, "not found")                                 \
    X(PD_EEXIST,    1, "already exists")                            \
    X(PD_EDENIED,   1, "refused")                                   \
    X(PD_EUSAGE,    2, "usage error")                               \
    X(PD_ECONFIG,   3, "configuration error")                       \
    X(PD_EDB,       4, "database error")                            \
    X(PD_EBUSY,     4, "database busy")                             \
    X(PD_EIO,       4, "input/output error")                        \
    X(PD_ENOMEM,    4, "out of memory")                             \
    X(PD_ENET,      5, "network error")                             \
    X(PD_EPROTO,    5, "district protocol error")

typedef enum {
#define PD_X(n, s, d) n,
    PD_ERR_TABLE(PD_X)
#undef PD_X
} pd_err;

#define PD_FIELD_MAX 64
#define PD_MSG_MAX 512

struct pd_error {
    pd_err code;
    char field[PD_FIELD_MAX];   /* field, column or key at fault; "" if none */
    char msg[PD_MSG_MAX];       /* message in words, no trailing newline */
};

const char *pd_strerror(pd_err e);
/* Process exit status for an error (0 ok, 1 bad input, 2 usage, 3 config, 4 db). */
int pd_err_exit(pd_err e);
/* Fills *err (if not NULL) and returns code. field may be NULL. */
pd_err pd_fail(struct pd_error *err, pd_err code, const char *field,
               const char *fmt, ...) __attribute__((format(printf, 4, 5)));
void pd_error_clear(struct pd_error *err);

/* Bounded string copy: always NUL-terminates, returns strlen(src).
 * Never cuts a UTF-8 sequence in the middle. */
size_t pd_strlcpy(char *dst, const char *src, size_t size);

#endif
