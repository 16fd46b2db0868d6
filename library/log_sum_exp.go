package library

import "math"

// LogSumExp2 is log(exp(a) + exp(b)) = max(a, b) + log1p(exp(-|a - b|));
// -Inf when both are -Inf.
func LogSumExp2(a, b float64) float64 {
	m := math.Max(a, b)
	if math.IsInf(m, 0) {
		return m
	}
	return m + math.Log1p(math.Exp(-math.Abs(a-b)))
}

// LogSumExp is log Σ exp(x_i) = max + log Σ exp(x_i - max), Stan's
// log_sum_exp; -Inf for no elements.
func LogSumExp(x []float64) float64 {
	m := math.Inf(-1)
	for _, v := range x {
		m = math.Max(m, v)
	}
	if math.IsInf(m, 0) {
		return m
	}
	s := 0.0
	for _, v := range x {
		s += math.Exp(v - m)
	}
	return m + math.Log(s)
}

// LseShiftSpan is how far above the first element x_0 of a log-sum-exp's
// vector the others may lie for x_0 to be its shift (LseShift): then
// every exp(x_i - x_0) is at most e^64 and the sum cannot overflow, and
// the value c + log Σ exp(x_i - c) loses at most the bits of a logarithm
// below 64 + log N to cancellation.
const LseShiftSpan = 64

// LseShift is the shift c of a stable log-sum-exp, log Σ exp(x_i) =
// c + log Σ exp(x_i - c): x_0 when it is finite and no element lies more
// than LseShiftSpan above it; otherwise max x_i, or 0 when that is ±Inf
// (x holds +Inf, or only -Inf, or nothing), so that x_i - c is never
// Inf - Inf. NaN elements are skipped (their exponentials carry them to
// the result). The value does not depend on c; x_0 rather than the max is
// what lets the kernel take the shift without a pass of its own: it
// checks x_i - x_0 <= LseShiftSpan in the loop of the exponentials and
// only on failure takes the max (compiler/kernel, loopExpSubShift). As
// fl(max - x_0) = max_i fl(x_i - x_0), the two decide alike.
func LseShift(x []float64) float64 {
	m := lseMax(x)
	if len(x) > 0 && isFinite(x[0]) && !(m-x[0] > LseShiftSpan) {
		return x[0]
	}
	return finiteOrZero(m)
}

// LseMaxShift is the shift LseShift falls back to: max x_i, or 0 when
// that is ±Inf.
func LseMaxShift(x []float64) float64 { return finiteOrZero(lseMax(x)) }

func finiteOrZero(m float64) float64 {
	if math.IsInf(m, 0) {
		return 0
	}
	return m
}

func isFinite(v float64) bool { return !math.IsInf(v, 0) && !math.IsNaN(v) }

// lseMax is max x_i, skipping NaN; -Inf for none. Four running maxima
// break the chain of compares (about 1.6x faster at 500 elements); the
// max does not depend on the order it is taken in.
func lseMax(x []float64) float64 {
	m0, m1, m2, m3 := math.Inf(-1), math.Inf(-1), math.Inf(-1), math.Inf(-1)
	i := 0
	for ; i+4 <= len(x); i += 4 {
		if x[i] > m0 {
			m0 = x[i]
		}
		if x[i+1] > m1 {
			m1 = x[i+1]
		}
		if x[i+2] > m2 {
			m2 = x[i+2]
		}
		if x[i+3] > m3 {
			m3 = x[i+3]
		}
	}
	for ; i < len(x); i++ {
		if x[i] > m0 {
			m0 = x[i]
		}
	}
	return math.Max(math.Max(m0, m1), math.Max(m2, m3))
}

func init() {
	registerC("log_sum_exp", `
/* LogSumExp2 (library/log_sum_exp.go): max + log1p(exp(-|a-b|)); -Inf when both are. */
BAYES_FN bayes_real bayes_log_sum_exp2(bayes_real a, bayes_real b)
{
	bayes_real m = bayes_max(a, b);
	if (isinf(m)) return m;
	return m + BAYES_M(log1p)(BAYES_M(exp)(-BAYES_M(fabs)(a - b)));
}

/* LogSumExp (library/log_sum_exp.go): max + log Σ exp(x_i - max). */
BAYES_FN bayes_real bayes_log_sum_exp(const bayes_real *x, int n)
{
	bayes_real m = -BAYES_INF;
	for (int i = 0; i < n; i++) m = bayes_max(m, x[i]);
	if (isinf(m)) return m;
	bayes_real s = BAYES_R(0.0);
	for (int i = 0; i < n; i++) s += BAYES_M(exp)(x[i] - m);
	return m + BAYES_M(log)(s);
}

/* LseShift (library/log_sum_exp.go): x_0 when finite and no x_i lies more
   than LseShiftSpan (64) above it, else max x_i, or 0 when that is ±Inf. */
BAYES_FN bayes_real bayes_lse_shift(const bayes_real *x, int n)
{
	bayes_real m = -BAYES_INF;
	for (int i = 0; i < n; i++) if (x[i] > m) m = x[i];
	if (n > 0 && !isnan(x[0]) && !isinf(x[0]) && !(m - x[0] > BAYES_R(64.0))) return x[0];
	return isinf(m) ? BAYES_R(0.0) : m;
}`)
}
