/*
 * code_batch.c — coding a batch of documents on several threads, for
 * `avocet code` and `avocet ingest`.
 *
 * The reader and the writer stay on the calling thread: documents are read
 * into a batch, coded (segment, tag, parse, code, enrich) in parallel, then
 * written or stored in input order, so the output is the same whatever the
 * number of threads.  Models, dictionaries and the gazetteer are immutable
 * after load and shared; each document has its own arena.
 */
#include <pthread.h>
#include <string.h>
#include <unistd.h>
#include "coder_setup.h"

int cli_threads_resolve(int requested)
{
    if (requested == 0)
        return 1;
    if (requested > 0)
        return requested > CLI_MAX_THREADS ? CLI_MAX_THREADS : requested;
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > CLI_MAX_THREADS ? CLI_MAX_THREADS : (int)n;
}

void cli_code_job(const CoderSetup *cs, const AvEnrichOptions *eopt, CliCodeJob *job)
{
    AvDocument *doc = job->doc;
    av_error_clear(&job->err);
    job->undated = 0;
    job->rc = job->conllu ? av_code_parsed(cs->coder, doc, &job->err)
                          : av_code_document(cs->coder, doc, &job->err);
    if (job->rc < 0 || !eopt)
        return;
    AvError e;
    av_error_clear(&e);
    if (av_enrich_document(eopt, doc, &e) == AV_OK && e.msg[0]) {
        job->undated = 1;   /* no usable publication date: a note, not an error */
        job->err = e;
    }
}

typedef struct Pool {
    const CoderSetup *cs;
    const AvEnrichOptions *eopt;
    CliCodeJob *jobs;
    int n;
    int next;   /* next job to take (atomic) */
} Pool;

static void *worker(void *arg)
{
    Pool *p = arg;
    for (;;) {
        int i = __atomic_fetch_add(&p->next, 1, __ATOMIC_RELAXED);
        if (i >= p->n)
            break;
        cli_code_job(p->cs, p->eopt, &p->jobs[i]);
    }
    return NULL;
}

void cli_code_batch(const CoderSetup *cs, const AvEnrichOptions *eopt, CliCodeJob *jobs, int n,
                    int threads)
{
    Pool p = {cs, eopt, jobs, n, 0};
    if (threads > n)
        threads = n;
    pthread_t tid[CLI_MAX_THREADS];
    int started = 0;
    for (int t = 1; t < threads; t++)
        if (pthread_create(&tid[started], NULL, worker, &p) == 0)
            started++;
    worker(&p);   /* the calling thread works too; with no thread started it does all */
    for (int t = 0; t < started; t++)
        pthread_join(tid[t], NULL);
}

int cli_source_next(CliDocSource *s, AvDocument **doc, int *conllu, AvError *err)
{
    *doc = NULL;
    for (;;) {
        if (!s->reader) {
            if (s->next_file >= s->n_files)
                return 0;
            s->reader = av_reader_open(s->files[s->next_file++], s->fmt, err);
            if (!s->reader)
                return err->code ? err->code : AV_ERR_IO;
            s->conllu = av_reader_format(s->reader) == AV_FORMAT_CONLLU;
        }
        int rc = av_reader_next(s->reader, doc, err);
        if (rc != 0) {
            *conllu = s->conllu;
            return rc;
        }
        av_reader_close(s->reader);   /* this file is done: on to the next */
        s->reader = NULL;
    }
}

void cli_source_close(CliDocSource *s)
{
    av_reader_close(s->reader);
    s->reader = NULL;
}
