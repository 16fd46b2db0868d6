/* The prelude of bayes' emitted C (compiler/emit_c.go): the helpers that the
   op table's C templates call (compiler/ops.go, C field). Each is a
   line-by-line port of the Go function that the CPU kernel runs, named in
   its comment, with the same operations in the same order, so that C and Go
   differ only where libm and Go's math package round differently (about one
   ulp per call). Device-neutral: BAYES_FN is static in C and __device__ in
   CUDA, and the only calls are math.h functions that CUDA also provides.

   The arithmetic is in bayes_real: double, or float where the including
   code defines BAYES_FLOAT32 (COptions.Float32 writes the #define before
   the prelude). BAYES_R(0.5) is a literal of that type (0.5 or 0.5f) and
   BAYES_M(exp) the math.h function of that type (exp or expf), named
   explicitly rather than through <tgmath.h>, so that cc and NVRTC call the
   same functions and no float expression is promoted to double (checked
   with gcc -Wdouble-promotion -Werror, TestEmitCFloat32NoDoublePromotion).
   Every algorithm below is correct in float as written (its constants are
   rounded to float by the compiler, its cut-offs are accuracy-neutral:
   the series are accurate to double at their switch points, more than
   float needs) except bayes_polygamma, which stays in double: its
   factorials and powers overflow float's range (16! * 20^(16+k) > 3.4e38
   for k >= 4). */

#ifdef BAYES_FLOAT32
typedef float bayes_real;
#define BAYES_R(x) x##f
#define BAYES_M(fn) fn##f
#else
typedef double bayes_real;
#define BAYES_R(x) x
#define BAYES_M(fn) fn
#endif

#ifdef __CUDACC__
#define BAYES_FN static __device__
#define BAYES_DATA static __device__ const
#define BAYES_GLOBAL __device__
#ifdef BAYES_FLOAT32
#define BAYES_INF __int_as_float(0x7f800000)
#define BAYES_NAN __int_as_float(0x7fc00000)
#else
#define BAYES_INF __longlong_as_double(0x7ff0000000000000LL)
#define BAYES_NAN __longlong_as_double(0x7ff8000000000000LL)
#endif
#else
#include <math.h>
#if defined(__GNUC__)
#define BAYES_FN static __attribute__((unused))
#else
#define BAYES_FN static
#endif
#define BAYES_DATA static const
#define BAYES_GLOBAL static
#define BAYES_INF ((bayes_real)INFINITY)
#define BAYES_NAN ((bayes_real)NAN)
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

/* The constants of compiler/lpdf.go and ops_math.go, to the same digits,
   in bayes_real (rounded to nearest by the compiler in float). */
#define BAYES_HALF_LOG_2PI BAYES_R(0.91893853320467274178032973640561763986139747363778)
#define BAYES_LOG_PI BAYES_R(1.14472988584940017414342735135305871164729481291531)
#define BAYES_LN2 BAYES_R(0.69314718055994530941723212145817656807550013436026)
#define BAYES_PI ((bayes_real)M_PI)

/* bayes_max and bayes_min are Go's math.Max and math.Min: NaN wins, +Inf
   (-Inf) wins, and max(+0, -0) = +0. C's fmax would drop a NaN. */
BAYES_FN bayes_real bayes_max(bayes_real a, bayes_real b)
{
	if ((isinf(a) && a > 0) || (isinf(b) && b > 0)) return BAYES_INF;
	if (isnan(a) || isnan(b)) return BAYES_NAN;
	if (a == 0 && a == b) return signbit(a) ? b : a;
	return a > b ? a : b;
}

BAYES_FN bayes_real bayes_min(bayes_real a, bayes_real b)
{
	if ((isinf(a) && a < 0) || (isinf(b) && b < 0)) return -BAYES_INF;
	if (isnan(a) || isnan(b)) return BAYES_NAN;
	if (a == 0 && a == b) return signbit(a) ? a : b;
	return a < b ? a : b;
}

/* lgamma (lpdf.go) is Go's math.Lgamma, which differs from C's lgamma only
   at -Inf: Go gives -Inf (log|Γ(x)| falls without bound along non-integer
   x), C99 +Inf. The macro makes every lgamma below, and the templates'
   lgamma($0) (lgammaf($0) in float), Go's. */
