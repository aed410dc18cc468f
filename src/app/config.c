/* config.c - loading and checking popdesk.ini (see config.h). */
#include "app/config.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <iniparser.h>

enum ckind { C_STR, C_PATH, C_INT, C_ENUM, C_STATION, C_URL, C_PHONE };

struct ckey {
    const char *section, *key;
    enum ckind kind;
    size_t off, size;       /* field in struct pd_config */
    long min, max;          /* C_INT range */
    const char *def;        /* default as text */
    const char *choices;    /* C_ENUM: "a|b" */
    const char *help;
};

#define S(sec, key, fld, kind, def, help) \
    { sec, key, kind, offsetof(struct pd_config, fld), sizeof ((struct pd_config *)0)->fld, 0, 0, def, NULL, help }
#define I(sec, key, fld, min, max, def, help) \
    { sec, key, C_INT, offsetof(struct pd_config, fld), sizeof(long), min, max, def, NULL, help }
#define E(sec, key, fld, choices, def, help) \
    { sec, key, C_ENUM, offsetof(struct pd_config, fld), sizeof ((struct pd_config *)0)->fld, 0, 0, def, choices, help }

static const struct ckey keys[] = {
    S("station", "code", station, C_STATION, "", "12-digit village/community code (GB/T 2260 county + township + community)"),
    S("station", "name", station_name, C_STR, "", "village/community name, printed on lists"),
    S("station", "township", township, C_STR, "", "street/town name, printed on lists"),
    S("station", "district", district_name, C_STR, "江北区", "district name, printed on lists"),
    S("database", "path", db_path, C_PATH, "", "the register file (default $XDG_DATA_HOME/popdesk/register.db)"),
    S("district", "url", district_url, C_URL, "", "district intake base URL, https:// (http:// only to loopback)"),
    S("district", "ca_file", ca_file, C_PATH, "", "CA certificate(s) that verify the district server"),
    S("district", "client_cert", client_cert, C_PATH, "", "station client certificate (PEM), when the district asks for one"),
    S("district", "client_key", client_key, C_PATH, "", "key of the client certificate (PEM, mode 0600)"),
    S("district", "token_file", token_file, C_PATH, "", "file holding the station's bearer token (mode 0600)"),
    I("district", "connect_timeout", connect_timeout, 1, 600, "10", "seconds to wait for a connection"),
    I("district", "timeout", timeout, 1, 3600, "60", "seconds one request may take in all"),
    I("district", "batch_max_events", batch_max_events, 1, 10000, "200", "events per batch at most"),
    I("district", "batch_max_bytes", batch_max_bytes, 1024, 16777216, "262144", "bytes per batch before gzip at most"),
    I("district", "retry_max_seconds", retry_max_seconds, 5, 86400, "600", "longest wait between retries"),
    E("ui", "language", language, "zh|en", "zh", "screen language: zh (Chinese) or en (English)"),
    I("ui", "idle_lock_minutes", idle_lock_minutes, 0, 480, "15", "lock the screens after this many idle minutes (0 never)"),
    S("print", "printer", printer, C_STR, "", "CUPS queue for --print (empty: the system default)"),
    E("print", "encoding", print_encoding, "utf-8|gb18030", "utf-8", "text printouts encoding: utf-8 or gb18030"),
    S("policy", "file", policy_file, C_PATH, "", "policy file: targets and subsidy amounts (default the installed zhejiang-2012.ini)"),
    I("notice", "days", notice_days, 1, 60, "7", "public notice period in days"),
    S("notice", "phone_village", phone_village, C_PHONE, "", "complaint phone of the village/community"),
    S("notice", "phone_town", phone_town, C_PHONE, "", "complaint phone of the street/town"),
    S("notice", "phone_county", phone_county, C_PHONE, "", "complaint phone of the district"),
    S("notice", "place", notice_place, C_STR, "", "where the notice is posted"),
    S("backup", "dir", backup_dir, C_PATH, "", "folder for `popdesk backup` (default $XDG_DATA_HOME/popdesk/backups)"),
    I("backup", "remind_days", backup_remind_days, 0, 365, "7", "remind on the home screen when the last backup is this many days old, or there was none (0 never)"),
    I("auth", "min_password_length", min_password_length, 6, 128, "8", "shortest password accepted"),
    I("auth", "max_failures", max_failures, 1, 20, "3", "wrong passwords before an account locks"),
    I("auth", "lock_minutes", lock_minutes, 1, 1440, "5", "first lock-out; doubles on each further lock-out"),
};
#define NKEYS (sizeof keys / sizeof keys[0])

static void set_str(struct pd_config *cfg, const struct ckey *k, const char *v)
{
    pd_strlcpy((char *)cfg + k->off, v, k->size);
}

