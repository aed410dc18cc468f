/* config.h - popdesk.ini: where the register is, how to reach the district,
 * the office's details for printouts.
 *
 * Lookup order: --config FILE, $POPDESK_CONFIG, $XDG_CONFIG_HOME/popdesk/
 * popdesk.ini (~/.config/...), /etc/popdesk/popdesk.ini; with none, built-in
 * defaults that keep the register under $XDG_DATA_HOME/popdesk/.  Every key
 * is validated on load: an unknown key, a bad value or a missing required
 * one is an error naming the file, section, key and why.  Relative paths are
 * taken from the config file's folder.  All keys live in one table
 * (PD_CONFIG_KEYS in config.c) with their defaults and checks.
 */
#ifndef PD_APP_CONFIG_H
#define PD_APP_CONFIG_H

#include <limits.h>
#include <stdio.h>
#include <stdbool.h>
#include "core/err.h"

#define PD_PATH_MAX 1024

struct pd_config {
    char source[PD_PATH_MAX];        /* file read, or "" for built-in defaults */
    /* [station] */
    char station[16];
    char station_name[128];
    char township[128];
    char district_name[128];
    /* [database] */
    char db_path[PD_PATH_MAX];
    /* [district] */
    char district_url[512];
    char ca_file[PD_PATH_MAX];
    char client_cert[PD_PATH_MAX];
    char client_key[PD_PATH_MAX];
    char token_file[PD_PATH_MAX];
    long connect_timeout;
    long timeout;
    long batch_max_events;
    long batch_max_bytes;
    long retry_max_seconds;
    /* [ui] */
    char language[4];
    long idle_lock_minutes;
    /* [print] */
    char printer[128];
    char print_encoding[16];
    /* [policy] */
    char policy_file[PD_PATH_MAX];
    /* [notice] */
    long notice_days;
    char phone_village[32];
    char phone_town[32];
    char phone_county[32];
    char notice_place[128];
    /* [backup] */
    char backup_dir[PD_PATH_MAX];
    long backup_remind_days;
    /* [auth] */
    long min_password_length;
    long max_failures;
    long lock_minutes;
};

/* Fills cfg with the built-in defaults. */
void pd_config_defaults(struct pd_config *cfg);
/* Finds and loads the config (explicit may be NULL).  A file that was named
 * (--config or $POPDESK_CONFIG) must exist. */
pd_err pd_config_load(struct pd_config *cfg, const char *explicit_path,
                      struct pd_error *err);
/* Loads exactly this file on top of the defaults. */
pd_err pd_config_load_file(struct pd_config *cfg, const char *path,
                           struct pd_error *err);
/* Prints every key with its section, default and meaning (for --help-config). */
void pd_config_describe(FILE *out);

#endif