BAYES_FN bayes_real bayes_lgamma(bayes_real x)
{
	if (isinf(x) && x < 0) return -BAYES_INF;
	return BAYES_M(lgamma)(x);
}
#ifdef BAYES_FLOAT32
#define lgammaf(x) bayes_lgamma(x)
#else
#define lgamma(x) bayes_lgamma(x)
#endif

/* sign (lpdf.go): ±0 and NaN unchanged. */
BAYES_FN bayes_real bayes_sign(bayes_real x)
{
	if (x > 0) return BAYES_R(1.0);
	if (x < 0) return -BAYES_R(1.0);
	return x;
}

/* invLogit (lpdf.go): 1/(1+exp(-x)), neither tail overflows. */
BAYES_FN bayes_real bayes_inv_logit(bayes_real x)
{
	if (x >= 0) return BAYES_R(1.0) / (BAYES_R(1.0) + BAYES_M(exp)(-x));
	bayes_real e = BAYES_M(exp)(x);
	return e / (BAYES_R(1.0) + e);
}

/* log1pExp (lpdf.go): log(1+exp(x)) (Mächler 2012, eq. 10). */
BAYES_FN bayes_real bayes_log1p_exp(bayes_real x)
{
	if (x > 0) return x + BAYES_M(log1p)(BAYES_M(exp)(-x));
	return BAYES_M(log1p)(BAYES_M(exp)(x));
}

BAYES_FN bayes_real bayes_log_inv_logit(bayes_real x) { return -bayes_log1p_exp(-x); }
BAYES_FN bayes_real bayes_log1m_inv_logit(bayes_real x) { return -bayes_log1p_exp(x); }

/* gonum mathext.Digamma: reflection for x < 0, recurrence up to 7, then the
   asymptotic series (DLMF 5.5.4, 5.5.2, 5.11.2). */
