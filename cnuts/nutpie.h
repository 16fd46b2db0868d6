/* nutpie's adaptation of the diagonal metric (sampler/nutpie.go's
   nutpieAdapter with its diagGradEstimate; nuts-rs's GlobalStrategy), for
   a run whose config sets adapt_nutpie: cnuts/source.go puts this file
   after nuts.h in a diagonal source (a dense one has none of it). The
   schedule is package sampler's (NutpieWindows), carried in the config:
   this file executes it, switching windows when the background holds the
   current window's draws, as nutpieAdapter's learnMetric does. The
   estimator is M^-1_ii = sqrt(Var x_i / Var g_i) over the foreground's
   draws x and their gradients g, within [BAYES_NUTS_NUTPIE_MIN_INV,
   BAYES_NUTS_NUTPIE_MAX_INV], from BAYES_NUTS_NUTPIE_MIN_DRAWS draws on.
   Each function does the Go sampler's operations in its order, so that
   the estimates agree to rounding (cnuts's nutpie tests). */

/* bayes_nutpie_welford_add folds the n-th value v into mean and m2
   (sampler/welford.go's add). */
BAYES_FN void bayes_nutpie_welford_add(int n, double *mean, double *m2, const double *v)
{
	for (int i = 0; i < BAYES_NUTS_D; i++) {
		double delta = v[i] - mean[i];
		mean[i] += delta / (double)n;
		m2[i] += (v[i] - mean[i]) * delta;
	}
}

/* bayes_nutpie_add feeds the chain's position and gradient to both
   windows (diagGradEstimate's add). */
BAYES_FN void bayes_nutpie_add(bayes_nuts_state *s)
{
	for (int w = 0; w < 2; w++) {
		int n = ++s->np_n[w];
		bayes_nutpie_welford_add(n, s->np_xmean[w], s->np_xm2[w], s->cur.q);
		bayes_nutpie_welford_add(n, s->np_gmean[w], s->np_gm2[w], s->cur.grad);
	}
}

/* bayes_nutpie_restart empties window w. */
BAYES_FN void bayes_nutpie_restart(bayes_nuts_state *s, int w)
{
	s->np_n[w] = 0;
	bayes_nuts_zero(s->np_xmean[w]);
	bayes_nuts_zero(s->np_xm2[w]);
	bayes_nuts_zero(s->np_gmean[w]);
	bayes_nuts_zero(s->np_gm2[w]);
}

/* bayes_nutpie_clamp bounds an entry of M^-1 (finite v). */
BAYES_FN double bayes_nutpie_clamp(double v)
{
	if (v < BAYES_NUTS_NUTPIE_MIN_INV) v = BAYES_NUTS_NUTPIE_MIN_INV;
	if (v > BAYES_NUTS_NUTPIE_MAX_INV) v = BAYES_NUTS_NUTPIE_MAX_INV;
	return v;
}

/* bayes_nutpie_set installs s->tmp as the inverse metric (diagMetric's set). */
BAYES_FN void bayes_nutpie_set(bayes_nuts_state *s)
{
	for (int i = 0; i < BAYES_NUTS_D; i++) {
		s->inv_metric[i] = s->tmp[i];
		s->scale[i] = 1.0 / sqrt(s->tmp[i]);
	}
}

/* bayes_nutpie_start installs the metric of the initial point, M^-1 =
   diag(1/|g|) (1 where that is not finite; gradientStart), and makes the
   point the first draw of both windows (diagGradEstimate's start). */
BAYES_FN void bayes_nutpie_start(bayes_nuts_state *s)
{
	for (int i = 0; i < BAYES_NUTS_D; i++) {
		double v = 1.0 / fabs(s->cur.grad[i]);
		if (isinf(v) || isnan(v)) v = 1.0;
		s->tmp[i] = bayes_nutpie_clamp(v);
	}
	bayes_nutpie_set(s);
	bayes_nutpie_restart(s, 0);
	bayes_nutpie_restart(s, 1);
	s->np_fg = s->np_k = s->np_it = s->np_changed = 0;
	bayes_nutpie_add(s);
}

/* bayes_nutpie_scale is diagGradScale: sqrt(vx / vg) within the bounds;
   cur where that is 0 or not finite; 1 where the draws did not move. */
BAYES_FN double bayes_nutpie_scale(double vx, double vg, double cur)
{
	if (vx == 0) return 1.0;
	double v = sqrt(vx / vg);
	if (!(v > 0) || isinf(v)) return cur;
	return bayes_nutpie_clamp(v);
}

/* bayes_nutpie_learn is learnMetric after a warmup transition, divergent
   or not, to s->cur: the draw joins both windows when good (goodDraw:
   the chain moved, by more than BAYES_NUTS_NUTPIE_DIVERGENT_STEPS steps
   when divergent), the windows switch as cfg's schedule says, and the
   foreground's estimate replaces the metric. It returns 1 when the step
   size is to be searched again (the first replacement, and each switch of
   the early phase), else 0. */
BAYES_FN int bayes_nutpie_learn(bayes_nuts_state *s, const bayes_nuts_config *cfg, int divergent)
{
	int it = s->np_it++;
	if (it >= cfg->nutpie_final_start) return 0;
	int early = it < cfg->nutpie_early_end;
	int size = cfg->nutpie_early, next = cfg->nutpie_early;
	if (!early) {
		size = cfg->nutpie_sizes[s->np_k];
		next = cfg->nutpie_sizes[s->np_k + 1];
	}
	int idx = s->cur.idx;
	int good = divergent ? idx > BAYES_NUTS_NUTPIE_DIVERGENT_STEPS || idx < -BAYES_NUTS_NUTPIE_DIVERGENT_STEPS : idx != 0;
	if (good) bayes_nutpie_add(s);
	int force = 0;
	int bg = 1 - s->np_fg;
	if (s->np_n[bg] >= size && it + next <= cfg->nutpie_final_start) {
		bayes_nutpie_restart(s, s->np_fg); /* the old foreground is the new background */
		s->np_fg = bg;
		force = 1;
		if (!early) s->np_k++;
	}
	int fg = s->np_fg, n = s->np_n[fg];
	if (n < BAYES_NUTS_NUTPIE_MIN_DRAWS) return 0;
	for (int i = 0; i < BAYES_NUTS_D; i++) {
		double vx = s->np_xm2[fg][i] / (double)(n - 1);
		double vg = s->np_gm2[fg][i] / (double)(n - 1);
		s->tmp[i] = bayes_nutpie_scale(vx, vg, s->inv_metric[i]);
	}
	bayes_nutpie_set(s);
	if (s->np_changed && !(early && force)) return 0;
	s->np_changed = 1;
	return 1;
}
