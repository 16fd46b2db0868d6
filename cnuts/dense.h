/* The dense metric (Stan's dense_e) of nuts.h: cnuts/source.go puts this
   file before nuts.h, with BAYES_NUTS_DENSE defined, in a source built for
   sampler.Dense; a diagonal source has neither. The inverse metric M^-1 is
   a row-major D x D matrix with its lower Cholesky factor L, M^-1 = L L'
   (sampler/metric.go's denseMetric). Each function does the Go sampler's
   operations in the Go sampler's order, so that a transition and a
   window's estimate here agree with Go's to rounding (cnuts's dense
   tests). They work on the arrays they are given, so that this file needs
   nothing of nuts.h; D is at most cnuts.DenseMaxDim, the loops are short. */

#define BAYES_NUTS_DD (BAYES_NUTS_DIM * BAYES_NUTS_DIM)

/* bayes_dense_sharp writes dst = M^-1 p (denseMetric.sharp). */
BAYES_FN void bayes_dense_sharp(const double *inv, double *dst, const double *p)
{
	for (int i = 0; i < BAYES_NUTS_DIM; i++) {
		const double *row = inv + i * BAYES_NUTS_DIM;
		double s = 0.0;
		for (int j = 0; j < BAYES_NUTS_DIM; j++) s += row[j] * p[j];
		dst[i] = s;
	}
}

/* bayes_dense_solve_upper overwrites u (standard normals) with the p that
   solves L' p = u, so that cov(p) = (L L')^-1 = M: the momentum draw of
   Stan's dense_e_metric (denseMetric.drawMomentum); (L')_ij = L_ji. */
BAYES_FN void bayes_dense_solve_upper(const double *chol, double *u)
{
	for (int i = BAYES_NUTS_DIM - 1; i >= 0; i--) {
		double s = u[i];
		for (int j = i + 1; j < BAYES_NUTS_DIM; j++) s -= chol[j * BAYES_NUTS_DIM + i] * u[j];
		u[i] = s / chol[i * BAYES_NUTS_DIM + i];
	}
}

/* bayes_dense_cholesky writes the lower factor of the symmetric a into l,
   the upper triangle zero (Cholesky-Banachiewicz, sampler's cholesky); it
   returns 0 when a is not positive definite. */
BAYES_FN int bayes_dense_cholesky(double *l, const double *a)
{
	const int d = BAYES_NUTS_DIM;
	for (int k = 0; k < BAYES_NUTS_DD; k++) l[k] = 0.0;
	for (int i = 0; i < d; i++) {
		for (int j = 0; j <= i; j++) {
			double s = a[i * d + j];
			for (int k = 0; k < j; k++) s -= l[i * d + k] * l[j * d + k];
			if (i == j) {
				if (!(s > 0)) return 0;
				l[i * d + i] = sqrt(s);
			} else {
				l[i * d + j] = s / l[j * d + j];
			}
		}
	}
	return 1;
}

/* bayes_dense_welford_add folds the n-th draw q into the window's mean
   and sums of cross-deviations m2 (D x D), delta being scratch: Welford's
   covariance (sampler/welford.go, Stan's welford_covar_estimator). */
BAYES_FN void bayes_dense_welford_add(int n, double *mean, double *m2, double *delta, const double *q)
{
	for (int i = 0; i < BAYES_NUTS_DIM; i++) {
		delta[i] = q[i] - mean[i];
		mean[i] += delta[i] / (double)n;
	}
	for (int i = 0; i < BAYES_NUTS_DIM; i++) {
		double a = q[i] - mean[i];
		double *row = m2 + i * BAYES_NUTS_DIM;
		for (int j = 0; j < BAYES_NUTS_DIM; j++) row[j] += a * delta[j];
	}
}

/* bayes_dense_window_end turns a window of n draws (m2, overwritten) into
   the new inverse metric inv and its factor chol, as sampler/adapt.go's
   learnMetric for Dense: the sample covariance m2/(n-1) (inv unchanged
   when n < 2), shrunk as n/(n+5) Sigma + 1e-3 * 5/(n+5) I. It returns 0,
   1 for a non-finite estimate (inv unchanged) or 2 for one that is not
   positive definite. */
BAYES_FN int bayes_dense_window_end(int n, double *m2, double *inv, double *chol)
{
	double nn = (double)n;
	for (int k = 0; k < BAYES_NUTS_DD; k++) {
		double v = inv[k];
		if (n >= 2) v = m2[k] / (double)(n - 1);
		m2[k] = v * (nn / (nn + BAYES_NUTS_REG_WEIGHT));
	}
	for (int i = 0; i < BAYES_NUTS_DIM; i++)
		m2[i * BAYES_NUTS_DIM + i] += BAYES_NUTS_REG_SCALE * BAYES_NUTS_REG_WEIGHT / (nn + BAYES_NUTS_REG_WEIGHT);
	for (int k = 0; k < BAYES_NUTS_DD; k++)
		if (isinf(m2[k]) || isnan(m2[k])) return 1;
	for (int k = 0; k < BAYES_NUTS_DD; k++) inv[k] = m2[k];
	return bayes_dense_cholesky(chol, inv) ? 0 : 2;
}
