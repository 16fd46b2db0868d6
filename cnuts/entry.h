/* The entry points of a chain source (cnuts/source.go appends this after
   nuts.h): the CUDA kernels that begin and advance chains, one thread per
   chain or, in the data regime, a thread block per chain; and, in plain C,
   the functions that the host build (cnuts/host.go) loads with purego,
   which loop over chains, on POSIX threads in the data regime. */

/* A block's rows are iteration-major: row r of chain c is at
   (r * nchains + c), so that the block is one contiguous copy. A begin
   takes from, 0 (none) or nchains rows of BAYES_NUTS_FROM doubles (nuts.h),
   chain c's at c * BAYES_NUTS_FROM. */

BAYES_FN const double *bayes_nuts_from_row(const double *from, int c)
{
	return from == 0 ? 0 : from + (long long)c * BAYES_NUTS_FROM;
}

#if defined(__CUDACC__) && defined(BAYES_NUTS_COOP)
/* The data regime, few chains of a large-data model: a thread block per chain
   (blockIdx.x), whose threads all run the chain's NUTS redundantly, each with
   its own state (the same random stream, so the same decisions), and share
   each gradient (the model's _coop functions, compiler/emit/emit_coop.go). ws
   holds BAYES_NUTS_COOP_WS values (bayes_real: double, or float with
   BAYES_FLOAT32) per chain and red blockDim.x * BAYES_NUTS_COOP_RED; states
   nchains * blockDim.x states. */
BAYES_FN bayes_nuts_state *bayes_coop_state(bayes_nuts_state *states)
{
	return states + (size_t)blockIdx.x * blockDim.x + threadIdx.x;
}

extern "C" __global__ void __launch_bounds__(BAYES_NUTS_GROUP_THREADS) bayes_nuts_begin_kernel(
	bayes_nuts_state *states, bayes_nuts_config cfg, int nchains, bayes_real *ws, bayes_real *red, const double *from)
{
	bayes_nuts_state *s = bayes_coop_state(states);
	s->coop_ws = ws + (size_t)blockIdx.x * BAYES_NUTS_COOP_WS;
	s->coop_red = red + (size_t)blockIdx.x * blockDim.x * BAYES_NUTS_COOP_RED;
	bayes_nuts_begin(s, &cfg, blockIdx.x, bayes_nuts_from_row(from, blockIdx.x));
}

extern "C" __global__ void __launch_bounds__(BAYES_NUTS_GROUP_THREADS) bayes_nuts_advance_kernel(
	bayes_nuts_state *states, bayes_nuts_config cfg, int nchains, int it_end, int row0,
	double *draws, double *stats, double *info, int *status)
{
	int c = blockIdx.x;
	bayes_nuts_state *s = bayes_coop_state(states);
	bayes_nuts_advance(s, &cfg, it_end, row0, nchains, draws + (size_t)c * BAYES_NUTS_NOUT,
		stats + (size_t)c * BAYES_NUTS_NSTATS);
	if (threadIdx.x == 0) status[c] = bayes_nuts_info(s, info + (size_t)c * BAYES_NUTS_INFO);
}
#elif defined(__CUDACC__)
/* bayes_nuts_begin_kernel and bayes_nuts_advance_kernel run one chain per
   thread (the chains regime); states holds nchains states in device memory
   and keeps them between launches. */
extern "C" __global__ void bayes_nuts_begin_kernel(bayes_nuts_state *states, bayes_nuts_config cfg, int nchains,
	const double *from)
{
	int c = blockIdx.x * blockDim.x + threadIdx.x;
	if (c < nchains) bayes_nuts_begin(states + c, &cfg, c, bayes_nuts_from_row(from, c));
}

extern "C" __global__ void bayes_nuts_advance_kernel(bayes_nuts_state *states, bayes_nuts_config cfg, int nchains,
	int it_end, int row0, double *draws, double *stats, double *info, int *status)
{
	int c = blockIdx.x * blockDim.x + threadIdx.x;
	if (c >= nchains) return;
	bayes_nuts_advance(states + c, &cfg, it_end, row0, nchains, draws + (size_t)c * BAYES_NUTS_NOUT,
		stats + (size_t)c * BAYES_NUTS_NSTATS);
	status[c] = bayes_nuts_info(states + c, info + (size_t)c * BAYES_NUTS_INFO);
}
#endif

#ifdef __CUDACC__
/* bayes_nuts_state_bytes writes sizeof(bayes_nuts_state) as the device
   lays it out: the bytes to allocate per chain. */
extern "C" __global__ void bayes_nuts_state_bytes(unsigned long long *out)
{
	*out = (unsigned long long)sizeof(bayes_nuts_state);
}
#else
#include <stdlib.h>

#ifndef BAYES_NUTS_COOP
/* The plain-C build runs the same blocks with a loop over chains in
   place of the threads, on states allocated here. */
void *bayes_chains_alloc(int nchains) { return calloc((size_t)nchains, sizeof(bayes_nuts_state)); }

void bayes_chains_free(void *states) { free(states); }

void bayes_chains_begin(void *states, const bayes_nuts_config *cfg, int nchains, const double *from)
{
	for (int c = 0; c < nchains; c++) bayes_nuts_begin((bayes_nuts_state *)states + c, cfg, c, bayes_nuts_from_row(from, c));
}