static void default_paths(struct pd_config *cfg)
{
    const char *xdg = getenv("XDG_DATA_HOME");
    const char *home = getenv("HOME");
    char base[PD_PATH_MAX - 32];
    if (xdg && xdg[0] == '/')
        snprintf(base, sizeof base, "%s/popdesk", xdg);
    else
        snprintf(base, sizeof base, "%s/.local/share/popdesk", home && *home ? home : ".");
    if (!cfg->db_path[0])
        snprintf(cfg->db_path, sizeof cfg->db_path, "%s/register.db", base);
    if (!cfg->backup_dir[0])
        snprintf(cfg->backup_dir, sizeof cfg->backup_dir, "%s/backups", base);
    if (!cfg->policy_file[0]) {
        /* the installed copy, else the source tree's (make run from a checkout) */
        snprintf(cfg->policy_file, sizeof cfg->policy_file, "%s/policy/zhejiang-2012.ini", POPDESK_DATADIR);
        if (access(cfg->policy_file, R_OK) != 0) {
            /* installed under another prefix (bin/../share/popdesk), or not
             * installed at all: the source tree beside build/popdesk */
            char exe[PD_PATH_MAX - 64];
            ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
            char *slash;
            if (n > 0 && (exe[n] = '\0', slash = strrchr(exe, '/'))) {
                *slash = '\0';
                static const char *const rel[] = { "../share/popdesk/policy", "../conf/policy" };
                for (size_t i = 0; i < sizeof rel / sizeof rel[0]; i++) {
                    char tree[PD_PATH_MAX];
                    snprintf(tree, sizeof tree, "%s/%s/zhejiang-2012.ini", exe, rel[i]);
                    if (access(tree, R_OK) == 0) {
                        pd_strlcpy(cfg->policy_file, tree, sizeof cfg->policy_file);
                        break;
                    }
                }
            }
        }
    }
}

void pd_config_defaults(struct pd_config *cfg)
{
    memset(cfg, 0, sizeof *cfg);
    for (size_t i = 0; i < NKEYS; i++) {
        const struct ckey *k = &keys[i];
        if (k->kind == C_INT)
            *(long *)((char *)cfg + k->off) = strtol(k->def, NULL, 10);
        else
            set_str(cfg, k, k->def);
    }
    default_paths(cfg);
}

static char ini_error[512];

static int ini_errback(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    size_t n = strlen(ini_error);
    if (n < sizeof ini_error - 1)
        vsnprintf(ini_error + n, sizeof ini_error - n, fmt, ap);
    va_end(ap);
    return 0;
}

static pd_err check_value(const struct ckey *k, const char *v, const char *file,
                          struct pd_config *cfg, struct pd_error *err)
{
    char where[PD_FIELD_MAX];
    snprintf(where, sizeof where, "%s.%s", k->section, k->key);
#define BAD(...) do { char m_[384]; snprintf(m_, sizeof m_, __VA_ARGS__); \
        return pd_fail(err, PD_ECONFIG, where, "%s: [%s] %s: %s", file, k->section, k->key, m_); } while (0)
    size_t len = strlen(v);
    switch (k->kind) {
    case C_INT: {
        char *end;
        errno = 0;
        long n = strtol(v, &end, 10);
        if (!len || *end || errno)
            BAD("'%s' is not a whole number", v);
        if (n < k->min || n > k->max)
            BAD("%ld is out of range (%ld to %ld)", n, k->min, k->max);
        *(long *)((char *)cfg + k->off) = n;
        return PD_OK;
    }
    case C_ENUM: {
        bool ok = false;
        const char *p = k->choices;
        while (*p) {
            const char *bar = strchr(p, '|');
            size_t n = bar ? (size_t)(bar - p) : strlen(p);
            if (n == len && strncmp(p, v, n) == 0)
                ok = true;
            p = bar ? bar + 1 : p + n;
        }
        if (!ok)
            BAD("'%s' is not one of %s", v, k->choices);
        break;
    }
    case C_STATION:
        if (len) {
            if (len != 12)
                BAD("'%s' must be 12 digits, not %zu characters", v, len);
            for (size_t i = 0; i < len; i++)
                if (!isdigit((unsigned char)v[i]))
                    BAD("'%s' must be digits only", v);
        }
        break;
    case C_URL:
        if (len && strncmp(v, "https://", 8) != 0 && strncmp(v, "http://", 7) != 0)
            BAD("'%s' must start with https://", v);
        if (len && v[len - 1] == '/')
            BAD("'%s' must not end with '/'", v);
        break;
    case C_PHONE:
        for (size_t i = 0; i < len; i++)
            if (!isdigit((unsigned char)v[i]) && !strchr("-+ ()", v[i]))
                BAD("'%s' is not a phone number", v);
        break;
    default:
        break;
    }
    if (len >= k->size)
        BAD("value too long (at most %zu bytes)", k->size - 1);
    if (k->kind == C_PATH && len && v[0] != '/') {
        /* relative to the config file's folder */
        char dir[PD_PATH_MAX];
        pd_strlcpy(dir, file, sizeof dir);
        char *slash = strrchr(dir, '/');
        if (slash) {
            *slash = '\0';
            char full[PD_PATH_MAX * 2];
            snprintf(full, sizeof full, "%s/%s", dir, v);
            if (strlen(full) >= k->size)
                BAD("path too long");
            set_str(cfg, k, full);
            return PD_OK;
        }
    }
    set_str(cfg, k, v);
    return PD_OK;
