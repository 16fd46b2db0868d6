/* Per-chain NUTS in device-neutral C (cnuts/source.go appends this to a
   model's emitted C, compiler/emit/emit_c.go). A chain runs from its
   initial point through warmup and sampling with no host round trip per
   step: on a GPU each thread runs one chain at its own pace (the kernels of
   cnuts/entry.h; in the data regime a thread block runs one chain), in
   plain C bayes_chains_advance loops over chains. After this file come
   cnuts/nutpie.h (a diagonal source: nutpie's adaptation), cnuts/chain.h
   (a chain's run: its adaptation, its start, its blocks) and entry.h.

   The algorithm is the Go sampler's (sampler/nuts.go and its neighbours),
   which is Stan's: multinomial sampling inside subtrees, biased progressive
   sampling at the top level, the generalised no-U-turn criterion with the
   extra checks across subtree seams (Betancourt 2017, arXiv:1701.02434,
   appendix A; stan-dev/stan#2800), divergence at an energy error above
   1000, a diagonal or (with cnuts/dense.h) dense metric, dual averaging of the step size (Hoffman &
   Gelman 2014, section 3.2.1) and windowed metric adaptation with Stan's
   regularisation (Stan Reference Manual, "Adaptation") on Stan's 75/25/50
   windows, whose schedule the run's config carries from package sampler
   (Config.MetricWindows), or nutpie's (chain.h, nutpie.h). The recursion of Stan's build_tree is unrolled into an
   explicit stack of at most BAYES_NUTS_MAX_DEPTH frames, and every array
   has a size fixed at compile time, so that a GPU thread needs neither
   recursion nor allocation.

   Random numbers come from Philox4x32-10 (Salmon, Moraes, Dror & Shaw
   2011, "Parallel random numbers: as easy as 1, 2, 3", SC'11), keyed by
   the seed, with the chain's number in the upper half of the counter:
   every chain has its own stream whatever thread runs it. These draws are
   NOT the Go sampler's PCG stream: a chain here and the same chain in Go
   are statistically equivalent, never bit-identical. Fed the same random
   numbers, one transition here and one of the Go sampler's
   (sampler.Transition) from the same state agree (cnuts's transition test).

   Stan's constants (BAYES_NUTS_MAX_DELTA_H, BAYES_NUTS_DA_GAMMA, ...,
   BAYES_NUTS_NSTATS) are not written here: cnuts/nuts_constants.go defines
   them before this file from package sampler's, where each is defined once.
   The including code defines, before this file:
     BAYES_NUTS_DIM        length of the unconstrained q (> 0)
     BAYES_NUTS_NOUT       length of the constrained output (> 0)
     BAYES_NUTS_WS         doubles of workspace of the model's _ws functions (> 0)
     BAYES_NUTS_MAX_DEPTH  largest max_depth a run may ask for
     BAYES_NUTS_DENSE      (optional) the dense metric, cnuts/dense.h included
   and provides bayes_log_density_grad_ws and bayes_constrain_ws. */

#define BAYES_NUTS_D BAYES_NUTS_DIM

/* The metric: diagonal (Stan's diag_e), or dense (dense_e) when the source
   defines BAYES_NUTS_DENSE and puts cnuts/dense.h before this file. A
   diagonal chain's state holds D doubles of it, a dense one's D * D (and
   as many of the window's sums and of the Cholesky factor). */
#ifdef BAYES_NUTS_DENSE
#define BAYES_NUTS_METRIC_LEN (BAYES_NUTS_D * BAYES_NUTS_D)
#else
#define BAYES_NUTS_METRIC_LEN BAYES_NUTS_D
#endif

/* Status of a chain (cnuts/chains.go's chainErrors says each in words). */
#define BAYES_NUTS_OK 0
#define BAYES_NUTS_ERR_CONFIG 1        /* max_depth outside 1..BAYES_NUTS_MAX_DEPTH */
#define BAYES_NUTS_ERR_INIT 2          /* no finite initial point in 100 tries */
#define BAYES_NUTS_ERR_IMPROPER 3      /* step-size search passed 1e7 */
#define BAYES_NUTS_ERR_NO_STEPSIZE 4   /* step-size search reached 0 */
#define BAYES_NUTS_ERR_METRIC 5        /* non-finite adapted metric */
#define BAYES_NUTS_ERR_NOT_PD 6        /* adapted dense metric not positive definite */
#define BAYES_NUTS_ERR_FROM 7          /* given dense metric not positive definite */

