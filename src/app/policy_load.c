/* policy_load.c - the policy file through iniparser (see policy_load.h). */
#include "app/policy_load.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <iniparser.h>

/* iniparser reports syntax errors through one global callback; collect
 * them for the message. */
static char ini_error[512];

static int collect(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    size_t n = strlen(ini_error);
    if (n < sizeof ini_error - 1)
        vsnprintf(ini_error + n, sizeof ini_error - n, fmt, ap);
    va_end(ap);
    return 0;
}

/* Prefixes the core's "[section] key: ..." with the file name. */
static pd_err with_file(const char *path, pd_err rc, struct pd_error *err)
{
    if (err && rc != PD_OK) {
        char msg[PD_MSG_MAX];
        int n = snprintf(msg, sizeof msg, "%s: ", path);
        if (n > 0 && (size_t)n < sizeof msg)
            pd_strlcpy(msg + n, err->msg, sizeof msg - (size_t)n);
        pd_strlcpy(err->msg, msg, sizeof err->msg);
    }
    return rc;
}

pd_err pd_policy_load(const char *path, struct pd_policy *out, struct pd_error *err)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return pd_fail(err, PD_ECONFIG, "policy.file", "cannot read policy file %s: %s", path,
                       strerror(errno));
    fclose(f);
    ini_error[0] = '\0';
    iniparser_set_error_callback(collect);
    dictionary *d = iniparser_load(path);
    iniparser_set_error_callback(NULL);
    if (!d) {
        for (char *nl = strchr(ini_error, '\n'); nl; nl = strchr(nl, '\n'))
            *nl = ' ';
        return pd_fail(err, PD_ECONFIG, "policy.file", "%s: not a valid policy file: %s", path,
                       ini_error[0] ? ini_error : "syntax error");
    }
    struct pd_policy p;
    pd_policy_init(&p);
    pd_err rc = PD_OK;
    /* Sections first, so "[rewrad]" is named as an unknown section rather
     * than each of its keys as unknown keys. */
    for (int i = 0; i < d->n && rc == PD_OK; i++) {
        const char *name = d->key[i];
        if (name && !strchr(name, ':') && !pd_policy_section_known(name))
            rc = pd_fail(err, PD_ECONFIG, name, "[%s]: unknown section", name);
    }
    for (int i = 0; i < d->n && rc == PD_OK; i++) {
        const char *name = d->key[i];
        const char *colon = name ? strchr(name, ':') : NULL;
        if (!colon)
            continue;
        char section[64];
        size_t sl = (size_t)(colon - name);
        if (sl >= sizeof section) {
            rc = pd_fail(err, PD_ECONFIG, NULL, "section name too long: %.40s...", name);
            break;
        }
        memcpy(section, name, sl);
        section[sl] = '\0';
        rc = pd_policy_set(&p, section, colon + 1, d->val[i] ? d->val[i] : "", err);
    }
    iniparser_freedict(d);
    if (rc == PD_OK)
        rc = pd_policy_finish(&p, err);
    if (rc != PD_OK)
        return with_file(path, rc, err);
    *out = p;
    return PD_OK;
}
