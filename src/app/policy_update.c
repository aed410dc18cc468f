/* policy_update.c - district policy updates put in force (see policy_update.h). */
#include "app/policy_update.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/app.h"
#include "app/policy_load.h"
#include "store/updates.h"

#define POLICY_TEXT_MAX (1024 * 1024)

const char *pd_policy_in_force(struct pd_db *db, const char *config_file, char *buf, size_t size)
{
    if (db && pd_db_meta_get(db, "policy_file", buf, size) == PD_OK && buf[0] && access(buf, R_OK) == 0)
        return buf;
    pd_strlcpy(buf, config_file ? config_file : "", size);
    return buf;
}

const char *pd_app_policy_file(struct pd_app *app, char *buf, size_t size)
{
    struct pd_db *db = NULL;
    const char *path = pd_app_db_path(app);
    if (access(path, R_OK) == 0 && pd_db_open(path, PD_DB_READONLY, &db, NULL) == PD_OK) {
        pd_policy_in_force(db, app->cfg.policy_file, buf, size);
        pd_db_close(&db);
        return buf;
    }
    pd_strlcpy(buf, app->cfg.policy_file, size);
    return buf;
}

pd_err pd_app_load_policy(struct pd_app *app, struct pd_policy *p, struct pd_error *err)
{
    char path[PD_PATH_MAX];
    return pd_policy_load(pd_app_policy_file(app, path, sizeof path), p, err);
}

/* A file name part: letters, digits, '.', '_', '-'; not starting with '.'. */
static bool safe_name(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > 64 || s[0] == '.' || s[0] == '-')
        return false;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
              *s == '.' || *s == '_' || *s == '-'))
            return false;
    return true;
}

static pd_err write_synced(const char *path, const char *text, size_t len, struct pd_error *err)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0)
        return pd_fail(err, PD_EIO, "policy.file", "cannot write %s: %s", path, strerror(errno));
    size_t off = 0;
    while (off < len) {
        ssize_t w = write(fd, text + off, len - off);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            int e = errno;
            close(fd);
            return pd_fail(err, PD_EIO, "policy.file", "cannot write %s: %s", path, strerror(e));
        }
        off += (size_t)w;
    }
    if (fsync(fd) != 0 || close(fd) != 0)
        return pd_fail(err, PD_EIO, "policy.file", "cannot write %s: %s", path, strerror(errno));
    return PD_OK;
}

static void sync_dir(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
}

/* Checks one update.  PD_OK with *final set: the file is in place (not yet
 * in force).  PD_EINVAL with why: refused.  Other errors: try again later. */