/* A draw's statistics are BAYES_NUTS_NSTATS columns, in Stan's CSV order:
   lp__ accept_stat__ stepsize__ treedepth__ n_leapfrog__ divergent__ energy__
   (cnuts/chains.go's Stat* constants). */

/* bayes_nuts_config is a run's settings; cnuts/config.go's CConfig has
   the same layout (8 + 4*4 + 3*8 + 4 + 3*4 + 32*4 + 5*4 + 43*4 = 384
   bytes, no padding). */
typedef struct {
	unsigned long long seed;
	int chain_offset; /* chain c draws from stream chain_offset + c */
	int num_warmup, num_samples, max_depth;
	double adapt_delta, stepsize, init_radius;
	/* superchain_size, when positive, starts the chains in superchains of
	   that many (sampler.Config.Superchains): chain g = chain_offset + c
	   takes the initial point that chain g - g % superchain_size draws. */
	int superchain_size;
	/* The schedule of metric adaptation, package sampler's (its
	   MetricWindows): the draws of warmup iterations metric_start ..
	   metric_stop - 1 feed the estimate, and a window ends after
	   iteration window_ends[k], k < num_windows. */
	int metric_start, metric_stop, num_windows;
	int window_ends[BAYES_NUTS_MAX_WINDOWS];
	/* adapt_nutpie: nutpie's adaptation of the diagonal metric
	   (cnuts/nutpie.h) in place of Stan's windows, on package sampler's
	   schedule (its NutpieWindows): the early phase is warmup iterations
	   0 .. nutpie_early_end - 1, with windows of nutpie_early draws, then
	   windows of nutpie_sizes[k] in turn; from nutpie_final_start on only
	   the step size adapts. */
	int adapt_nutpie, nutpie_early, nutpie_early_end, nutpie_final_start, nutpie_num_sizes;
	int nutpie_sizes[BAYES_NUTS_MAX_NUTPIE_WINDOWS];
} bayes_nuts_config;

/* BAYES_NUTS_NOINLINE keeps a function out of line: the model's code, and
   the sampler's functions called from several places (a step, Box-Muller's
   log and sincos), are then compiled once, not once per call site. Inlined,
   a large model's kernels grew to tens of megabytes of PTX and NVRTC took
   minutes (hmm_example: 3.4 min, now 32 s with NVRTC 11.8 on a 2-core host;
   eight schools 2.1 s -> 1.5 s). */
#ifdef __CUDACC__
#define BAYES_NUTS_NOINLINE __noinline__
#else
#define BAYES_NUTS_NOINLINE __attribute__((noinline))
#endif

/* ---------------------------------------------------------------- RNG */

/* bayes_rng is a Philox4x32-10 stream: key = seed, counter = (block
   number, stream), and the four words of the last block not yet used. */
typedef struct {
	unsigned int key[2];
	unsigned long long block, stream;
	unsigned int buf[4];
	int used;          /* words of buf already consumed (4: none left) */
	int has_normal;    /* Box-Muller's second normal is waiting */
	double normal;
} bayes_rng;

/* bayes_philox4x32_10 is the bijection of Salmon et al. 2011, section 3.2
   (Random123's philox4x32_R with R = 10): ten rounds of two 32x32->64
   multiplies, the key bumped by the Weyl constants between rounds. */
BAYES_FN void bayes_philox4x32_10(const unsigned int in[4], const unsigned int k[2], unsigned int out[4])
{
	unsigned int c0 = in[0], c1 = in[1], c2 = in[2], c3 = in[3];
	unsigned int k0 = k[0], k1 = k[1];
	for (int r = 0; r < 10; r++) {
		if (r > 0) {
			k0 += 0x9E3779B9u;
			k1 += 0xBB67AE85u;
		}
		unsigned long long p0 = (unsigned long long)0xD2511F53u * c0;
		unsigned long long p1 = (unsigned long long)0xCD9E8D57u * c2;
		unsigned int hi0 = (unsigned int)(p0 >> 32), lo0 = (unsigned int)p0;
		unsigned int hi1 = (unsigned int)(p1 >> 32), lo1 = (unsigned int)p1;
		c0 = hi1 ^ c1 ^ k0;
		c1 = lo1;
		c2 = hi0 ^ c3 ^ k1;
		c3 = lo0;
	}
	out[0] = c0, out[1] = c1, out[2] = c2, out[3] = c3;
}

BAYES_FN void bayes_rng_init(bayes_rng *g, unsigned long long seed, unsigned long long stream)
{
	g->key[0] = (unsigned int)seed;
	g->key[1] = (unsigned int)(seed >> 32);
	g->block = 0;
	g->stream = stream;
	g->used = 4;
	g->has_normal = 0;
	g->normal = 0;
}

