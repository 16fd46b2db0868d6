package loo

import "math"

// gpdFit estimates the shape k and scale sigma of a generalized Pareto
// distribution with location 0 from the ascending draws x, by the
// empirical Bayes method of Zhang and Stephens (2009, "A new and efficient
// estimation method for the generalized Pareto distribution",
// Technometrics 51), with the weakly informative prior of Vehtari et al.
// (2024, appendix C) that shrinks k towards 0.5 as if from 10 more draws,
// as loo's gpdfit does (wip = TRUE, min_grid_pts = 30).
//
// The fit is over θ, with k = mean(log1p(-θ x_i)) and sigma = -k/θ: the
// profile likelihood of θ is evaluated on a grid of M = 30 + floor(sqrt(n))
// points set by the largest draw and the first quartile, and θ is
// estimated by its posterior mean on the grid. A fit that fails (NaN)
// gives k = +Inf.
func gpdFit(x []float64) (k, sigma float64) {
	const prior, minGrid = 3, 30
	n := len(x)
	m := minGrid + int(math.Floor(math.Sqrt(float64(n))))
	xstar := x[int(math.Floor(float64(n)/4+0.5))-1] // first quartile (1-based index)
	theta := make([]float64, m)
	l := make([]float64, m)
	for j := range theta {
		theta[j] = 1/x[n-1] + (1-math.Sqrt(float64(m)/(float64(j+1)-0.5)))/prior/xstar
		l[j] = float64(n) * profileLogLik(theta[j], x)
	}
	norm := logSumExp(l)
	var thetaHat float64
	for j, t := range theta {
		thetaHat += t * math.Exp(l[j]-norm)
	}
	for _, v := range x {
		k += math.Log1p(-thetaHat * v)
	}
	k /= float64(n)
	sigma = -k / thetaHat
	// The prior: k n/(n+a) + 0.5 a/(n+a), a = 10 (loo's adjust_k_wip).
	const a = 10
	k = k*float64(n)/float64(n+a) + a*0.5/float64(n+a)
	if math.IsNaN(k) {
		k = math.Inf(1)
	}
	return k, sigma
}

// profileLogLik is the generalized Pareto log-likelihood per draw at θ
// with k profiled out (Zhang and Stephens 2009, section 3): with b = -θ
// and k̂ = mean(log1p(b x_i)), log(b/k̂) - k̂ - 1.
func profileLogLik(theta float64, x []float64) float64 {
	b := -theta
	var kh float64
	for _, v := range x {
		kh += math.Log1p(b * v)
	}
	kh /= float64(len(x))
	return math.Log(b/kh) - kh - 1
}

// gpdQuantile is the p quantile of the generalized Pareto distribution with
// location 0, shape k and scale sigma: sigma ((1-p)^-k - 1)/k, written
// sigma expm1(-k log1p(-p))/k to keep its digits for small k p. A scale
// that is not positive gives NaN.
func gpdQuantile(p, k, sigma float64) float64 {
	if math.IsNaN(sigma) || sigma <= 0 {
		return math.NaN()
	}
	return sigma * math.Expm1(-k*math.Log1p(-p)) / k
}

// logSumExp is log Σ exp(x_i), computed as max + log Σ exp(x_i - max) so
// that nothing overflows. An empty x gives -Inf; a NaN gives NaN.
func logSumExp(x []float64) float64 {
	mx := math.Inf(-1)
	for _, v := range x {
		if math.IsNaN(v) {
			return math.NaN()
		}
		mx = max(mx, v)
	}
	if math.IsInf(mx, 0) {
		return mx
	}
	var s float64
	for _, v := range x {
		s += math.Exp(v - mx)
	}
	return mx + math.Log(s)
}