static pd_err check_and_place(struct pd_db *db, const char *config_file, const json_t *data,
                              char *final, size_t fsize, struct pd_error *why, struct pd_error *err)
{
    const json_t *jn = json_object_get(data, "name"), *jv = json_object_get(data, "version"),
                 *ji = json_object_get(data, "ini");
    if (!json_is_string(jn) || !safe_name(json_string_value(jn)))
        return pd_fail(why, PD_EINVAL, "name", "the policy update has no usable name (letters, digits, "
                       ". _ - only)");
    if (!json_is_integer(jv) || json_integer_value(jv) < 1 || json_integer_value(jv) > 1000000)
        return pd_fail(why, PD_EINVAL, "version", "the policy update has no usable version (a whole "
                       "number from 1)");
    if (!json_is_string(ji) || json_string_length(ji) == 0 || json_string_length(ji) > POLICY_TEXT_MAX)
        return pd_fail(why, PD_EINVAL, "ini", "the policy update carries no policy file text (data.ini)");
    const char *name = json_string_value(jn);
    long version = (long)json_integer_value(jv);

    char dir[4096];
    pd_strlcpy(dir, pd_db_path(db), sizeof dir);
    char *slash = strrchr(dir, '/');
    if (slash)
        pd_strlcpy(slash, "/policy", sizeof dir - (size_t)(slash - dir));
    else
        pd_strlcpy(dir, "policy", sizeof dir);
    pd_err rc = pd_mkdirs(dir, 0700, err);
    if (rc != PD_OK)
        return rc;
    char tmp[4200];
    snprintf(final, fsize, "%s/%s-v%ld.ini", dir, name, version);
    snprintf(tmp, sizeof tmp, "%s/.%s-v%ld.ini.%d.tmp", dir, name, version, (int)getpid());
    rc = write_synced(tmp, json_string_value(ji), json_string_length(ji), err);
    if (rc != PD_OK) {
        unlink(tmp);
        return rc;
    }
    struct pd_policy p;
    struct pd_error e;
    pd_error_clear(&e);
    if (pd_policy_load(tmp, &p, &e) != PD_OK) {
        unlink(tmp);
        /* the message names the temporary file; say what it was instead */
        const char *m = e.msg;
        size_t tl = strlen(tmp);
        if (strncmp(m, tmp, tl) == 0 && m[tl] == ':')
            m += tl + 2;
        return pd_fail(why, PD_EINVAL, e.field, "policy %s version %ld refused, the old policy stays in "
                       "force: %s", name, version, m);
    }
    if (strcmp(p.name, name) != 0 || p.version != version) {
        unlink(tmp);
        return pd_fail(why, PD_EINVAL, "policy.name", "policy update refused, the old policy stays in "
                       "force: it is sent as %s version %ld but its [policy] section says %s version %d",
                       name, version, p.name, p.version);
    }
    char cur[4096];
    struct pd_policy old;
    pd_policy_in_force(db, config_file, cur, sizeof cur);
    if (strcmp(cur, final) != 0 && pd_policy_load(cur, &old, NULL) == PD_OK &&
        strcmp(old.name, name) == 0 && old.version >= version) {
        unlink(tmp);
        return pd_fail(why, PD_EINVAL, "policy.version", "policy %s version %ld refused: version %d is "
                       "already in force (%s)", name, version, old.version, cur);
    }
    if (rename(tmp, final) != 0) {
        int e2 = errno;
        unlink(tmp);
        return pd_fail(err, PD_EIO, "policy.file", "cannot put %s in place: %s", final, strerror(e2));
    }
    sync_dir(dir);
    return PD_OK;
}

struct apply_ctx {
    struct pd_db *db;
    const char *config_file;
    int applied, refused;
    void (*cb)(void *, const char *, bool, const char *);
    void *cb_ctx;
    pd_err rc;
    struct pd_error *err;
};

static int one(void *vctx, const struct pd_update *u)
{
    struct apply_ctx *c = vctx;
    char final[4200], words[PD_MSG_MAX + 8400];
    struct pd_error why;
    pd_error_clear(&why);
    pd_err rc = check_and_place(c->db, c->config_file, u->data, final, sizeof final, &why, c->err);
    bool ok = rc == PD_OK;
    if (rc != PD_OK && rc != PD_EINVAL && why.msg[0] == '\0') {
        c->rc = rc;          /* local trouble (disk): leave the update new for next time */
        return 1;
    }
    char before[4096];
    pd_policy_in_force(c->db, c->config_file, before, sizeof before);
    if (ok)
        snprintf(words, sizeof words, "in force: %s (was %s)", final, before);
    else
        pd_strlcpy(words, why.msg, sizeof words);
    rc = pd_db_begin(c->db, c->err);
    if (rc == PD_OK && ok)
        rc = pd_db_meta_set(c->db, "policy_file", final, c->err);
    if (rc == PD_OK)
        rc = pd_updates_settle_policy(c->db, u->uid, ok, words, c->err);
    if (rc == PD_OK)
        rc = pd_db_commit(c->db, c->err);
    else
        pd_db_rollback(c->db);
    if (rc != PD_OK) {
        c->rc = rc;
        return 1;
    }
    if (ok)
        c->applied++;
    else
        c->refused++;
    if (c->cb)
        c->cb(c->cb_ctx, u->uid, ok, words);
    return 0;
}

pd_err pd_policy_updates_apply(struct pd_db *db, const char *config_file, int *applied,
                               int *refused,
                               void (*cb)(void *ctx, const char *uid, bool ok, const char *words),
                               void *ctx, struct pd_error *err)
{
    struct apply_ctx c = { db, config_file, 0, 0, cb, ctx, PD_OK, err };
    pd_err rc = pd_updates_each(db, PD_UPD_NEW_POLICY, one, &c, err);
    if (applied)
        *applied = c.applied;
    if (refused)
        *refused = c.refused;
    return rc != PD_OK ? rc : c.rc;
}