BAYES_FN bayes_real bayes_digamma(bayes_real x)
{
	bayes_real result = BAYES_R(0.0);
	if (isnan(x) || (isinf(x) && x > 0)) return x;
	if (isinf(x)) return BAYES_NAN;
	if (x == 0) return BAYES_M(copysign)(BAYES_INF, -x);
	if (x < 0) {
		bayes_real ip;
		if (x == BAYES_M(floor)(x)) return BAYES_NAN;
		bayes_real r = BAYES_M(modf)(x, &ip);
		result = -BAYES_PI / BAYES_M(tan)(BAYES_PI * r);
		x = 1 - x;
	}
	for (; x < 7; x++) result -= 1 / x;
	x -= BAYES_R(0.5);
	bayes_real xx = 1 / x;
	bayes_real xx2 = xx * xx;
	bayes_real xx4 = xx2 * xx2;
	result += BAYES_M(log)(x) + (BAYES_R(1.0) / BAYES_R(24.0)) * xx2 - (BAYES_R(7.0) / BAYES_R(960.0)) * xx4 + (BAYES_R(31.0) / BAYES_R(8064.0)) * xx4 * xx2 - (BAYES_R(127.0) / BAYES_R(30720.0)) * xx4 * xx4;
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
   asymptotic series (Abramowitz & Stegun 6.4.11); in double in either
   precision (the factorials overflow float). */
BAYES_FN bayes_real bayes_polygamma(int k, bayes_real xr)
{
	double x = (double)xr;
	if (k < 1 || !(x > 0) || (isinf(x) && x > 0)) {
		if (isinf(x) && x > 0) return BAYES_R(0.0);
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
	return (bayes_real)(sgn * (acc + s));
}

/* logSumExp2 (lower_ops.go): max + log1p(exp(-|a-b|)); -Inf when both are. */
BAYES_FN bayes_real bayes_log_sum_exp2(bayes_real a, bayes_real b)
{
	bayes_real m = bayes_max(a, b);
	if (isinf(m)) return m;
	return m + BAYES_M(log1p)(BAYES_M(exp)(-BAYES_M(fabs)(a - b)));
}

/* logSumExp (lower_ops.go): max + log Σ exp(x_i - max). */
BAYES_FN bayes_real bayes_log_sum_exp(const bayes_real *x, int n)
{
	bayes_real m = -BAYES_INF;
	for (int i = 0; i < n; i++) m = bayes_max(m, x[i]);
	if (isinf(m)) return m;
	bayes_real s = BAYES_R(0.0);
	for (int i = 0; i < n; i++) s += BAYES_M(exp)(x[i] - m);
	return m + BAYES_M(log)(s);
}

/* stirlingDiff (ops_math.go): lgamma(z) - Stirling's approximation, z >= 10
   (Abramowitz & Stegun 6.1.40). */
BAYES_FN bayes_real bayes_stirling_diff(bayes_real z)
{
	bayes_real w = 1 / (z * z);
	bayes_real s = BAYES_R(1.0) / 12;
	s += w * (-BAYES_R(1.0) / 360 + w * (BAYES_R(1.0) / 1260 + w * (-BAYES_R(1.0) / 1680 + w * (BAYES_R(1.0) / 1188 + w * (-BAYES_R(691.0) / 360360 + w * (BAYES_R(1.0) / 156))))));
	return s / z;
}

/* lbeta (ops_math.go): log B(a, b), Stan's algorithm for large arguments. */
BAYES_FN bayes_real bayes_lbeta(bayes_real a, bayes_real b)
{
	bayes_real x = bayes_min(a, b), y = bayes_max(a, b);
	if (isnan(a) || isnan(b) || x < 0) return BAYES_NAN;
	if (x == 0) return BAYES_INF;
	if (isinf(y) && y > 0) return -BAYES_INF;
	if (y < 10) return BAYES_M(lgamma)(x) + BAYES_M(lgamma)(y) - BAYES_M(lgamma)(x + y);
	bayes_real xy = x + y;
	if (x < 10)
		return BAYES_M(lgamma)(x) + (y - BAYES_R(0.5)) * BAYES_M(log1p)(-x / xy) + x * (1 - BAYES_M(log)(xy)) +
		       bayes_stirling_diff(y) - bayes_stirling_diff(xy);
	return BAYES_HALF_LOG_2PI - BAYES_R(0.5) * BAYES_M(log)(y) + (x - BAYES_R(0.5)) * BAYES_M(log)(x / xy) + y * BAYES_M(log1p)(-x / xy) +
	       bayes_stirling_diff(x) + bayes_stirling_diff(y) - bayes_stirling_diff(xy);
}

/* lchoose (ops_math.go): log C(n, k) = -log1p(n) - lbeta(n-k+1, k+1). */
BAYES_FN bayes_real bayes_lchoose(bayes_real n, bayes_real k)
{
	if (k == 0 || k == n) return BAYES_R(0.0);
	return -BAYES_M(log1p)(n) - bayes_lbeta(n - k + 1, k + 1);
}

/* xlogy (lpdf_more.go): x log y with 0 log 0 = 0. */
BAYES_FN bayes_real bayes_xlogy(bayes_real x, bayes_real y)
{
	if (x == 0 && y == 0) return BAYES_R(0.0);
	return x * BAYES_M(log)(y);
}

/* The densities of lpdf.go, with every constant (Stan's *_lpdf). */

BAYES_FN bayes_real bayes_normal_lpdf(bayes_real y, bayes_real mu, bayes_real sigma)
{
	bayes_real z = (y - mu) * (1 / sigma);
	return -BAYES_R(0.5) * z * z - BAYES_M(log)(sigma) - BAYES_HALF_LOG_2PI;
}

BAYES_FN bayes_real bayes_normal_dmu(bayes_real y, bayes_real mu, bayes_real sigma)
{
	bayes_real inv = 1 / sigma;
	return (y - mu) * inv * inv;
}

BAYES_FN bayes_real bayes_normal_dsigma(bayes_real y, bayes_real mu, bayes_real sigma)
{
	bayes_real inv = 1 / sigma;
	bayes_real z = (y - mu) * inv;
	return (z * z - 1) * inv;
}

BAYES_FN bayes_real bayes_cauchy_lpdf(bayes_real y, bayes_real mu, bayes_real sigma)
{
	bayes_real z = (y - mu) / sigma;
	return -BAYES_LOG_PI - BAYES_M(log)(sigma) - BAYES_M(log1p)(z * z);
}

BAYES_FN bayes_real bayes_student_t_lpdf(bayes_real y, bayes_real nu, bayes_real mu, bayes_real sigma)
{
	bayes_real z = (y - mu) / sigma;
	return BAYES_M(lgamma)((nu + 1) / 2) - BAYES_M(lgamma)(nu / 2) - BAYES_R(0.5) * BAYES_M(log)(nu * BAYES_PI) - BAYES_M(log)(sigma) -
	       (nu + 1) / 2 * BAYES_M(log1p)(z * z / nu);
}

BAYES_FN bayes_real bayes_lognormal_lpdf(bayes_real y, bayes_real mu, bayes_real sigma)
{
	if (y <= 0) return -BAYES_INF;
	bayes_real ly = BAYES_M(log)(y);
	bayes_real z = (ly - mu) / sigma;
	return -ly - BAYES_M(log)(sigma) - BAYES_HALF_LOG_2PI - BAYES_R(0.5) * z * z;
}

BAYES_FN bayes_real bayes_exponential_lpdf(bayes_real y, bayes_real beta)
{
	if (y < 0) return -BAYES_INF;
	return BAYES_M(log)(beta) - beta * y;
}

BAYES_FN bayes_real bayes_gamma_lpdf(bayes_real y, bayes_real a, bayes_real b)
{
	if (y < 0) return -BAYES_INF;
	return a * BAYES_M(log)(b) - BAYES_M(lgamma)(a) + (a - 1) * BAYES_M(log)(y) - b * y;
}

BAYES_FN bayes_real bayes_beta_lpdf(bayes_real y, bayes_real a, bayes_real b)
{
	if (y < 0 || y > 1) return -BAYES_INF;
	return (a - 1) * BAYES_M(log)(y) + (b - 1) * BAYES_M(log1p)(-y) - (BAYES_M(lgamma)(a) + BAYES_M(lgamma)(b) - BAYES_M(lgamma)(a + b));
}

BAYES_FN bayes_real bayes_bernoulli_logit_lpmf(bayes_real n, bayes_real theta)
{
	return n * theta - bayes_log1p_exp(theta);
}

BAYES_FN bayes_real bayes_poisson_log_lpmf(bayes_real n, bayes_real alpha)
{
	if (n == 0 && isinf(alpha) && alpha < 0) return BAYES_R(0.0);
	return n * alpha - BAYES_M(exp)(alpha) - BAYES_M(lgamma)(n + 1);
}

BAYES_FN bayes_real bayes_binomial_logit_lpmf(bayes_real n, bayes_real N, bayes_real alpha)
{
	bayes_real lchoose = BAYES_M(lgamma)(N + 1) - BAYES_M(lgamma)(n + 1) - BAYES_M(lgamma)(N - n + 1);
	return lchoose + n * bayes_log_inv_logit(alpha) + (N - n) * bayes_log1m_inv_logit(alpha);
}

/* The densities of lpdf_more.go. */

BAYES_FN bayes_real bayes_double_exponential_lpdf(bayes_real y, bayes_real mu, bayes_real sigma)
{
	return -BAYES_LN2 - BAYES_M(log)(sigma) - BAYES_M(fabs)(y - mu) / sigma;
}

BAYES_FN bayes_real bayes_logistic_lpdf(bayes_real y, bayes_real mu, bayes_real sigma)
{
	bayes_real z = (y - mu) / sigma;
	return -z - BAYES_M(log)(sigma) - 2 * bayes_log1p_exp(-z);
}

BAYES_FN bayes_real bayes_inv_gamma_lpdf(bayes_real y, bayes_real a, bayes_real b)
{
	if (y <= 0) return -BAYES_INF;
	return a * BAYES_M(log)(b) - BAYES_M(lgamma)(a) - (a + 1) * BAYES_M(log)(y) - b / y;
}

BAYES_FN bayes_real bayes_weibull_lpdf(bayes_real y, bayes_real alpha, bayes_real sigma)
{
	if (y < 0) return -BAYES_INF;
	return BAYES_M(log)(alpha) + (alpha - 1) * BAYES_M(log)(y) - alpha * BAYES_M(log)(sigma) - BAYES_M(pow)(y / sigma, alpha);
}

BAYES_FN bayes_real bayes_uniform_lpdf(bayes_real y, bayes_real lo, bayes_real hi)
{
	if (y < lo || y > hi) return -BAYES_INF;
	return -BAYES_M(log)(hi - lo);
}

BAYES_FN bayes_real bayes_chi_square_lpdf(bayes_real y, bayes_real nu)
{
	if (y < 0) return -BAYES_INF;
	bayes_real h = BAYES_R(0.5) * nu;
	return -h * BAYES_LN2 - BAYES_M(lgamma)(h) + (h - 1) * BAYES_M(log)(y) - BAYES_R(0.5) * y;
}

BAYES_FN bayes_real bayes_inv_chi_square_lpdf(bayes_real y, bayes_real nu)
{
	if (y <= 0) return -BAYES_INF;
	bayes_real h = BAYES_R(0.5) * nu;
	return -h * BAYES_LN2 - BAYES_M(lgamma)(h) - (h + 1) * BAYES_M(log)(y) - BAYES_R(0.5) / y;
}

BAYES_FN bayes_real bayes_scaled_inv_chi_square_lpdf(bayes_real y, bayes_real nu, bayes_real s)
{
	if (y <= 0) return -BAYES_INF;
	bayes_real h = BAYES_R(0.5) * nu;
	return h * BAYES_M(log)(h) - BAYES_M(lgamma)(h) + nu * BAYES_M(log)(s) - (h + 1) * BAYES_M(log)(y) - h * s * s / y;
}

BAYES_FN bayes_real bayes_gumbel_lpdf(bayes_real y, bayes_real mu, bayes_real beta)
{
	bayes_real z = (y - mu) / beta;
	return -BAYES_M(log)(beta) - z - BAYES_M(exp)(-z);
}

BAYES_FN bayes_real bayes_bernoulli_lpmf(bayes_real n, bayes_real theta)
{
	if (n == 1) return BAYES_M(log)(theta);
	if (n == 0) return BAYES_M(log1p)(-theta);
	return -BAYES_INF;
}

BAYES_FN bayes_real bayes_binomial_lpmf(bayes_real n, bayes_real N, bayes_real theta)
{
	if (n < 0 || n > N) return -BAYES_INF;
	bayes_real l1m = BAYES_M(log1p)(-theta);
	if (N - n == 0) l1m = 0;
	return bayes_lchoose(N, n) + bayes_xlogy(n, theta) + (N - n) * l1m;
}

BAYES_FN bayes_real bayes_beta_binomial_lpmf(bayes_real n, bayes_real N, bayes_real a, bayes_real b)
{
	if (n < 0 || n > N) return -BAYES_INF;
	return bayes_lchoose(N, n) + bayes_lbeta(n + a, N - n + b) - bayes_lbeta(a, b);
}

BAYES_FN bayes_real bayes_poisson_lpmf(bayes_real n, bayes_real lambda)
{
	if (n < 0) return -BAYES_INF;
	return bayes_xlogy(n, lambda) - lambda - BAYES_M(lgamma)(n + 1);
}

BAYES_FN bayes_real bayes_neg_binomial_lpmf(bayes_real n, bayes_real alpha, bayes_real beta)
{
	if (n < 0) return -BAYES_INF;
	return bayes_lchoose(n + alpha - 1, n) + alpha * BAYES_M(log)(beta) - (alpha + n) * BAYES_M(log1p)(beta);
}

BAYES_FN bayes_real bayes_neg_binomial_2_lpmf(bayes_real n, bayes_real mu, bayes_real phi)
{
	if (n < 0) return -BAYES_INF;
	return bayes_lchoose(n + phi - 1, n) + bayes_xlogy(n, mu) - phi * BAYES_M(log1p)(mu / phi) - n * BAYES_M(log)(mu + phi);
}

BAYES_FN bayes_real bayes_neg_binomial_2_log_lpmf(bayes_real n, bayes_real eta, bayes_real phi)
{
	if (n < 0) return -BAYES_INF;
	bayes_real lphi = BAYES_M(log)(phi);
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
   the next use on return (red holds at least NT bayes_real, shared by the
   group). The emitted code relies on nothing else of it. The generic
   default below adds red[0..NT-1] in index order in every thread, so
   that the total is also the same from run to run; a backend may define a
   faster one (a block reduction in shared memory) with the same
   contract. */
#ifndef BAYES_COOP_SUM
#define BAYES_COOP_SUM(partial, red) bayes_coop_sum((partial), (red))
BAYES_FN bayes_real bayes_coop_sum(bayes_real partial, bayes_real *red)
{
	red[BAYES_TID] = partial;
	BAYES_SYNC();
	bayes_real s = BAYES_R(0.0);
	for (int t = 0; t < BAYES_NT; t++) s += red[t];
	BAYES_SYNC();
	return s;
}
#endif
