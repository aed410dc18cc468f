/* printout.c - where every printout and export of the screens goes (see
 * screens/common.h and docs/SCREENS.md): one folder beside the register,
 * private to the office account, a new file each time, its path on the
 * message line.  The writing itself is report/table.c's (a temporary file
 * renamed into place, mode 0600); printing is report/print.h's. */
#include "screens/common.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "report/print.h"

/* The folder: the clerk's machine keeps its printouts with the data they
 * came from, not wherever popdesk happened to be started. */
static pd_err printout_dir(struct pd_ui *ui, char *dir, size_t size, struct pd_error *err)
{
    pd_strlcpy(dir, pd_app_db_path(ui->app), size);
    char *slash = strrchr(dir, '/');
    if (slash)
        snprintf(slash + 1, size - (size_t)(slash + 1 - dir), "printouts");
    else
        pd_strlcpy(dir, "printouts", size);
    if (mkdir(dir, 0700) != 0 && errno != EEXIST)
        return pd_fail(err, PD_EIO, "printouts", "cannot make the folder %s: %s", dir, strerror(errno));
    return PD_OK;
}

pd_err pd_printout_path(struct pd_ui *ui, const char *name, const char *ext, char *path, size_t size,
                        struct pd_error *err)
{
    char dir[4096], base[200];
    pd_err rc = printout_dir(ui, dir, sizeof dir, err);
    if (rc != PD_OK)
        return rc;
    /* the name is made of codes and stored values: never a path */
    pd_strlcpy(base, name, sizeof base);
    for (char *c = base; *c; c++)
        if (*c == '/' || *c == '\\')
            *c = '-';
    if (base[0] == '.')
        base[0] = '_';
    for (int i = 1; i < 1000; i++) {
        char suffix[16] = "";
        if (i > 1)
            snprintf(suffix, sizeof suffix, "-%d", i);
        if (snprintf(path, size, "%s/%s%s.%s", dir, base, suffix, ext) >= (int)size)
            return pd_fail(err, PD_EINVAL, "printouts", "file name too long: %s/%s", dir, base);
        /* claimed before it is written: the writer renames over this empty file */
        int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        if (fd >= 0) {
            close(fd);
            return PD_OK;
        }
        if (errno != EEXIST)
            return pd_fail(err, PD_EIO, "printouts", "cannot write %s: %s", path, strerror(errno));
    }
    return pd_fail(err, PD_EIO, "printouts", "%s/%s: a thousand printouts of that name already", dir, base);
}

void pd_printout(struct pd_ui *ui, struct pd_report *rep, enum pd_report_format fmt, const char *name,
                 const char *title, const struct pd_error *built_err)
{
    if (!rep) {
        pd_ui_say(ui, true, "%s", built_err ? built_err->msg : "out of memory");
        return;
    }
    char path[4400], msg[PD_MSG_MAX];
    struct pd_error err;
    pd_error_clear(&err);
    bool pdf = fmt == PD_FMT_PDF;
    if (pd_printout_path(ui, name, pdf ? "pdf" : "csv", path, sizeof path, &err) != PD_OK) {
        pd_ui_say(ui, true, "%s", err.msg);
        return;
    }
    struct pd_report_opts ro = { "utf-8", 0 };
    if (pd_report_write_file(rep, fmt, path, pdf ? NULL : &ro, &err) != PD_OK) {
        unlink(path);   /* the claimed name, still empty */
        pd_ui_say(ui, true, "%s", err.msg);
        return;
    }
    /* the message line names the file from the register's folder on: a
     * full path may be wider than the terminal and would lose the name */
    const char *shown = strstr(path, "/printouts/");
    shown = shown ? shown + 1 : path;
    if (!pdf) {
        pd_trf(msg, sizeof msg, S_WROTE, shown, pd_report_data_rows(rep));
        pd_ui_say(ui, false, "%s", msg);
        return;
    }
    const char *printer = ui->app->cfg.printer;
    char job[256] = "";
    struct pd_print_opts po = { .printer = printer, .title = title ? title : name };
    if (pd_print_file(path, &po, job, sizeof job, &err) != PD_OK) {
        pd_trf(msg, sizeof msg, S_PRINT_KEPT, shown, err.msg);
        pd_ui_say(ui, true, "%s", msg);
        return;
    }
    pd_trf(msg, sizeof msg, S_REP_PRINTED, printer[0] ? printer : pd_tr(S_DEFAULT_PRINTER), job, shown);
    pd_ui_say(ui, false, "%s", msg);
}
