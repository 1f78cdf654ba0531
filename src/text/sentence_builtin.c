/*
 * sentence_builtin.c — the sentence model compiled into the library.
 *
 * data/models/en-sent.avm, when present at build time, is assembled into
 * read-only data (.incbin), so av_segment uses the trained model with no
 * file to find at run time and no global state to set up.  Without the
 * file the library builds all the same and av_segment uses the rules.
 * (CMakeLists.txt makes this object depend on the model file.)
 */
#include "sentence_model.h"

#if defined(__has_include) && defined(__ELF__)
#if __has_include("../../data/models/en-sent.avm")
#define HAVE_BUILTIN_MODEL 1
#endif
#endif

#ifdef HAVE_BUILTIN_MODEL
__asm__(".section .rodata\n"
        ".balign 16\n"
        ".globl av_sent_builtin_start\n"
        ".hidden av_sent_builtin_start\n"
        "av_sent_builtin_start:\n"
        ".incbin \"" AVOCET_DATA_DIR "/models/en-sent.avm\"\n"
        ".globl av_sent_builtin_end\n"
        ".hidden av_sent_builtin_end\n"
        "av_sent_builtin_end:\n"
        ".previous\n");
extern const unsigned char av_sent_builtin_start[];
extern const unsigned char av_sent_builtin_end[];

/* size 0: the size is the one the header gives (checked by the tests with
 * av_sent_builtin_image, which knows the real one). */
static const AvSegmenter BUILTIN = {av_sent_builtin_start, 0, NULL};

const AvSegmenter *av_segmenter_builtin(void)
{
    return &BUILTIN;
}

void av_sent_builtin_image(const unsigned char **data, size_t *size)
{
    *data = av_sent_builtin_start;
    *size = (size_t)(av_sent_builtin_end - av_sent_builtin_start);
}
#else
const AvSegmenter *av_segmenter_builtin(void)
{
    return NULL;
}

void av_sent_builtin_image(const unsigned char **data, size_t *size)
{
    *data = NULL;
    *size = 0;
}
#endif
