/* A chain of nuts.h from its start to its last draw (cnuts/source.go
   appends this after nuts.h, and after cnuts/nutpie.h in a diagonal
   source): the adaptation after each warmup transition (Stan's windows or,
   for the diagonal metric, nutpie's), the initial point, and the blocks
   of iterations that the entry points (cnuts/entry.h) run. */

/* bayes_nuts_research searches the step size again and restarts dual
   averaging around log(10 eps), after the metric changed. */
BAYES_FN int bayes_nuts_research(bayes_nuts_state *s)
{
	int err = bayes_nuts_init_stepsize(s);
	if (err != BAYES_NUTS_OK) return err;
	s->da_mu = log(10.0 * s->stepsize);
	s->da_counter = s->da_s_bar = s->da_x_bar = 0.0;
	return BAYES_NUTS_OK;
}

/* bayes_nuts_adapt is sampler/adapt.go's learn for the diagonal and dense
   metrics: dual averaging after every warmup transition; the windows of
   cfg's schedule (package sampler's, passed in, not transcribed here) say
   which draws feed the estimate and when a window ends; at its end the
   estimate becomes the inverse metric (bayes_nuts_window_end), the step
   size is searched again and dual averaging restarts around log(10 eps).
   With cfg->adapt_nutpie (a diagonal source), nutpie's (nutpieAdapter's
   learn): the transition's draw, divergent or not, feeds
   bayes_nutpie_learn. */
BAYES_FN BAYES_NUTS_NOINLINE int bayes_nuts_adapt(bayes_nuts_state *s, const bayes_nuts_config *cfg, double accept_stat, int divergent)
{
	bayes_nuts_da_learn(s, accept_stat);
#ifndef BAYES_NUTS_DENSE
	if (cfg->adapt_nutpie) return bayes_nutpie_learn(s, cfg, divergent) ? bayes_nuts_research(s) : BAYES_NUTS_OK;
#endif
	int c = s->win_counter++;
	int add = c >= cfg->metric_start && c < cfg->metric_stop;
	int end = s->win_k < cfg->num_windows && c == cfg->window_ends[s->win_k];
	if (end) s->win_k++;
	if (add) bayes_nuts_window_add(s);
	if (!end) return BAYES_NUTS_OK;
	int err = bayes_nuts_window_end(s);
	if (err != BAYES_NUTS_OK) return err;
	return bayes_nuts_research(s);
}

/* bayes_nuts_initialize draws q uniform(-R, R) per coordinate (zeros for
   R = 0, tried once) until the log density and gradient are finite, at
   most 100 times (sampler/init.go; Stan Reference Manual, "Initialization").
   A given point init (0: none) fixes its coordinates that are not NaN;
   with none left to draw it is tried once (sampler's initialize). */
BAYES_FN int bayes_nuts_initialize(bayes_nuts_state *s, double radius, const double *init)
{
	bayes_nuts_point *z = &s->cur;
	int partial = 0;
	for (int i = 0; init != 0 && i < BAYES_NUTS_D; i++) partial |= isnan(init[i]) != 0;
	int tries = radius == 0 || (init != 0 && !partial) ? 1 : BAYES_NUTS_MAX_INIT_TRIES;
	for (int t = 0; t < tries; t++) {
		for (int i = 0; i < BAYES_NUTS_D; i++) {
			if (init != 0 && !isnan(init[i])) z->q[i] = init[i];
			else z->q[i] = radius == 0 ? 0.0 : radius * (2.0 * bayes_rng_uniform(&s->rng) - 1.0);
		}
		bayes_nuts_eval(s, z);
		int ok = !(isinf(z->logp) || isnan(z->logp));
		for (int i = 0; ok && i < BAYES_NUTS_D; i++) ok = !(isinf(z->grad[i]) || isnan(z->grad[i]));
		if (ok) return BAYES_NUTS_OK;
	}
	return BAYES_NUTS_ERR_INIT;
}

