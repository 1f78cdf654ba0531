/* stubs.c — formats still to be written (PETRARCH XML, HTML). */
#include "io.h"

int av_read_petrarch_xml(AvReader *r, AvDocument **out, AvError *err)
{
    (void)out;
    return av_error_set(err, AV_ERR_FORMAT, "%s: PETRARCH XML reading is not implemented yet", r->path);
}

int av_read_html(AvReader *r, AvDocument **out, AvError *err)
{
    (void)out;
    return av_error_set(err, AV_ERR_FORMAT, "%s: HTML reading is not implemented yet", r->path);
}
