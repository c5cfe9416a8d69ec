/*
 * qtest helper: migrate a running stm32f4-discovery to a file and start a new
 * machine from it, as a snapshot/restore does.
 *
 * Copyright (c) 2026 qemu-micropython contributors
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef STM32F4_MIGRATION_H
#define STM32F4_MIGRATION_H

#include "libqtest.h"
#include "qobject/qdict.h"

/* Poll a QMP query until its 'status' is @want (about 10 s at most). */
static inline bool stm32f4_wait_status(QTestState *qts, const char *cmd, const char *want)
{
    for (int i = 0; i < 10000; i++) {
        QDict *r = qtest_qmp(qts, "{ 'execute': %s }", cmd);
        QDict *ret = qdict_get_qdict(r, "return");
        bool done = ret && qdict_haskey(ret, "status") &&
                    !strcmp(qdict_get_str(ret, "status"), want);

        qobject_unref(r);
        if (done) {
            return true;
        }
        g_usleep(1000);
    }
    return false;
}

/* Save @src to a file and return a new, running machine restored from it. */
static inline QTestState *stm32f4_migrate(QTestState *src)
{
    g_autofree char *file = NULL;
    g_autofree char *uri = NULL;
    QTestState *dst;
    int fd = g_file_open_tmp("stm32f4-XXXXXX.mig", &file, NULL);

    g_assert_cmpint(fd, >=, 0);
    close(fd);
    uri = g_strdup_printf("file:%s", file);
    qtest_qmp_assert_success(src, "{ 'execute': 'migrate', 'arguments': { 'uri': %s } }", uri);
    g_assert_true(stm32f4_wait_status(src, "query-migrate", "completed"));
    dst = qtest_initf("-M stm32f4-discovery -incoming %s", uri);
    g_assert_true(stm32f4_wait_status(dst, "query-status", "running"));
    unlink(file);
    return dst;
}

#endif