/* ------------------------------------------------------------- a chain */

/* A run advances every chain in blocks of iterations, so that the host can
   take the draws of each block (progress, streaming output, a clean stop
   on Ctrl-C) while each chain keeps its state between blocks:
   bayes_nuts_begin once, then bayes_nuts_advance per block. Within a block
   each chain runs at its own pace; blocks end together.

   A chain's info row (BAYES_NUTS_INFO doubles) reports its adaptation and
   progress: [0] the step size, [1 .. L] the inverse metric (L =
   BAYES_NUTS_METRIC_LEN: its diagonal, or the D x D matrix row-major),
   [L + 1] the iterations done, [L + 2] the gradients evaluated, warmup
   and initialization included, [L + 3 .. L + 2 + D] the unconstrained
   position (where a chain stopped, for a later run's --adapt-from). */
#define BAYES_NUTS_INFO (BAYES_NUTS_METRIC_LEN + 3 + BAYES_NUTS_D)

/* A chain may start from a given adaptation and point (cnuts's
   ChainConfig.AdaptFrom and Inits): its row of BAYES_NUTS_FROM doubles
   holds [0] a step size (0: none given, the config's and the unit metric,
   as a cold start), [1 .. L] the inverse metric, kept through warmup,
   whose schedule then has no metric window (package sampler's), and
   [L + 1 .. L + D] an initial point (NaN coordinates drawn). */
#define BAYES_NUTS_FROM (1 + BAYES_NUTS_METRIC_LEN + BAYES_NUTS_D)

/* bayes_nuts_begin starts chain number `chain` (stream cfg->chain_offset +
   chain) as Stan's run_adaptive_sampler does: the initial point, and with
   warmup the first step-size search and the adaptation windows. from is
   0 or the chain's BAYES_NUTS_FROM row (sampler/chain.go's startChain
   with Config.AdaptFrom and Inits). Its outcome is in s->status. */
BAYES_FN void bayes_nuts_begin(bayes_nuts_state *s, const bayes_nuts_config *cfg, int chain, const double *from)
{
	s->it = 0;
	s->gradients = 0;
	if (cfg->max_depth < 1 || cfg->max_depth > BAYES_NUTS_MAX_DEPTH) {
		s->status = BAYES_NUTS_ERR_CONFIG;
		return;
	}
	unsigned long long g = (unsigned long long)(cfg->chain_offset + chain);
	unsigned long long lead = cfg->superchain_size > 0 ? g - g % (unsigned long long)cfg->superchain_size : g;
	bayes_rng_init(&s->rng, cfg->seed, lead);
	s->max_depth = cfg->max_depth;
	int adapted = from != 0 && from[0] > 0;
#ifdef BAYES_NUTS_DENSE
	for (int k = 0; k < BAYES_NUTS_METRIC_LEN; k++) s->inv_metric[k] = s->chol[k] = k % (BAYES_NUTS_D + 1) == 0 ? 1.0 : 0.0;
	if (adapted) {
		for (int k = 0; k < BAYES_NUTS_METRIC_LEN; k++) s->inv_metric[k] = from[1 + k];
		if (!bayes_dense_cholesky(s->chol, s->inv_metric)) {
			s->status = BAYES_NUTS_ERR_FROM;
			return;
		}
	}
#else
	for (int i = 0; i < BAYES_NUTS_D; i++) s->inv_metric[i] = s->scale[i] = 1.0;
	for (int i = 0; adapted && i < BAYES_NUTS_D; i++) {
		s->inv_metric[i] = from[1 + i];
		s->scale[i] = 1.0 / sqrt(from[1 + i]);
	}
#endif
	int err = bayes_nuts_initialize(s, cfg->init_radius, from == 0 ? 0 : from + 1 + BAYES_NUTS_METRIC_LEN);
	if (lead != g) bayes_rng_init(&s->rng, cfg->seed, g); /* then its own stream */
	s->stepsize = adapted ? from[0] : cfg->stepsize;
	if (err == BAYES_NUTS_OK && cfg->num_warmup > 0) {
		s->da_mu = log(10.0 * s->stepsize);
		s->da_delta = cfg->adapt_delta;
		s->da_counter = s->da_s_bar = s->da_x_bar = 0.0;
		s->win_counter = s->win_k = 0;
		s->wf_n = 0;
		bayes_nuts_zero(s->wf_mean);
		for (int k = 0; k < BAYES_NUTS_METRIC_LEN; k++) s->wf_m2[k] = 0.0;
#ifndef BAYES_NUTS_DENSE
		if (cfg->adapt_nutpie) bayes_nutpie_start(s);
#endif
		err = bayes_nuts_init_stepsize(s);
	}
	s->status = err;
}