BAYES_FN unsigned int bayes_rng_u32(bayes_rng *g)
{
	if (g->used == 4) {
		unsigned int ctr[4];
		ctr[0] = (unsigned int)g->block;
		ctr[1] = (unsigned int)(g->block >> 32);
		ctr[2] = (unsigned int)g->stream;
		ctr[3] = (unsigned int)(g->stream >> 32);
		bayes_philox4x32_10(ctr, g->key, g->buf);
		g->block++;
		g->used = 0;
	}
	return g->buf[g->used++];
}

/* bayes_rng_uniform is uniform on [0, 1): the top 53 of 64 random bits
   times 2^-53, as Go's Float64. */
BAYES_FN double bayes_rng_uniform(bayes_rng *g)
{
	unsigned long long hi = bayes_rng_u32(g), lo = bayes_rng_u32(g);
	unsigned long long x = (hi << 32) | lo;
	return (double)(x >> 11) * (1.0 / 9007199254740992.0);
}

/* bayes_rng_normal is a standard normal by the Box-Muller transform (Box &
   Muller 1958), using both normals of each pair; 1 - u lies in (0, 1], so
   the logarithm is finite. */
BAYES_FN BAYES_NUTS_NOINLINE double bayes_rng_normal(bayes_rng *g)
{
	if (g->has_normal) {
		g->has_normal = 0;
		return g->normal;
	}
	double u1 = 1.0 - bayes_rng_uniform(g);
	double u2 = bayes_rng_uniform(g);
	double r = sqrt(-2.0 * log(u1));
	double t = 2.0 * M_PI * u2;
	g->normal = r * sin(t);
	g->has_normal = 1;
	return r * cos(t);
}

/* ---------------------------------------------------------- the state */

/* bayes_nuts_point is a point of phase space (sampler/integrator.go's
   point), with its place in its trajectory in leapfrog steps (negative:
   backward), for nutpie's test of a draw. */
typedef struct {
	double q[BAYES_NUTS_D], p[BAYES_NUTS_D], grad[BAYES_NUTS_D];
	double logp;
	int idx;
} bayes_nuts_point;

/* bayes_nuts_level is the scratch of one level of the tree (sampler/nuts.go's treeLevel). */
typedef struct {
	bayes_nuts_point z_propose_final;
	double p_init_end[BAYES_NUTS_D], p_sharp_init_end[BAYES_NUTS_D], rho_init[BAYES_NUTS_D];
	double p_final_beg[BAYES_NUTS_D], p_sharp_final_beg[BAYES_NUTS_D];
	double rho_final[BAYES_NUTS_D], rho_subtree[BAYES_NUTS_D];
} bayes_nuts_level;

/* bayes_nuts_frame is one pending call of build_tree: its arguments, which
   half it is building (0: the first, 1: the second) and the first half's
   log weight. */
typedef struct {
	bayes_nuts_point *z_propose;
	double *p_sharp_beg, *p_sharp_end, *rho, *p_beg, *p_end;
	int phase;
	double log_sum_weight_init;
} bayes_nuts_frame;

/* bayes_nuts_stats is one transition's statistics (sampler.Stats). */
typedef struct {
	double lp, accept_stat, stepsize, energy;
	int treedepth, n_leapfrog, divergent;
} bayes_nuts_stats;

/* bayes_nuts_state is everything one chain owns: a few tens of D doubles
   per tree level. On a GPU it lives in global memory, one per thread. */
