/* The prelude of bayes' emitted C (compiler/emit_c.go): the helpers that the
   op table's C templates call (compiler/ops.go, C field). Each is a
   line-by-line port of the Go function that the CPU kernel runs, named in
   its comment, with the same operations in the same order, so that C and Go
   differ only where libm and Go's math package round differently (about one
   ulp per call). Device-neutral: BAYES_FN is static in C and __device__ in
   CUDA, and the only calls are math.h functions that CUDA also provides. */

#ifdef __CUDACC__
#define BAYES_FN static __device__
#define BAYES_DATA static __device__ const
#define BAYES_GLOBAL __device__
#define BAYES_INF __longlong_as_double(0x7ff0000000000000LL)
#define BAYES_NAN __longlong_as_double(0x7ff8000000000000LL)
#else
#include <math.h>
#if defined(__GNUC__)
#define BAYES_FN static __attribute__((unused))
#else
#define BAYES_FN static
#endif
#define BAYES_DATA static const
#define BAYES_GLOBAL static
#define BAYES_INF ((double)INFINITY)
#define BAYES_NAN ((double)NAN)
#endif

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif
#ifndef M_LN2
#define M_LN2 0.69314718055994530942
#endif
#ifndef M_SQRT1_2
#define M_SQRT1_2 0.70710678118654752440
#endif

/* The constants of compiler/lpdf.go and ops_math.go, to the same digits. */
#define BAYES_HALF_LOG_2PI 0.91893853320467274178032973640561763986139747363778
#define BAYES_LOG_PI 1.14472988584940017414342735135305871164729481291531
#define BAYES_LN2 0.69314718055994530941723212145817656807550013436026

/* bayes_max and bayes_min are Go's math.Max and math.Min: NaN wins, +Inf
   (-Inf) wins, and max(+0, -0) = +0. C's fmax would drop a NaN. */
BAYES_FN double bayes_max(double a, double b)
{
	if ((isinf(a) && a > 0) || (isinf(b) && b > 0)) return BAYES_INF;
	if (isnan(a) || isnan(b)) return BAYES_NAN;
	if (a == 0 && a == b) return signbit(a) ? b : a;
	return a > b ? a : b;
}

BAYES_FN double bayes_min(double a, double b)
{
	if ((isinf(a) && a < 0) || (isinf(b) && b < 0)) return -BAYES_INF;
	if (isnan(a) || isnan(b)) return BAYES_NAN;
	if (a == 0 && a == b) return signbit(a) ? a : b;
	return a < b ? a : b;
}

/* lgamma (lpdf.go) is Go's math.Lgamma, which differs from C's lgamma only
   at -Inf: Go gives -Inf (log|Γ(x)| falls without bound along non-integer
   x), C99 +Inf. The macro makes every lgamma below, and the templates'
   lgamma($0), Go's. */
BAYES_FN double bayes_lgamma(double x)
{
	if (isinf(x) && x < 0) return -BAYES_INF;
	return lgamma(x);
}
#define lgamma(x) bayes_lgamma(x)

/* sign (lpdf.go): ±0 and NaN unchanged. */
BAYES_FN double bayes_sign(double x)
{
	if (x > 0) return 1.0;
	if (x < 0) return -1.0;
	return x;
}

/* invLogit (lpdf.go): 1/(1+exp(-x)), neither tail overflows. */
BAYES_FN double bayes_inv_logit(double x)
{
	if (x >= 0) return 1.0 / (1.0 + exp(-x));
	double e = exp(x);
	return e / (1.0 + e);
}

/* log1pExp (lpdf.go): log(1+exp(x)) (Mächler 2012, eq. 10). */
BAYES_FN double bayes_log1p_exp(double x)
{
	if (x > 0) return x + log1p(exp(-x));
	return log1p(exp(x));
}

BAYES_FN double bayes_log_inv_logit(double x) { return -bayes_log1p_exp(-x); }
BAYES_FN double bayes_log1m_inv_logit(double x) { return -bayes_log1p_exp(x); }

/* gonum mathext.Digamma: reflection for x < 0, recurrence up to 7, then the
   asymptotic series (DLMF 5.5.4, 5.5.2, 5.11.2). */
