/*
 * test_dict_cli.c — `avocet dict check|lookup|stats|write` on the fixture
 * dictionaries: exit statuses, file:line diagnostics, the chosen code.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

static const char *bin, *data;

/* Runs "avocet ARGS 2>&1", returns the exit status and the output. */
static int run(const char *args, char *out, size_t cap)
{
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "'%s' %s 2>&1", bin, args);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    size_t n = fread(out, 1, cap - 1, p);
    out[n] = 0;
    int st = pclose(p);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void test_check(void **state)
{
    (void)state;
    char args[2048], out[16384];
    snprintf(args, sizeof args, "dict check --cameo '%s/dict/cameo' '%s/dict/clean'", data, data);
    assert_int_equal(run(args, out, sizeof out), 0);
    assert_non_null(strstr(out, "5 file(s), 0 error(s), 0 warning(s)"));
    snprintf(args, sizeof args, "dict check --cameo '' '%s/dict/malformed.actors.txt'", data);
    assert_int_equal(run(args, out, sizeof out), 1);
    assert_non_null(strstr(out, "malformed.actors.txt:5: error: bad date restriction"));
    assert_non_null(strstr(out, "6 error(s)"));
    /* Lint: a code missing from the codebook, a duplicated pattern. */
    char tmp[] = "/tmp/avocet-dict-cli-XXXXXX";
    int fd = mkstemp(tmp);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    fputs("--- MEET [040] ---\nMEET\n- * (WITH +) [043]\n- * (WITH +) [043]\nCONFER [999]\n", f);
    fclose(f);
    snprintf(args, sizeof args, "dict check --cameo '%s/dict/cameo' --kind verbs '%s'", data, tmp);
    assert_int_equal(run(args, out, sizeof out), 1);
    assert_non_null(strstr(out, ":5: error: verb code [999] is not in the CAMEO codebook"));
    assert_non_null(strstr(out, ":4: warning: duplicate pattern in block 'MEET': also at line 3"));
    remove(tmp);
}

static void test_lookup(void **state)
{
    (void)state;
    char args[2048], out[16384];
    snprintf(args, sizeof args, "dict lookup Israeli police --date 2021-05-24 --cameo '' --dict '%s/dict/clean'",
             data);
    assert_int_equal(run(args, out, sizeof out), 0);
    assert_non_null(strstr(out, "chosen: ISRCOP"));
    snprintf(args, sizeof args, "dict lookup 'Benjamin Netanyahu' --date 1998-01-01 --cameo '' "
             "--dict '%s/dict/clean/test.actors.txt'", data);
    assert_int_equal(run(args, out, sizeof out), 0);
    assert_non_null(strstr(out, "[ISRGOV 19960618-19990706]"));
    assert_non_null(strstr(out, "chosen: ISRGOV"));
    snprintf(args, sizeof args, "dict lookup x --date 2021-02-30x --dict '%s/dict/clean'", data);
    assert_int_equal(run(args, out, sizeof out), 2);
}

static void test_stats_and_write(void **state)
{
    (void)state;
    char args[2048], out[16384];
    snprintf(args, sizeof args, "dict stats --cameo '' --dict '%s/dict/clean'", data);
    assert_int_equal(run(args, out, sizeof out), 0);
    assert_non_null(strstr(out, "actors\t9\n"));
    assert_non_null(strstr(out, "agents\t7\n"));
    assert_non_null(strstr(out, "patterns\t7\n"));
    snprintf(args, sizeof args, "dict write agents --cameo '' --dict '%s/dict/clean'", data);
    assert_int_equal(run(args, out, sizeof out), 0);
    assert_non_null(strstr(out, "POLICE {} [~COP]\n"));
    assert_non_null(strstr(out, "HUMAN_RIGHTS_GROUP [NGO~]\n"));
    assert_int_equal(run("dict frobnicate", out, sizeof out), 2);
}

int main(void)
{
    bin = getenv("AVOCET_BIN");
    data = getenv("AVOCET_TEST_DATA");
    if (!bin || !data || access(bin, X_OK) != 0)
        return 77;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_check),
        cmocka_unit_test(test_lookup),
        cmocka_unit_test(test_stats_and_write),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
