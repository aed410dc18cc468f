/* err.c - error codes, messages and the bounded copy every module uses. */
#include "core/err.h"

#include <stdio.h>
#include <string.h>

static const struct { const char *desc; int status; } pd_err_info[] = {
#define PD_X(n, s, d) { d, s },
    PD_ERR_TABLE(PD_X)
#undef PD_X
};

const char *pd_strerror(pd_err e)
{
    if ((size_t)e >= sizeof pd_err_info / sizeof pd_err_info[0])
        return "unknown error";
    return pd_err_info[e].desc;
}

int pd_err_exit(pd_err e)
{
    if ((size_t)e >= sizeof pd_err_info / sizeof pd_err_info[0])
        return 4;
    return pd_err_info[e].status;
}

void pd_error_clear(struct pd_error *err)
{
    if (!err)
        return;
    err->code = PD_OK;
    err->field[0] = '\0';
    err->msg[0] = '\0';
}

pd_err pd_fail(struct pd_error *err, pd_err code, const char *field,
               const char *fmt, ...)
{
    if (!err)
        return code;
    err->code = code;
    pd_strlcpy(err->field, field ? field : "", sizeof err->field);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
    /* vsnprintf may cut a multibyte character: trim a partial tail. */
    pd_strlcpy(err->msg, err->msg, sizeof err->msg);
    return code;
}

size_t pd_strlcpy(char *dst, const char *src, size_t size)
{
    size_t len = strlen(src);
    if (size == 0)
        return len;
    size_t n = len < size - 1 ? len : size - 1;
    /* Back off to a UTF-8 boundary if the copy is cut. */
    if (n < len)
        while (n > 0 && ((unsigned char)src[n] & 0xC0) == 0x80)
            n--;
    memmove(dst, src, n);
    dst[n] = '\0';
    return len;
}