#undef BAD
}

pd_err pd_config_load_file(struct pd_config *cfg, const char *path, struct pd_error *err)
{
    pd_config_defaults(cfg);
    FILE *f = fopen(path, "r");
    if (!f)
        return pd_fail(err, PD_ECONFIG, NULL, "cannot read config file %s: %s", path, strerror(errno));
    fclose(f);
    ini_error[0] = '\0';
    iniparser_set_error_callback(ini_errback);
    dictionary *d = iniparser_load(path);
    if (!d) {
        char *nl;
        while ((nl = strchr(ini_error, '\n')))
            *nl = ' ';
        return pd_fail(err, PD_ECONFIG, NULL, "%s: not a valid config file: %s", path,
                       ini_error[0] ? ini_error : "syntax error");
    }
    pd_err rc = PD_OK;
    /* Every entry must be a known section or section:key. */
    for (int i = 0; i < d->n && rc == PD_OK; i++) {
        const char *name = d->key[i];
        if (!name)
            continue;
        const char *colon = strchr(name, ':');
        bool known = false;
        for (size_t j = 0; j < NKEYS && !known; j++) {
            size_t sl = strlen(keys[j].section);
            if (!colon)
                known = strcmp(name, keys[j].section) == 0;
            else
                known = (size_t)(colon - name) == sl && strncmp(name, keys[j].section, sl) == 0 &&
                        strcmp(colon + 1, keys[j].key) == 0;
        }
        if (!known) {
            if (colon)
                rc = pd_fail(err, PD_ECONFIG, name, "%s: [%.*s] %s: unknown key (see `popdesk --help-config`)",
                             path, (int)(colon - name), name, colon + 1);
            else
                rc = pd_fail(err, PD_ECONFIG, name, "%s: [%s]: unknown section", path, name);
        }
    }
    for (size_t j = 0; j < NKEYS && rc == PD_OK; j++) {
        char full[128];
        snprintf(full, sizeof full, "%s:%s", keys[j].section, keys[j].key);
        const char *v = iniparser_getstring(d, full, NULL);
        if (v)
            rc = check_value(&keys[j], v, path, cfg, err);
    }
    iniparser_freedict(d);
    if (rc != PD_OK)
        return rc;
    /* Keys that only make sense together. */
    if (cfg->district_url[0] && !cfg->station[0])
        return pd_fail(err, PD_ECONFIG, "station.code", "%s: [station] code is required when [district] url is set", path);
    if (cfg->district_url[0] && !cfg->token_file[0])
        return pd_fail(err, PD_ECONFIG, "district.token_file", "%s: [district] token_file is required when [district] url is set", path);
    if (!!cfg->client_cert[0] != !!cfg->client_key[0])
        return pd_fail(err, PD_ECONFIG, "district.client_key", "%s: [district] client_cert and client_key go together", path);
    pd_strlcpy(cfg->source, path, sizeof cfg->source);
    default_paths(cfg);
    return PD_OK;
}

pd_err pd_config_load(struct pd_config *cfg, const char *explicit_path, struct pd_error *err)
{
    const char *env = getenv("POPDESK_CONFIG");
    if (explicit_path && *explicit_path)
        return pd_config_load_file(cfg, explicit_path, err);
    if (env && *env)
        return pd_config_load_file(cfg, env, err);
    char path[PD_PATH_MAX];
    const char *xdg = getenv("XDG_CONFIG_HOME");
    const char *home = getenv("HOME");
    if (xdg && xdg[0] == '/')
        snprintf(path, sizeof path, "%s/popdesk/popdesk.ini", xdg);
    else
        snprintf(path, sizeof path, "%s/.config/popdesk/popdesk.ini", home && *home ? home : ".");
    if (access(path, F_OK) == 0)
        return pd_config_load_file(cfg, path, err);
    if (access("/etc/popdesk/popdesk.ini", F_OK) == 0)
        return pd_config_load_file(cfg, "/etc/popdesk/popdesk.ini", err);
    pd_config_defaults(cfg);
    return PD_OK;
}

void pd_config_describe(FILE *out)
{
    const char *sec = "";
    for (size_t i = 0; i < NKEYS; i++) {
        if (strcmp(sec, keys[i].section) != 0) {
            sec = keys[i].section;
            fprintf(out, "%s[%s]\n", i ? "\n" : "", sec);
        }
        fprintf(out, "  %-20s %s", keys[i].key, keys[i].help);
        if (keys[i].def[0])
            fprintf(out, " (default %s)", keys[i].def);
        fputc('\n', out);
    }
}