typedef struct {
	bayes_rng rng;
#ifdef BAYES_NUTS_DENSE
	/* row-major M^-1, its lower Cholesky factor, and a velocity M^-1 p */
	double inv_metric[BAYES_NUTS_METRIC_LEN], chol[BAYES_NUTS_METRIC_LEN], vel[BAYES_NUTS_D];
#else
	double inv_metric[BAYES_NUTS_D], scale[BAYES_NUTS_D]; /* scale = 1/sqrt(inv_metric) */
#endif
	double stepsize;
	int max_depth;

	bayes_nuts_point cur, z_fwd, z_bck, z_propose;
	double p_fwd_fwd[BAYES_NUTS_D], p_sharp_fwd_fwd[BAYES_NUTS_D], p_fwd_bck[BAYES_NUTS_D], p_sharp_fwd_bck[BAYES_NUTS_D];
	double p_bck_fwd[BAYES_NUTS_D], p_sharp_bck_fwd[BAYES_NUTS_D], p_bck_bck[BAYES_NUTS_D], p_sharp_bck_bck[BAYES_NUTS_D];
	double rho[BAYES_NUTS_D], rho_fwd[BAYES_NUTS_D], rho_bck[BAYES_NUTS_D], tmp[BAYES_NUTS_D];
	bayes_nuts_level levels[BAYES_NUTS_MAX_DEPTH];
	bayes_nuts_frame frames[BAYES_NUTS_MAX_DEPTH];

	double h0, sum_metro_prob;
	int n_leapfrog, divergent;

	/* dual averaging (sampler/stepsize.go's dualAveraging) */
	double da_mu, da_delta, da_counter, da_s_bar, da_x_bar;
	/* adaptation windows: warmup iterations adapted, and the next window
	   of cfg->window_ends to end */
	int win_counter, win_k;
	/* Welford's variance (dense: covariance) of the window's draws (sampler/welford.go) */
	int wf_n;
	double wf_mean[BAYES_NUTS_D], wf_m2[BAYES_NUTS_METRIC_LEN];
#ifndef BAYES_NUTS_DENSE
	/* nutpie's two windows (cnuts/nutpie.h): window w's draws np_n[w], the
	   Welford sums of their positions (np_x*) and gradients (np_g*); the
	   foreground np_fg; the next window np_k of cfg->nutpie_sizes; warmup
	   iterations np_it; np_changed once the estimate replaced the metric */
	int np_n[2], np_fg, np_k, np_it, np_changed;
	double np_xmean[2][BAYES_NUTS_D], np_xm2[2][BAYES_NUTS_D], np_gmean[2][BAYES_NUTS_D], np_gm2[2][BAYES_NUTS_D];
#endif

	int it, status;      /* iterations done; BAYES_NUTS_OK or the error that stopped the chain */
	long long gradients; /* gradients evaluated, warmup and initialization included */

#ifdef BAYES_NUTS_COOP
	bayes_real *coop_ws, *coop_red; /* the group's shared workspace and reduction scratch */
	double out[BAYES_NUTS_NOUT]; /* this thread's copy of a draw's outputs */
#else
	bayes_real ws[BAYES_NUTS_WS]; /* the model's workspace */
#endif
} bayes_nuts_state;

/* ------------------------------------------------ Hamiltonian dynamics */

BAYES_FN void bayes_nuts_copy(double *dst, const double *src)
{
	for (int i = 0; i < BAYES_NUTS_D; i++) dst[i] = src[i];
}

BAYES_FN void bayes_nuts_zero(double *dst)
{
	for (int i = 0; i < BAYES_NUTS_D; i++) dst[i] = 0.0;
}

BAYES_FN void bayes_nuts_sharp(const bayes_nuts_state *s, double *dst, const double *p)
{
#ifdef BAYES_NUTS_DENSE
	bayes_dense_sharp(s->inv_metric, dst, p);
#else
	for (int i = 0; i < BAYES_NUTS_D; i++) dst[i] = s->inv_metric[i] * p[i];
#endif
}

BAYES_FN void bayes_nuts_draw_momentum(bayes_nuts_state *s, double *p)
{
#ifdef BAYES_NUTS_DENSE
	for (int i = 0; i < BAYES_NUTS_D; i++) p[i] = bayes_rng_normal(&s->rng);
	bayes_dense_solve_upper(s->chol, p);
#else
	for (int i = 0; i < BAYES_NUTS_D; i++) p[i] = s->scale[i] * bayes_rng_normal(&s->rng);
#endif
}

/* bayes_nuts_energy_of is H = -log p + 0.5 p' M^-1 p given pp = p' M^-1 p;
   a non-finite log density or a NaN energy gives +Inf (sampler's energyOf). */
BAYES_FN double bayes_nuts_energy_of(double logp, double pp)
{
	if (isinf(logp) || isnan(logp)) return BAYES_INF;
	double h = -logp + 0.5 * pp;
	return isnan(h) ? BAYES_INF : h;
}

BAYES_FN double bayes_nuts_hamiltonian(const bayes_nuts_point *z, const double *p_sharp)
{
	double pp = 0.0;
	for (int i = 0; i < BAYES_NUTS_D; i++) pp += z->p[i] * p_sharp[i];
	return bayes_nuts_energy_of(z->logp, pp);
}