BAYES_FN double bayes_digamma(double x)
{
	double result = 0.0;
	if (isnan(x) || (isinf(x) && x > 0)) return x;
	if (isinf(x)) return BAYES_NAN;
	if (x == 0) return copysign(BAYES_INF, -x);
	if (x < 0) {
		double ip;
		if (x == floor(x)) return BAYES_NAN;
		double r = modf(x, &ip);
		result = -M_PI / tan(M_PI * r);
		x = 1 - x;
	}
	for (; x < 7; x++) result -= 1 / x;
	x -= 0.5;
	double xx = 1 / x;
	double xx2 = xx * xx;
	double xx4 = xx2 * xx2;
	result += log(x) + (1.0 / 24.0) * xx2 - (7.0 / 960.0) * xx4 + (31.0 / 8064.0) * xx4 * xx2 - (127.0 / 30720.0) * xx4 * xx4;
	return result;
}

BAYES_FN double bayes_fact(int n)
{
	double f = 1.0;
	for (int i = 2; i <= n; i++) f *= (double)i;
	return f;
}

/* B_2, ..., B_16 (Abramowitz & Stegun 23.2), as bernoulli2j in lpdf.go. */
BAYES_DATA double bayes_bernoulli2j[8] = {1.0 / 6, -1.0 / 30, 1.0 / 42, -1.0 / 30, 5.0 / 66, -691.0 / 2730, 7.0 / 6, -3617.0 / 510};

/* polygamma (lpdf.go): ψ^(k)(x), k >= 1, by recurrence above 20 and the
   asymptotic series (Abramowitz & Stegun 6.4.11). */
BAYES_FN double bayes_polygamma(int k, double x)
{
	if (k < 1 || !(x > 0) || (isinf(x) && x > 0)) {
		if (isinf(x) && x > 0) return 0.0;
		return BAYES_NAN;
	}
	double sgn = k % 2 == 0 ? -1.0 : 1.0;
	double kf = bayes_fact(k);
	double acc = 0.0;
	while (x < 20) {
		acc += kf / pow(x, (double)(k + 1));
		x++;
	}
	double s = bayes_fact(k - 1) / pow(x, (double)k) + kf / (2 * pow(x, (double)(k + 1)));
	for (int j = 0; j < 8; j++) {
		int n = 2 * (j + 1);
		s += bayes_bernoulli2j[j] * bayes_fact(n + k - 1) / (bayes_fact(n) * pow(x, (double)(n + k)));
	}
	return sgn * (acc + s);
}

/* logSumExp2 (lower_ops.go): max + log1p(exp(-|a-b|)); -Inf when both are. */
BAYES_FN double bayes_log_sum_exp2(double a, double b)
{
	double m = bayes_max(a, b);
	if (isinf(m)) return m;
	return m + log1p(exp(-fabs(a - b)));
}

/* logSumExp (lower_ops.go): max + log Σ exp(x_i - max). */
BAYES_FN double bayes_log_sum_exp(const double *x, int n)
{
	double m = -BAYES_INF;
	for (int i = 0; i < n; i++) m = bayes_max(m, x[i]);
	if (isinf(m)) return m;
	double s = 0.0;
	for (int i = 0; i < n; i++) s += exp(x[i] - m);
	return m + log(s);
}

/* stirlingDiff (ops_math.go): lgamma(z) - Stirling's approximation, z >= 10
   (Abramowitz & Stegun 6.1.40). */
BAYES_FN double bayes_stirling_diff(double z)
{
	double w = 1 / (z * z);
	double s = 1.0 / 12;
	s += w * (-1.0 / 360 + w * (1.0 / 1260 + w * (-1.0 / 1680 + w * (1.0 / 1188 + w * (-691.0 / 360360 + w * (1.0 / 156))))));
	return s / z;
}

/* lbeta (ops_math.go): log B(a, b), Stan's algorithm for large arguments. */
BAYES_FN double bayes_lbeta(double a, double b)
{
	double x = bayes_min(a, b), y = bayes_max(a, b);
	if (isnan(a) || isnan(b) || x < 0) return BAYES_NAN;
	if (x == 0) return BAYES_INF;
	if (isinf(y) && y > 0) return -BAYES_INF;
	if (y < 10) return lgamma(x) + lgamma(y) - lgamma(x + y);
	double xy = x + y;
	if (x < 10)
		return lgamma(x) + (y - 0.5) * log1p(-x / xy) + x * (1 - log(xy)) +
		       bayes_stirling_diff(y) - bayes_stirling_diff(xy);
	return BAYES_HALF_LOG_2PI - 0.5 * log(y) + (x - 0.5) * log(x / xy) + y * log1p(-x / xy) +
	       bayes_stirling_diff(x) + bayes_stirling_diff(y) - bayes_stirling_diff(xy);
}

