/* error.c — error values with messages. */
#include <stdarg.h>
#include <stdio.h>
#include "avocet.h"

int av_error_set(AvError *err, int code, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        err->code = code;
        va_start(ap, fmt);
        vsnprintf(err->msg, sizeof err->msg, fmt, ap);
        va_end(ap);
    }
    return code;
}

void av_error_clear(AvError *err)
{
    if (err) {
        err->code = AV_OK;
        err->msg[0] = '\0';
    }
}

const char *av_status_name(int code)
{
    switch (code) {
    case AV_OK: return "ok";
    case AV_ERR_NOMEM: return "out of memory";
    case AV_ERR_IO: return "i/o error";
    case AV_ERR_PARSE: return "parse error";
    case AV_ERR_FORMAT: return "unsupported format";
    case AV_ERR_ARG: return "bad argument";
    case AV_ERR_CORRUPT: return "corrupt file";
    case AV_ERR_RECORD: return "bad record";
    case AV_ERR_LIMIT: return "limit exceeded";
    default: return "unknown error";
    }
}