/* bayes_nuts_eval sets z's log density and gradient, counting the call. */
BAYES_FN BAYES_NUTS_NOINLINE void bayes_nuts_eval(bayes_nuts_state *s, bayes_nuts_point *z)
{
#ifdef BAYES_NUTS_COOP
	z->logp = bayes_log_density_grad_coop(z->q, z->grad, s->coop_ws, s->coop_red);
#else
	z->logp = bayes_log_density_grad_ws(z->q, z->grad, s->ws);
#endif
	s->gradients++;
}

/* bayes_nuts_step is one leapfrog step of size eps (Stan's expl_leapfrog;
   Neal 2011, eq. 5.18-5.20), as sampler/integrator.go's step. */
BAYES_FN BAYES_NUTS_NOINLINE void bayes_nuts_step(bayes_nuts_state *s, bayes_nuts_point *z, double eps)
{
	double half = 0.5 * eps;
#ifdef BAYES_NUTS_DENSE
	for (int i = 0; i < BAYES_NUTS_D; i++) z->p[i] += half * z->grad[i];
	bayes_dense_sharp(s->inv_metric, s->vel, z->p);
	for (int i = 0; i < BAYES_NUTS_D; i++) z->q[i] += eps * s->vel[i];
#else
	for (int i = 0; i < BAYES_NUTS_D; i++) {
		double pi = z->p[i] + half * z->grad[i];
		z->p[i] = pi;
		z->q[i] += eps * (s->inv_metric[i] * pi);
	}
#endif
	bayes_nuts_eval(s, z);
	for (int i = 0; i < BAYES_NUTS_D; i++) z->p[i] += half * z->grad[i];
}

/* bayes_nuts_log_sum_exp is log(exp(a) + exp(b)); -Inf is an empty weight. */
BAYES_FN double bayes_nuts_log_sum_exp(double a, double b)
{
	if (isinf(a) && a < 0) return b;
	if (isinf(b) && b < 0) return a;
	if (a > b) return a + log1p(exp(b - a));
	return b + log1p(exp(a - b));
}

/* bayes_nuts_take_new is sampler/proposal.go's takeNew: the uniform is
   drawn only when the new weight is the smaller. */
BAYES_FN int bayes_nuts_take_new(bayes_nuts_state *s, double log_weight_new, double log_weight_ref)
{
	if (log_weight_new > log_weight_ref) return 1;
	return bayes_rng_uniform(&s->rng) < exp(log_weight_new - log_weight_ref);
}

/* bayes_nuts_merged_no_u_turn is sampler/termination.go's mergedNoUTurn:
   rho = rho_a + rho_b, and the criterion over the whole and over each
   segment extended by the first point of the other. */
BAYES_FN int bayes_nuts_merged_no_u_turn(double *rho, const double *rho_a, const double *p_sharp_a0,
	const double *p_a1, const double *p_sharp_a1, const double *rho_b, const double *p_b0,
	const double *p_sharp_b0, const double *p_sharp_b1)
{
	double whole0 = 0, whole1 = 0, seam_a0 = 0, seam_a1 = 0, seam_b0 = 0, seam_b1 = 0;
	for (int i = 0; i < BAYES_NUTS_D; i++) {
		double r = rho_a[i] + rho_b[i];
		rho[i] = r;
		double ra = rho_a[i] + p_b0[i];
		double rb = rho_b[i] + p_a1[i];
		whole0 += p_sharp_a0[i] * r;
		whole1 += p_sharp_b1[i] * r;
		seam_a0 += p_sharp_a0[i] * ra;
		seam_a1 += p_sharp_b0[i] * ra;
		seam_b0 += p_sharp_a1[i] * rb;
		seam_b1 += p_sharp_b1[i] * rb;
	}
	return whole1 > 0 && whole0 > 0 && seam_a1 > 0 && seam_a0 > 0 && seam_b1 > 0 && seam_b0 > 0;
}

/* bayes_nuts_leaf is build_tree at depth 0: one leapfrog step from z, its
   energy, the acceptance sum, and what a one-point subtree records. It
   returns the point's log weight H0 - H. */
BAYES_FN double bayes_nuts_leaf(bayes_nuts_state *s, bayes_nuts_point *z, const bayes_nuts_frame *f, double sign)
{
	bayes_nuts_step(s, z, sign * s->stepsize);
	z->idx += sign > 0 ? 1 : -1;
	s->n_leapfrog++;
	double pp = 0.0;
#ifdef BAYES_NUTS_DENSE
	bayes_dense_sharp(s->inv_metric, f->p_sharp_beg, z->p);
#endif
	for (int i = 0; i < BAYES_NUTS_D; i++) {
		double v = z->p[i];
#ifdef BAYES_NUTS_DENSE
		double ps = f->p_sharp_beg[i];
#else
		double ps = s->inv_metric[i] * v;
#endif
		f->p_sharp_beg[i] = ps;
		f->p_sharp_end[i] = ps;
		f->p_beg[i] = v;
		f->p_end[i] = v;
		f->rho[i] += v;
		pp += v * ps;
	}
	double h = bayes_nuts_energy_of(z->logp, pp);
	if (h - s->h0 > BAYES_NUTS_MAX_DELTA_H) s->divergent = 1;
	if (s->h0 - h > 0) s->sum_metro_prob += 1.0;
	else s->sum_metro_prob += exp(s->h0 - h);
	*f->z_propose = *z;
	return s->h0 - h;
}