/* lchoose (ops_math.go): log C(n, k) = -log1p(n) - lbeta(n-k+1, k+1). */
BAYES_FN double bayes_lchoose(double n, double k)
{
	if (k == 0 || k == n) return 0.0;
	return -log1p(n) - bayes_lbeta(n - k + 1, k + 1);
}

/* xlogy (lpdf_more.go): x log y with 0 log 0 = 0. */
BAYES_FN double bayes_xlogy(double x, double y)
{
	if (x == 0 && y == 0) return 0.0;
	return x * log(y);
}

/* The densities of lpdf.go, with every constant (Stan's *_lpdf). */

BAYES_FN double bayes_normal_lpdf(double y, double mu, double sigma)
{
	double z = (y - mu) * (1 / sigma);
	return -0.5 * z * z - log(sigma) - BAYES_HALF_LOG_2PI;
}

BAYES_FN double bayes_normal_dmu(double y, double mu, double sigma)
{
	double inv = 1 / sigma;
	return (y - mu) * inv * inv;
}

BAYES_FN double bayes_normal_dsigma(double y, double mu, double sigma)
{
	double inv = 1 / sigma;
	double z = (y - mu) * inv;
	return (z * z - 1) * inv;
}

BAYES_FN double bayes_cauchy_lpdf(double y, double mu, double sigma)
{
	double z = (y - mu) / sigma;
	return -BAYES_LOG_PI - log(sigma) - log1p(z * z);
}

BAYES_FN double bayes_student_t_lpdf(double y, double nu, double mu, double sigma)
{
	double z = (y - mu) / sigma;
	return lgamma((nu + 1) / 2) - lgamma(nu / 2) - 0.5 * log(nu * M_PI) - log(sigma) -
	       (nu + 1) / 2 * log1p(z * z / nu);
}

BAYES_FN double bayes_lognormal_lpdf(double y, double mu, double sigma)
{
	if (y <= 0) return -BAYES_INF;
	double ly = log(y);
	double z = (ly - mu) / sigma;
	return -ly - log(sigma) - BAYES_HALF_LOG_2PI - 0.5 * z * z;
}

BAYES_FN double bayes_exponential_lpdf(double y, double beta)
{
	if (y < 0) return -BAYES_INF;
	return log(beta) - beta * y;
}

BAYES_FN double bayes_gamma_lpdf(double y, double a, double b)
{
	if (y < 0) return -BAYES_INF;
	return a * log(b) - lgamma(a) + (a - 1) * log(y) - b * y;
}

BAYES_FN double bayes_beta_lpdf(double y, double a, double b)
{
	if (y < 0 || y > 1) return -BAYES_INF;
	return (a - 1) * log(y) + (b - 1) * log1p(-y) - (lgamma(a) + lgamma(b) - lgamma(a + b));
}

BAYES_FN double bayes_bernoulli_logit_lpmf(double n, double theta)
{
	return n * theta - bayes_log1p_exp(theta);
}

BAYES_FN double bayes_poisson_log_lpmf(double n, double alpha)
{
	if (n == 0 && isinf(alpha) && alpha < 0) return 0.0;
	return n * alpha - exp(alpha) - lgamma(n + 1);
}

BAYES_FN double bayes_binomial_logit_lpmf(double n, double N, double alpha)
{
	double lchoose = lgamma(N + 1) - lgamma(n + 1) - lgamma(N - n + 1);
	return lchoose + n * bayes_log_inv_logit(alpha) + (N - n) * bayes_log1m_inv_logit(alpha);
}

/* The densities of lpdf_more.go. */

BAYES_FN double bayes_double_exponential_lpdf(double y, double mu, double sigma)
{
	return -BAYES_LN2 - log(sigma) - fabs(y - mu) / sigma;
}

BAYES_FN double bayes_logistic_lpdf(double y, double mu, double sigma)
{
	double z = (y - mu) / sigma;
	return -z - log(sigma) - 2 * bayes_log1p_exp(-z);
}

BAYES_FN double bayes_inv_gamma_lpdf(double y, double a, double b)
{
	if (y <= 0) return -BAYES_INF;
	return a * log(b) - lgamma(a) - (a + 1) * log(y) - b / y;
}

BAYES_FN double bayes_weibull_lpdf(double y, double alpha, double sigma)
{
	if (y < 0) return -BAYES_INF;
	return log(alpha) + (alpha - 1) * log(y) - alpha * log(sigma) - pow(y / sigma, alpha);
}

BAYES_FN double bayes_uniform_lpdf(double y, double lo, double hi)
{
	if (y < lo || y > hi) return -BAYES_INF;
	return -log(hi - lo);
}

