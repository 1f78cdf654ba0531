/* test_arena.c — the per-document arena and growable vectors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "doc/doc.h"

static void alloc_is_aligned_and_zeroed(void **state)
{
    (void)state;
    AvArena a;
    av_arena_init(&a, 256);
    for (int i = 1; i < 200; i++) {
        unsigned char *p = av_arena_alloc(&a, (size_t)i);
        assert_non_null(p);
        assert_int_equal((uintptr_t)p % 16, 0);
        for (int j = 0; j < i; j++)
            assert_int_equal(p[j], 0);
        memset(p, 0xAB, (size_t)i);
    }
    av_arena_free(&a);
}

static void large_allocations_get_their_own_block(void **state)
{
    (void)state;
    AvArena a;
    av_arena_init(&a, 1024);
    char *small = av_arena_alloc(&a, 10);
    char *big = av_arena_alloc(&a, 100000);
    char *small2 = av_arena_alloc(&a, 10);
    assert_non_null(big);
    memset(big, 1, 100000);
    /* the small block is still in use after the big one */
    assert_ptr_equal(small2, small + 16);
    av_arena_free(&a);
}

static void strdup_and_vec(void **state)
{
    (void)state;
    AvArena a;
    av_arena_init(&a, 0);
    char *s = av_arena_strndup(&a, "Netanyahu said", 9);
    assert_string_equal(s, "Netanyahu");
    assert_null(av_arena_strdup(&a, NULL));
    AvVec v;
    av_vec_init(&v, sizeof(int));
    for (int i = 0; i < 1000; i++) {
        int *p = av_vec_push(&v, &a);
        assert_non_null(p);
        *p = i;
    }
    assert_int_equal(v.len, 1000);
    for (int i = 0; i < 1000; i++)
        assert_int_equal(((int *)v.data)[i], i);
    av_arena_free(&a);
}

static void error_messages(void **state)
{
    (void)state;
    AvError err;
    assert_int_equal(av_error_set(&err, AV_ERR_PARSE, "%s:%d: bad", "f.txt", 3), AV_ERR_PARSE);
    assert_string_equal(err.msg, "f.txt:3: bad");
    assert_int_equal(av_error_set(NULL, AV_ERR_IO, "x"), AV_ERR_IO);
    av_error_clear(&err);
    assert_int_equal(err.code, AV_OK);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(alloc_is_aligned_and_zeroed),
        cmocka_unit_test(large_allocations_get_their_own_block),
        cmocka_unit_test(strdup_and_vec),
        cmocka_unit_test(error_messages),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