/* bayes_nuts_build_tree is Stan's recursive build_tree (sampler/nuts.go's
   buildTree) run as a loop over an explicit stack: frames[d] holds the
   arguments of the pending call at depth d. It integrates 2^depth steps
   from z in direction sign, leaving z at the far end, and returns whether
   the subtree is valid, its log weight in *log_sum_weight. */
BAYES_FN int bayes_nuts_build_tree(bayes_nuts_state *s, bayes_nuts_point *z, int depth,
	bayes_nuts_point *z_propose, double *p_sharp_beg, double *p_sharp_end, double *rho,
	double *p_beg, double *p_end, double sign, double *log_sum_weight)
{
	bayes_nuts_frame *fr = s->frames;
	fr[depth].z_propose = z_propose;
	fr[depth].p_sharp_beg = p_sharp_beg;
	fr[depth].p_sharp_end = p_sharp_end;
	fr[depth].rho = rho;
	fr[depth].p_beg = p_beg;
	fr[depth].p_end = p_end;
	int d = depth;
	for (;;) {
		/* Descend to a leaf through first halves. */
		while (d > 0) {
			bayes_nuts_level *l = &s->levels[d];
			fr[d].phase = 0;
			bayes_nuts_zero(l->rho_init);
			bayes_nuts_frame *c = &fr[d - 1];
			c->z_propose = fr[d].z_propose;
			c->p_sharp_beg = fr[d].p_sharp_beg;
			c->p_sharp_end = l->p_sharp_init_end;
			c->rho = l->rho_init;
			c->p_beg = fr[d].p_beg;
			c->p_end = l->p_init_end;
			d--;
		}
		double lw = bayes_nuts_leaf(s, z, &fr[0], sign);
		int valid = !s->divergent;
		/* Return upwards until a first half is done and a second begins. */
		for (;;) {
			if (d == depth) {
				*log_sum_weight = valid ? lw : 0.0;
				return valid;
			}
			d++;
			bayes_nuts_level *l = &s->levels[d];
			if (!valid) {
				lw = 0.0;
				continue;
			}
			if (fr[d].phase == 0) {
				fr[d].phase = 1;
				fr[d].log_sum_weight_init = lw;
				bayes_nuts_zero(l->rho_final);
				bayes_nuts_frame *c = &fr[d - 1];
				c->z_propose = &l->z_propose_final;
				c->p_sharp_beg = l->p_sharp_final_beg;
				c->p_sharp_end = fr[d].p_sharp_end;
				c->rho = l->rho_final;
				c->p_beg = l->p_final_beg;
				c->p_end = fr[d].p_end;
				d--;
				break;
			}
			double lsw = bayes_nuts_log_sum_exp(fr[d].log_sum_weight_init, lw);
			if (bayes_nuts_take_new(s, lw, lsw)) *fr[d].z_propose = l->z_propose_final;
			valid = bayes_nuts_merged_no_u_turn(l->rho_subtree,
				l->rho_init, fr[d].p_sharp_beg, l->p_init_end, l->p_sharp_init_end,
				l->rho_final, l->p_final_beg, l->p_sharp_final_beg, fr[d].p_sharp_end);
			for (int i = 0; i < BAYES_NUTS_D; i++) fr[d].rho[i] += l->rho_subtree[i];
			lw = lsw;
		}
	}
}

/* bayes_nuts_transition is one NUTS transition from s->cur (sampler/nuts.go's
   transition, Stan's base_nuts::transition). */
