/* Slow steps off the request threads: password hashing, PDF rendering.
 *
 * A handler that has a slow step ahead hands it to the offload pool, a
 * small set of threads of its own ([server] offload_threads), and returns;
 * the connection is suspended meanwhile, as a long poll is, so the worker
 * thread goes on answering other requests. When the job has run, the
 * connection resumes and `done` finishes the answer on a worker thread:
 *
 *	struct hash_job { char *password; char hash[crypto_pwhash_STRBYTES]; int rc; };
 *
 *	static void hash_run(struct db *db, void *ctx)     // on the pool
 *	{
 *		struct hash_job *j = ctx;
 *		j->rc = auth_password_hash(j->password, j->hash);
 *	}
 *
 *	static void hash_done(struct req *req, struct resp *resp, void *ctx)
 *	{
 *		struct hash_job *j = ctx;                   // back on a worker
 *		… store j->hash with req->db, answer …
 *	}
 *
 *	resp_offload(resp, hash_run, hash_done, j, hash_job_free);
 *
 * The job must not touch the request (req, req->db: both belong to a worker
 * thread); it gets what it needs in ctx and, when it needs the database, the
 * pool thread's own connection in db (NULL when that cannot be opened).
 * done may answer or hand off another job. The waiting queue is capped
 * ([server] offload_queue): beyond it, and for jobs still waiting when the
 * server stops, the HTTP core answers 503 "unavailable" with Retry-After
 * itself; done is then never called. ctx is freed with ctx_free (may be
 * NULL) in every case, on a worker thread. */
#ifndef ROSTERD_OFFLOAD_H
#define ROSTERD_OFFLOAD_H

struct db;
struct req;
struct resp;

typedef void (*offload_job_fn)(struct db *db, void *ctx);
typedef void (*offload_done_fn)(struct req *req, struct resp *resp, void *ctx);
typedef void (*offload_free_fn)(void *ctx);

/* Instead of answering now, run job(ctx) on the offload pool, then
 * done(req, resp, ctx). ctx is taken. */
void resp_offload(struct resp *resp, offload_job_fn job, offload_done_fn done,
                  void *ctx, offload_free_fn ctx_free);

#endif
