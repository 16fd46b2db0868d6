package library

// bayes_max and bayes_min are Go's math.Max and math.Min in C, which the
// other bodies use where the Go function calls math.Max or math.Min.
func init() {
	registerC("max_min", `
/* bayes_max and bayes_min are Go's math.Max and math.Min (library/max_min.go):
   NaN wins, +Inf (-Inf) wins, and max(+0, -0) = +0. C's fmax would drop a NaN. */
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
}`)
}