BAYES_FN BAYES_NUTS_NOINLINE void bayes_nuts_transition(bayes_nuts_state *s, bayes_nuts_stats *st)
{
	bayes_nuts_point *z = &s->cur;
	z->idx = 0;
	bayes_nuts_draw_momentum(s, z->p);
	bayes_nuts_sharp(s, s->p_sharp_fwd_fwd, z->p);
	s->z_fwd = *z;
	s->z_bck = *z;
	bayes_nuts_copy(s->p_fwd_fwd, z->p);
	bayes_nuts_copy(s->p_fwd_bck, z->p);
	bayes_nuts_copy(s->p_bck_fwd, z->p);
	bayes_nuts_copy(s->p_bck_bck, z->p);
	bayes_nuts_copy(s->rho, z->p);
	bayes_nuts_copy(s->p_sharp_fwd_bck, s->p_sharp_fwd_fwd);
	bayes_nuts_copy(s->p_sharp_bck_fwd, s->p_sharp_fwd_fwd);
	bayes_nuts_copy(s->p_sharp_bck_bck, s->p_sharp_fwd_fwd);

	double log_sum_weight = 0.0;
	s->h0 = bayes_nuts_hamiltonian(z, s->p_sharp_fwd_fwd);
	s->n_leapfrog = 0;
	s->sum_metro_prob = 0.0;
	s->divergent = 0;

	int depth = 0;
	while (depth < s->max_depth) {
		bayes_nuts_zero(s->rho_fwd);
		bayes_nuts_zero(s->rho_bck);
		double lw = 0.0;
		int valid;
		if (bayes_rng_uniform(&s->rng) > 0.5) {
			bayes_nuts_copy(s->rho_bck, s->rho);
			bayes_nuts_copy(s->p_bck_fwd, s->p_fwd_fwd);
			bayes_nuts_copy(s->p_sharp_bck_fwd, s->p_sharp_fwd_fwd);
			valid = bayes_nuts_build_tree(s, &s->z_fwd, depth, &s->z_propose,
				s->p_sharp_fwd_bck, s->p_sharp_fwd_fwd, s->rho_fwd, s->p_fwd_bck, s->p_fwd_fwd, 1.0, &lw);
		} else {
			bayes_nuts_copy(s->rho_fwd, s->rho);
			bayes_nuts_copy(s->p_fwd_bck, s->p_bck_bck);
			bayes_nuts_copy(s->p_sharp_fwd_bck, s->p_sharp_bck_bck);
			valid = bayes_nuts_build_tree(s, &s->z_bck, depth, &s->z_propose,
				s->p_sharp_bck_fwd, s->p_sharp_bck_bck, s->rho_bck, s->p_bck_fwd, s->p_bck_bck, -1.0, &lw);
		}
		if (!valid) break;
		depth++;
		if (bayes_nuts_take_new(s, lw, log_sum_weight)) *z = s->z_propose;
		log_sum_weight = bayes_nuts_log_sum_exp(log_sum_weight, lw);
		if (!bayes_nuts_merged_no_u_turn(s->rho,
			s->rho_bck, s->p_sharp_bck_bck, s->p_bck_fwd, s->p_sharp_bck_fwd,
			s->rho_fwd, s->p_fwd_bck, s->p_sharp_fwd_bck, s->p_sharp_fwd_fwd)) break;
	}

	bayes_nuts_sharp(s, s->tmp, z->p);
	st->lp = z->logp;
	st->accept_stat = s->sum_metro_prob / (double)s->n_leapfrog;
	st->stepsize = s->stepsize;
	st->treedepth = depth;
	st->n_leapfrog = s->n_leapfrog;
	st->divergent = s->divergent;
	st->energy = bayes_nuts_hamiltonian(z, s->tmp);
}

/* ---------------------------------------------------------- adaptation */

/* bayes_nuts_trial_delta_h is H0 - H after one step from cur with a fresh
   momentum (sampler/stepsize.go's trialDeltaH); z_fwd is scratch. */
BAYES_FN double bayes_nuts_trial_delta_h(bayes_nuts_state *s)
{
	bayes_nuts_point *z = &s->z_fwd;
	*z = s->cur;
	bayes_nuts_draw_momentum(s, z->p);
	bayes_nuts_sharp(s, s->tmp, z->p);
	double h0 = bayes_nuts_hamiltonian(z, s->tmp);
	bayes_nuts_step(s, z, s->stepsize);
	bayes_nuts_sharp(s, s->tmp, z->p);
	return h0 - bayes_nuts_hamiltonian(z, s->tmp);
}

/* bayes_nuts_init_stepsize is Stan's base_hmc::init_stepsize (Hoffman &
   Gelman 2014, Algorithm 4), as sampler/stepsize.go: double or halve the
   step size until one step's energy change crosses log(0.8). */