BAYES_FN double bayes_chi_square_lpdf(double y, double nu)
{
	if (y < 0) return -BAYES_INF;
	double h = 0.5 * nu;
	return -h * BAYES_LN2 - lgamma(h) + (h - 1) * log(y) - 0.5 * y;
}

BAYES_FN double bayes_inv_chi_square_lpdf(double y, double nu)
{
	if (y <= 0) return -BAYES_INF;
	double h = 0.5 * nu;
	return -h * BAYES_LN2 - lgamma(h) - (h + 1) * log(y) - 0.5 / y;
}

BAYES_FN double bayes_scaled_inv_chi_square_lpdf(double y, double nu, double s)
{
	if (y <= 0) return -BAYES_INF;
	double h = 0.5 * nu;
	return h * log(h) - lgamma(h) + nu * log(s) - (h + 1) * log(y) - h * s * s / y;
}

BAYES_FN double bayes_gumbel_lpdf(double y, double mu, double beta)
{
	double z = (y - mu) / beta;
	return -log(beta) - z - exp(-z);
}

BAYES_FN double bayes_bernoulli_lpmf(double n, double theta)
{
	if (n == 1) return log(theta);
	if (n == 0) return log1p(-theta);
	return -BAYES_INF;
}

BAYES_FN double bayes_binomial_lpmf(double n, double N, double theta)
{
	if (n < 0 || n > N) return -BAYES_INF;
	double l1m = log1p(-theta);
	if (N - n == 0) l1m = 0;
	return bayes_lchoose(N, n) + bayes_xlogy(n, theta) + (N - n) * l1m;
}

BAYES_FN double bayes_beta_binomial_lpmf(double n, double N, double a, double b)
{
	if (n < 0 || n > N) return -BAYES_INF;
	return bayes_lchoose(N, n) + bayes_lbeta(n + a, N - n + b) - bayes_lbeta(a, b);
}

BAYES_FN double bayes_poisson_lpmf(double n, double lambda)
{
	if (n < 0) return -BAYES_INF;
	return bayes_xlogy(n, lambda) - lambda - lgamma(n + 1);
}

BAYES_FN double bayes_neg_binomial_lpmf(double n, double alpha, double beta)
{
	if (n < 0) return -BAYES_INF;
	return bayes_lchoose(n + alpha - 1, n) + alpha * log(beta) - (alpha + n) * log1p(beta);
}

BAYES_FN double bayes_neg_binomial_2_lpmf(double n, double mu, double phi)
{
	if (n < 0) return -BAYES_INF;
	return bayes_lchoose(n + phi - 1, n) + bayes_xlogy(n, mu) - phi * log1p(mu / phi) - n * log(mu + phi);
}

BAYES_FN double bayes_neg_binomial_2_log_lpmf(double n, double eta, double phi)
{
	if (n < 0) return -BAYES_INF;
	double lphi = log(phi);
	return bayes_lchoose(n + phi - 1, n) + n * eta - n * lphi - (n + phi) * bayes_log1p_exp(eta - lphi);
}

/* The group of the cooperative entry points (P log_density_grad_coop,
   compiler/emit_coop.go): BAYES_TID is this thread's number in 0..NT-1,
   BAYES_NT the group's size, BAYES_SYNC() a barrier over the group that
   also orders memory. The including code defines them before the emitted
   code; the defaults are a group of one thread. */
#ifndef BAYES_TID
#define BAYES_TID 0
#endif
#ifndef BAYES_NT
#define BAYES_NT 1
#endif
#ifndef BAYES_SYNC
#define BAYES_SYNC() ((void)0)
#endif

/* BAYES_COOP_SUM(partial, red) returns the sum of every thread's partial
   to every thread, the same bits in all of them, and leaves red free for
   the next use on return (red holds at least NT doubles, shared by the
   group). The emitted code relies on nothing else of it. The generic
   default below adds red[0..NT-1] in index order in every thread, so
   that the total is also the same from run to run; a backend may define a
   faster one (a block reduction in shared memory) with the same
   contract. */
#ifndef BAYES_COOP_SUM
#define BAYES_COOP_SUM(partial, red) bayes_coop_sum((partial), (red))
BAYES_FN double bayes_coop_sum(double partial, double *red)
{
	red[BAYES_TID] = partial;
	BAYES_SYNC();
	double s = 0.0;
	for (int t = 0; t < BAYES_NT; t++) s += red[t];
	BAYES_SYNC();
	return s;
}
#endif