void bayes_chains_advance(void *states, const bayes_nuts_config *cfg, int nchains, int it_end, int row0,
	double *draws, double *stats, double *info, int *status)
{
	for (int c = 0; c < nchains; c++) {
		bayes_nuts_state *s = (bayes_nuts_state *)states + c;
		bayes_nuts_advance(s, cfg, it_end, row0, nchains, draws + (long long)c * BAYES_NUTS_NOUT,
			stats + (long long)c * BAYES_NUTS_NSTATS);
		status[c] = bayes_nuts_info(s, info + (long long)c * BAYES_NUTS_INFO);
	}
}
#else
/* The plain-C build of the data regime: each chain in turn runs on a group
   of BAYES_NUTS_HOST_THREADS POSIX threads, which play a thread block's
   part (the BAYES_TID, BAYES_NT and BAYES_SYNC of cnuts/source.go's
   groupHeader), each with its own state, sharing the chain's ws and red. */
typedef struct {
	void *states, *ws, *red;
} bayes_coop_chains;

void *bayes_chains_alloc(int nchains)
{
	bayes_coop_chains *h = (bayes_coop_chains *)calloc(1, sizeof(bayes_coop_chains));
	if (h == NULL) return NULL;
	h->states = calloc((size_t)nchains * BAYES_NUTS_HOST_THREADS, sizeof(bayes_nuts_state));
	h->ws = calloc((size_t)nchains * BAYES_NUTS_COOP_WS, sizeof(bayes_real));
	h->red = calloc((size_t)nchains * BAYES_NUTS_HOST_THREADS * BAYES_NUTS_COOP_RED, sizeof(bayes_real));
	if (h->states == NULL || h->ws == NULL || h->red == NULL) {
		free(h->states), free(h->ws), free(h->red), free(h);
		return NULL;
	}
	return h;
}

void bayes_chains_free(void *p)
{
	bayes_coop_chains *h = (bayes_coop_chains *)p;
	if (h == NULL) return;
	free(h->states), free(h->ws), free(h->red), free(h);
}

/* bayes_coop_job is one thread's share of a call: begin (draws == NULL) or
   advance chain c. */
typedef struct {
	bayes_coop_chains *h;
	const bayes_nuts_config *cfg;
	int c, tid, nchains, it_end, row0;
	double *draws, *stats, *info;
	int *status;
	int begin;
	const double *from;
} bayes_coop_job;

static void *bayes_coop_worker(void *arg)
{
	bayes_coop_job *j = (bayes_coop_job *)arg;
	bayes_coop_tid = j->tid;
	bayes_nuts_state *s = (bayes_nuts_state *)j->h->states + (long long)j->c * BAYES_NUTS_HOST_THREADS + j->tid;
	if (j->begin) {
		s->coop_ws = (bayes_real *)j->h->ws + (long long)j->c * BAYES_NUTS_COOP_WS;
		s->coop_red = (bayes_real *)j->h->red + (long long)j->c * BAYES_NUTS_HOST_THREADS * BAYES_NUTS_COOP_RED;
		bayes_nuts_begin(s, j->cfg, j->c, bayes_nuts_from_row(j->from, j->c));
		return NULL;
	}
	bayes_nuts_advance(s, j->cfg, j->it_end, j->row0, j->nchains, j->draws + (long long)j->c * BAYES_NUTS_NOUT,
		j->stats + (long long)j->c * BAYES_NUTS_NSTATS);
	if (j->tid == 0) j->status[j->c] = bayes_nuts_info(s, j->info + (long long)j->c * BAYES_NUTS_INFO);
	return NULL;
}

/* bayes_coop_run runs job (for each chain in turn) on the group's threads. */
static void bayes_coop_run(bayes_coop_job job, int nchains)
{
	pthread_t th[BAYES_NUTS_HOST_THREADS];
	bayes_coop_job jobs[BAYES_NUTS_HOST_THREADS];
	pthread_barrier_init(&bayes_coop_barrier, NULL, BAYES_NUTS_HOST_THREADS);
	for (int c = 0; c < nchains; c++) {
		for (int t = 0; t < BAYES_NUTS_HOST_THREADS; t++) {
			jobs[t] = job;
			jobs[t].c = c;
			jobs[t].tid = t;
			pthread_create(&th[t], NULL, bayes_coop_worker, &jobs[t]);
		}
		for (int t = 0; t < BAYES_NUTS_HOST_THREADS; t++) pthread_join(th[t], NULL);
	}
	pthread_barrier_destroy(&bayes_coop_barrier);
}

void bayes_chains_begin(void *h, const bayes_nuts_config *cfg, int nchains, const double *from)
{
	bayes_coop_job job = {(bayes_coop_chains *)h, cfg, 0, 0, nchains, 0, 0, NULL, NULL, NULL, NULL, 1, from};
	bayes_coop_run(job, nchains);
}

void bayes_chains_advance(void *h, const bayes_nuts_config *cfg, int nchains, int it_end, int row0,
	double *draws, double *stats, double *info, int *status)
{
	bayes_coop_job job = {(bayes_coop_chains *)h, cfg, 0, 0, nchains, it_end, row0, draws, stats, info, status, 0, NULL};
	bayes_coop_run(job, nchains);
}
#endif

/* bayes_philox_block and bayes_rng_fill expose the generator to the tests
   (Random123's known answers; the moments of the normals). */
void bayes_philox_block(const unsigned int *ctr, const unsigned int *key, unsigned int *out)
{
	bayes_philox4x32_10(ctr, key, out);
}

void bayes_rng_fill(unsigned long long seed, unsigned long long stream, int n, double *uniform, double *normal)
{
	bayes_rng g;
	bayes_rng_init(&g, seed, stream);
	for (int i = 0; i < n; i++) uniform[i] = bayes_rng_uniform(&g);
	for (int i = 0; i < n; i++) normal[i] = bayes_rng_normal(&g);
}
#endif