BAYES_FN BAYES_NUTS_NOINLINE int bayes_nuts_init_stepsize(bayes_nuts_state *s)
{
	if (s->stepsize == 0 || s->stepsize > BAYES_NUTS_MAX_STEPSIZE || isnan(s->stepsize)) return BAYES_NUTS_OK;
	double direction = bayes_nuts_trial_delta_h(s) > BAYES_NUTS_LOG_ACCEPT_THRESHOLD ? 1.0 : -1.0;
	for (;;) {
		double dh = bayes_nuts_trial_delta_h(s);
		if ((direction == 1 && !(dh > BAYES_NUTS_LOG_ACCEPT_THRESHOLD)) ||
			(direction == -1 && !(dh < BAYES_NUTS_LOG_ACCEPT_THRESHOLD))) return BAYES_NUTS_OK;
		s->stepsize *= direction == 1 ? 2.0 : 0.5;
		if (s->stepsize > BAYES_NUTS_MAX_STEPSIZE) return BAYES_NUTS_ERR_IMPROPER;
		if (s->stepsize == 0) return BAYES_NUTS_ERR_NO_STEPSIZE;
	}
}

/* bayes_nuts_da_learn folds in one accept_stat__ and sets the next step size
   (Hoffman & Gelman 2014, eq. 6; sampler/stepsize.go's learn). */
BAYES_FN void bayes_nuts_da_learn(bayes_nuts_state *s, double accept_stat)
{
	s->da_counter += 1.0;
	if (accept_stat > 1.0) accept_stat = 1.0;
	double eta = 1.0 / (s->da_counter + BAYES_NUTS_DA_T0);
	s->da_s_bar = (1.0 - eta) * s->da_s_bar + eta * (s->da_delta - accept_stat);
	double x = s->da_mu - s->da_s_bar * sqrt(s->da_counter) / BAYES_NUTS_DA_GAMMA;
	double x_eta = pow(s->da_counter, -BAYES_NUTS_DA_KAPPA);
	s->da_x_bar = (1.0 - x_eta) * s->da_x_bar + x_eta * x;
	s->stepsize = exp(x);
}

/* bayes_nuts_window_add folds the chain's position into the window's
   Welford estimate (sampler/welford.go's add). */
BAYES_FN void bayes_nuts_window_add(bayes_nuts_state *s)
{
	s->wf_n++;
#ifdef BAYES_NUTS_DENSE
	bayes_dense_welford_add(s->wf_n, s->wf_mean, s->wf_m2, s->tmp, s->cur.q);
#else
	for (int i = 0; i < BAYES_NUTS_D; i++) {
		double v = s->cur.q[i];
		double delta = v - s->wf_mean[i];
		s->wf_mean[i] += delta / (double)s->wf_n;
		s->wf_m2[i] += (v - s->wf_mean[i]) * delta;
	}
#endif
}

/* bayes_nuts_window_end installs the window's regularised estimate,
   n/(n+5) var + 1e-3 * 5/(n+5) (dense: the covariance, the shrinkage on
   its diagonal; the old metric kept when the window had < 2 draws), as
   the inverse metric and restarts the estimate (sampler/adapt.go's
   learnMetric). */
BAYES_FN int bayes_nuts_window_end(bayes_nuts_state *s)
{
#ifdef BAYES_NUTS_DENSE
	int bad = bayes_dense_window_end(s->wf_n, s->wf_m2, s->inv_metric, s->chol);
	if (bad) return bad == 1 ? BAYES_NUTS_ERR_METRIC : BAYES_NUTS_ERR_NOT_PD;
#else
	double n = (double)s->wf_n;
	for (int i = 0; i < BAYES_NUTS_D; i++) {
		double v = s->inv_metric[i]; /* kept when the window had < 2 draws */
		if (s->wf_n >= 2) v = s->wf_m2[i] / (double)(s->wf_n - 1);
		v = v * (n / (n + BAYES_NUTS_REG_WEIGHT)) + BAYES_NUTS_REG_SCALE * BAYES_NUTS_REG_WEIGHT / (n + BAYES_NUTS_REG_WEIGHT);
		if (isinf(v) || isnan(v)) return BAYES_NUTS_ERR_METRIC;
		s->tmp[i] = v;
	}
	for (int i = 0; i < BAYES_NUTS_D; i++) {
		s->inv_metric[i] = s->tmp[i];
		s->scale[i] = 1.0 / sqrt(s->tmp[i]);
	}
#endif
	s->wf_n = 0;
	bayes_nuts_zero(s->wf_mean);
	for (int k = 0; k < BAYES_NUTS_METRIC_LEN; k++) s->wf_m2[k] = 0.0;
	return BAYES_NUTS_OK;
}
