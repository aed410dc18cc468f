/* test_config.c - popdesk.ini: the shipped example loads, and every kind of
 * mistake is an error naming the file, section, key and why. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/config.h"

static char path[512];

static void write_conf(const char *text)
{
    const char *dir = getenv("POPDESK_TEST_TMP");
    snprintf(path, sizeof path, "%s/conf-%d.ini", dir && *dir ? dir : "/tmp", (int)getpid());
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void expect_error(const char *text, const char *field, const char *words)
{
    struct pd_config cfg;
    struct pd_error err;
    pd_error_clear(&err);
    write_conf(text);
    pd_err rc = pd_config_load_file(&cfg, path, &err);
    if (rc != PD_ECONFIG || !strstr(err.msg, words) || !strstr(err.msg, path) ||
        (field && strcmp(err.field, field) != 0))
        fail_msg("config %s: rc %d field '%s' msg '%s' (wanted '%s', '%s')", text, rc, err.field,
                 err.msg, field ? field : "", words);
    unlink(path);
}

static void test_example_loads(void **state)
{
    (void)state;
    struct pd_config cfg;
    struct pd_error err;
    pd_error_clear(&err);
    if (pd_config_load_file(&cfg, "conf/popdesk.ini", &err) != PD_OK)
        fail_msg("conf/popdesk.ini: %s", err.msg);
    assert_string_equal(cfg.station, "330205001001");
    assert_string_equal(cfg.station_name, "示范社区");
    assert_int_equal(cfg.batch_max_events, 200);
    assert_int_equal(cfg.batch_max_bytes, 262144);
    assert_int_equal(cfg.connect_timeout, 10);
    assert_string_equal(cfg.language, "zh");
    assert_string_equal(cfg.token_file, "/etc/popdesk/token");
}

static void test_defaults_without_file(void **state)
{
    (void)state;
    struct pd_config cfg;
    setenv("XDG_DATA_HOME", "/srv/office", 1);
    pd_config_defaults(&cfg);
    assert_string_equal(cfg.db_path, "/srv/office/popdesk/register.db");
    assert_int_equal(cfg.retry_max_seconds, 600);
    assert_int_equal(cfg.timeout, 60);
    assert_string_equal(cfg.source, "");
}

static void test_relative_paths_from_config_folder(void **state)
{
    (void)state;
    struct pd_config cfg;
    struct pd_error err;
    write_conf("[database]\npath = office/register.db\n");
    assert_int_equal(pd_config_load_file(&cfg, path, &err), PD_OK);
    char want[600];
    snprintf(want, sizeof want, "%.*s/office/register.db", (int)(strrchr(path, '/') - path), path);
    assert_string_equal(cfg.db_path, want);
    unlink(path);
}

static void test_mistakes(void **state)
{
    (void)state;
    expect_error("[station]\ncolour = red\n", "station:colour", "unknown key");
    expect_error("[stations]\ncode = 330205001001\n", "stations", "unknown section");
    expect_error("[station]\ncode = 33020500100\n", "station.code", "12 digits");
    expect_error("[station]\ncode = 33020500100A\n", "station.code", "digits only");
    expect_error("[district]\nbatch_max_events = 0\n", "district.batch_max_events", "out of range");
    expect_error("[district]\ntimeout = soon\n", "district.timeout", "not a whole number");
    expect_error("[district]\nurl = ftp://district\n", "district.url", "https://");
    expect_error("[ui]\nlanguage = fr\n", "ui.language", "not one of zh|en");
    expect_error("[notice]\nphone_town = call me\n", "notice.phone_town", "not a phone number");
    expect_error("[district]\nurl = https://d.example\n", "station.code", "required when");
    expect_error("[station]\ncode = 330205001001\n[district]\nurl = https://d.example\n",
                 "district.token_file", "required when");
    expect_error("[district]\nclient_cert = a.pem\n", "district.client_key", "go together");
    expect_error("[station\ncode = 1\n", NULL, "not a valid config file");
}

static void test_missing_named_file(void **state)
{
    (void)state;
    struct pd_config cfg;
    struct pd_error err;
    assert_int_equal(pd_config_load(&cfg, "/nonexistent/popdesk.ini", &err), PD_ECONFIG);
    assert_non_null(strstr(err.msg, "/nonexistent/popdesk.ini"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_example_loads),
        cmocka_unit_test(test_defaults_without_file),
        cmocka_unit_test(test_relative_paths_from_config_folder),
        cmocka_unit_test(test_mistakes),
        cmocka_unit_test(test_missing_named_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