/* bayes_nuts_stats_row writes a transition's statistics as a row of
   BAYES_NUTS_NSTATS, in Stan's column order (cnuts's Stats). */
BAYES_FN void bayes_nuts_stats_row(double *r, const bayes_nuts_stats *st)
{
	r[0] = st->lp;
	r[1] = st->accept_stat;
	r[2] = st->stepsize;
	r[3] = (double)st->treedepth;
	r[4] = (double)st->n_leapfrog;
	r[5] = (double)st->divergent;
	r[6] = st->energy;
}

/* bayes_nuts_advance runs the chain's iterations up to it_end (exclusive;
   warmup iterations adapt, the step size is fixed to exp(x_bar) after the
   last one). Sampling iteration num_warmup + r writes its constrained
   outputs and statistics (Stan's column order) at row r - row0 of the
   block's draws and stats, rows of stride `stride` rows: the caller
   interleaves chains by passing each chain's first row and the number of
   chains as the stride. On an error the chain stops with s->status set. */
BAYES_FN void bayes_nuts_advance(bayes_nuts_state *s, const bayes_nuts_config *cfg, int it_end, int row0,
	long long stride, double *draws, double *stats)
{
	bayes_nuts_stats st;
	while (s->status == BAYES_NUTS_OK && s->it < it_end) {
		bayes_nuts_transition(s, &st);
		int it = s->it++;
		if (it < cfg->num_warmup) {
			s->status = bayes_nuts_adapt(s, cfg, st.accept_stat, st.divergent);
			if (s->it == cfg->num_warmup && s->status == BAYES_NUTS_OK) s->stepsize = exp(s->da_x_bar);
			continue;
		}
		long long row = (long long)(it - cfg->num_warmup - row0) * stride;
#ifdef BAYES_NUTS_COOP
		bayes_constrain_coop(s->cur.q, s->out, s->coop_ws, s->coop_red);
		if (BAYES_TID != 0) continue; /* one thread writes the group's row */
		for (int k = 0; k < BAYES_NUTS_NOUT; k++) draws[row * BAYES_NUTS_NOUT + k] = s->out[k];
#else
		bayes_constrain_ws(s->cur.q, draws + row * BAYES_NUTS_NOUT, s->ws);
#endif
		bayes_nuts_stats_row(stats + row * BAYES_NUTS_NSTATS, &st);
	}
}

/* bayes_nuts_info writes the chain's info row and returns its status. */
BAYES_FN int bayes_nuts_info(const bayes_nuts_state *s, double *info)
{
	info[0] = s->stepsize;
	for (int i = 0; i < BAYES_NUTS_METRIC_LEN; i++) info[1 + i] = s->inv_metric[i];
	info[BAYES_NUTS_METRIC_LEN + 1] = (double)s->it;
	info[BAYES_NUTS_METRIC_LEN + 2] = (double)s->gradients;
	for (int i = 0; i < BAYES_NUTS_D; i++) info[BAYES_NUTS_METRIC_LEN + 3 + i] = s->cur.q[i];
	return s->status;
}

