package compiler

import "math"

// The fused elementwise log densities added for breadth: values (one
// element) and partial derivatives as IR, in the style of lpdf.go. Each is
// Stan's *_lpdf/_lpmf with every constant (Stan Functions Reference, the
// distribution's "Probability density function" or "Probability mass
// function"); the summands that `~` drops are listed next to each family in
// breadthDists (calls_breadth.go). Arguments are in Stan's order (y | ...);
// integer outcomes and trial counts are Discrete (no adjoint). Out of
// support outcomes give -Inf, invalid parameters NaN (or -Inf), as in lpdf.go.

// doubleExponentialLpdf: -log 2 - log σ - |y-μ|/σ.
func doubleExponentialLpdf(y, mu, sigma, _ float64, _ int) float64 {
	return -ln2 - math.Log(sigma) - math.Abs(y-mu)/sigma
}

// logisticLpdf: with z = (y-μ)/σ, -z - log σ - 2 log1p(exp(-z)), the last
// term as log1p_exp so that neither tail overflows.
func logisticLpdf(y, mu, sigma, _ float64, _ int) float64 {
	z := (y - mu) / sigma
	return -z - math.Log(sigma) - 2*log1pExp(-z)
}

// invGammaLpdf (shape α, scale β): α log β - lgamma(α) - (α+1) log y - β/y, y > 0.
func invGammaLpdf(y, a, b, _ float64, _ int) float64 {
	if y <= 0 {
		return math.Inf(-1)
	}
	return a*math.Log(b) - lgamma(a) - (a+1)*math.Log(y) - b/y
}

// weibullLpdf (shape α, scale σ): log α + (α-1) log y - α log σ - (y/σ)^α, y >= 0.
func weibullLpdf(y, alpha, sigma, _ float64, _ int) float64 {
	if y < 0 {
		return math.Inf(-1)
	}
	return math.Log(alpha) + (alpha-1)*math.Log(y) - alpha*math.Log(sigma) - math.Pow(y/sigma, alpha)
}

// uniformLpdf: -log(β - α) for α <= y <= β, else -Inf.
func uniformLpdf(y, lo, hi, _ float64, _ int) float64 {
	if y < lo || y > hi {
		return math.Inf(-1)
	}
	return -math.Log(hi - lo)
}

// chiSquareLpdf: -(ν/2) log 2 - lgamma(ν/2) + (ν/2-1) log y - y/2, y >= 0.
func chiSquareLpdf(y, nu, _, _ float64, _ int) float64 {
	if y < 0 {
		return math.Inf(-1)
	}
	h := 0.5 * nu
	return -h*ln2 - lgamma(h) + (h-1)*math.Log(y) - 0.5*y
}

// invChiSquareLpdf: -(ν/2) log 2 - lgamma(ν/2) - (ν/2+1) log y - 1/(2y), y > 0.
func invChiSquareLpdf(y, nu, _, _ float64, _ int) float64 {
	if y <= 0 {
		return math.Inf(-1)
	}
	h := 0.5 * nu
	return -h*ln2 - lgamma(h) - (h+1)*math.Log(y) - 0.5/y
}

// scaledInvChiSquareLpdf: (ν/2) log(ν/2) - lgamma(ν/2) + ν log s
// - (ν/2+1) log y - ν s²/(2y), y > 0.
func scaledInvChiSquareLpdf(y, nu, s, _ float64, _ int) float64 {
	if y <= 0 {
		return math.Inf(-1)
	}
	h := 0.5 * nu
	return h*math.Log(h) - lgamma(h) + nu*math.Log(s) - (h+1)*math.Log(y) - h*s*s/y
}

// gumbelLpdf: with z = (y-μ)/β, -log β - z - exp(-z).
func gumbelLpdf(y, mu, beta, _ float64, _ int) float64 {
	z := (y - mu) / beta
	return -math.Log(beta) - z - math.Exp(-z)
}

// bernoulliLpmf: log θ for n = 1, log1p(-θ) for n = 0 (never 0·log 0).
func bernoulliLpmf(n, theta, _, _ float64, _ int) float64 {
	switch n {
	case 1:
		return math.Log(theta)
	case 0:
		return math.Log1p(-theta)
	}
	return math.Inf(-1)
}

// xlogy is x log y with 0 log 0 = 0 (Stan's multiply_log).
func xlogy(x, y float64) float64 {
	if x == 0 && y == 0 {
		return 0
	}
	return x * math.Log(y)
}

// binomialLpmf: lchoose(N, n) + n log θ + (N-n) log1p(-θ), with 0 log 0 = 0
// at θ = 0 or 1 as in Stan.
func binomialLpmf(n, N, theta, _ float64, _ int) float64 {
	if n < 0 || n > N {
		return math.Inf(-1)
	}
	l1m := math.Log1p(-theta)
	if N-n == 0 {
		l1m = 0
	}
	return lchoose(N, n) + xlogy(n, theta) + (N-n)*l1m
}

// betaBinomialLpmf: lchoose(N, n) + lbeta(n+α, N-n+β) - lbeta(α, β).
func betaBinomialLpmf(n, N, a, b float64, _ int) float64 {
	if n < 0 || n > N {
		return math.Inf(-1)
	}
	return lchoose(N, n) + lbeta(n+a, N-n+b) - lbeta(a, b)
}

// poissonLpmf: n log λ - λ - lgamma(n+1); 0 at n = λ = 0 (Stan).
func poissonLpmf(n, lambda, _, _ float64, _ int) float64 {
	if n < 0 {
		return math.Inf(-1)
	}
	return xlogy(n, lambda) - lambda - lgamma(n+1)
}

// negBinomialLpmf (shape α, inverse scale β): lchoose(n+α-1, n)
// + α log β - (α+n) log1p(β), Stan's neg_binomial_lpmf.
func negBinomialLpmf(n, alpha, beta, _ float64, _ int) float64 {
	if n < 0 {
		return math.Inf(-1)
	}
	return lchoose(n+alpha-1, n) + alpha*math.Log(beta) - (alpha+n)*math.Log1p(beta)
}

// negBinomial2Lpmf (mean μ, precision φ): lchoose(n+φ-1, n) + n log μ
// - φ log1p(μ/φ) - n log(μ+φ), Stan's neg_binomial_2_lpmf.
func negBinomial2Lpmf(n, mu, phi, _ float64, _ int) float64 {
	if n < 0 {
		return math.Inf(-1)
	}
	return lchoose(n+phi-1, n) + xlogy(n, mu) - phi*math.Log1p(mu/phi) - n*math.Log(mu+phi)
}

// negBinomial2LogLpmf (log mean η, precision φ): with μ = exp(η),
// lchoose(n+φ-1, n) + n η - n log φ - (n+φ) log1p_exp(η - log φ), since
// log(μ+φ) = log φ + log1p_exp(η - log φ): no exp(η) overflows.
func negBinomial2LogLpmf(n, eta, phi, _ float64, _ int) float64 {
	if n < 0 {
		return math.Inf(-1)
	}
	lphi := math.Log(phi)
	return lchoose(n+phi-1, n) + n*eta - n*lphi - (n+phi)*log1pExp(eta-lphi)
}

// The adjoint rules return adj times one partial derivative.

// doubleExponentialAdjoint: s = sign(y-μ); ∂/∂y = -s/σ, ∂/∂μ = s/σ,
// ∂/∂σ = |y-μ|/σ² - 1/σ.
func doubleExponentialAdjoint(b *Builder, n Value, i int, adj Value) Value {
	y, mu, sigma := b.arg(n, 0), b.arg(n, 1), b.arg(n, 2)
	invs := b.Inv(sigma)
	r := b.Sub(y, mu)
	switch i {
	case 0:
		return b.Mul(adj, b.Neg(b.Mul(b.Apply(OpSign, r), invs)))
	case 1:
		return b.Mul(adj, b.Mul(b.Apply(OpSign, r), invs))
	}
	return b.Mul(adj, b.Mul(b.Sub(b.Mul(b.Apply(OpFabs, r), invs), b.Const(1)), invs))
}

// logisticAdjoint: z = (y-μ)/σ, t = 1 - 2 inv_logit(z) = d lpdf/dz;
// ∂/∂y = t/σ, ∂/∂μ = -t/σ, ∂/∂σ = -(z t + 1)/σ.
func logisticAdjoint(b *Builder, n Value, i int, adj Value) Value {
	y, mu, sigma := b.arg(n, 0), b.arg(n, 1), b.arg(n, 2)
	invs := b.Inv(sigma)
	z := b.Mul(b.Sub(y, mu), invs)
	t := b.Sub(b.Const(1), b.Mul(b.Const(2), b.Apply(OpInvLogit, z)))
	switch i {
	case 0:
		return b.Mul(adj, b.Mul(t, invs))
	case 1:
		return b.Mul(adj, b.Neg(b.Mul(t, invs)))
	}
	return b.Mul(adj, b.Neg(b.Mul(b.Add(b.Mul(z, t), b.Const(1)), invs)))
}

// invGammaAdjoint: ∂/∂y = β/y² - (α+1)/y, ∂/∂α = log β - ψ(α) - log y,
// ∂/∂β = α/β - 1/y.
func invGammaAdjoint(b *Builder, n Value, i int, adj Value) Value {
	y, a, c := b.arg(n, 0), b.arg(n, 1), b.arg(n, 2)
	invy := b.Inv(y)
	switch i {
	case 0:
		return b.Mul(adj, b.Mul(b.Sub(b.Mul(c, invy), b.Add(a, b.Const(1))), invy))
	case 1:
		return b.Mul(adj, b.Sub(b.Sub(b.Log(c), b.Apply(OpDigamma, a)), b.Log(y)))
	}
	return b.Mul(adj, b.Sub(b.Div(a, c), invy))
}

// weibullAdjoint: with p = (y/σ)^α, ∂/∂y = (α-1-α p)/y,
// ∂/∂α = 1/α + (1-p) log(y/σ), ∂/∂σ = α(p-1)/σ.
func weibullAdjoint(b *Builder, n Value, i int, adj Value) Value {
	y, a, s := b.arg(n, 0), b.arg(n, 1), b.arg(n, 2)
	one := b.Const(1)
	ratio := b.Div(y, s)
	p := b.Pow(ratio, a)
	switch i {
	case 0:
		return b.Mul(adj, b.Div(b.Sub(b.Sub(a, one), b.Mul(a, p)), y))
	case 1:
		return b.Mul(adj, b.Add(b.Inv(a), b.Mul(b.Sub(one, p), b.Log(ratio))))
	}
	return b.Mul(adj, b.Div(b.Mul(a, b.Sub(p, one)), s))
}

// uniformAdjoint: ∂/∂y = 0, ∂/∂α = 1/(β-α), ∂/∂β = -1/(β-α).
func uniformAdjoint(b *Builder, n Value, i int, adj Value) Value {
	w := b.Inv(b.Sub(b.arg(n, 2), b.arg(n, 1)))
	switch i {
	case 0:
		return NoValue
	case 1:
		return b.Mul(adj, w)
	}
	return b.Mul(adj, b.Neg(w))
}

// chiSquareAdjoint: ∂/∂y = (ν/2-1)/y - 1/2, ∂/∂ν = (log y - log 2 - ψ(ν/2))/2.
func chiSquareAdjoint(b *Builder, n Value, i int, adj Value) Value {
	y, nu := b.arg(n, 0), b.arg(n, 1)
	half := b.Const(0.5)
	h := b.Mul(half, nu)
	if i == 0 {
		return b.Mul(adj, b.Sub(b.Div(b.Sub(h, b.Const(1)), y), half))
	}
	return b.Mul(adj, b.Mul(half, b.Sub(b.Sub(b.Log(y), b.Const(ln2)), b.Apply(OpDigamma, h))))
}

// invChiSquareAdjoint: ∂/∂y = (1/(2y) - ν/2 - 1)/y, ∂/∂ν = -(log y + log 2 + ψ(ν/2))/2.
func invChiSquareAdjoint(b *Builder, n Value, i int, adj Value) Value {
	y, nu := b.arg(n, 0), b.arg(n, 1)
	half := b.Const(0.5)
	h := b.Mul(half, nu)
	if i == 0 {
		return b.Mul(adj, b.Div(b.Sub(b.Div(half, y), b.Add(h, b.Const(1))), y))
	}
	return b.Mul(adj, b.Mul(b.Const(-0.5), b.Add(b.Add(b.Log(y), b.Const(ln2)), b.Apply(OpDigamma, h))))
}

// scaledInvChiSquareAdjoint: ∂/∂y = (ν s²/(2y) - ν/2 - 1)/y,
// ∂/∂ν = (log(ν/2) + 1 - ψ(ν/2) - log y - s²/y)/2 + log s,
// ∂/∂s = ν/s - ν s/y.
func scaledInvChiSquareAdjoint(b *Builder, n Value, i int, adj Value) Value {
	y, nu, s := b.arg(n, 0), b.arg(n, 1), b.arg(n, 2)
	half, one := b.Const(0.5), b.Const(1)
	h := b.Mul(half, nu)
	s2y := b.Div(b.Square(s), y)
	switch i {
	case 0:
		return b.Mul(adj, b.Div(b.Sub(b.Mul(h, s2y), b.Add(h, one)), y))
	case 1:
		t := b.Sub(b.Add(b.Log(h), one), b.Apply(OpDigamma, h))
		t = b.Sub(t, b.Add(b.Log(y), s2y))
		return b.Mul(adj, b.Add(b.Mul(half, t), b.Log(s)))
	}
	return b.Mul(adj, b.Mul(nu, b.Sub(b.Inv(s), b.Div(s, y))))
}

// gumbelAdjoint: z = (y-μ)/β, e = exp(-z); ∂/∂y = (e-1)/β, ∂/∂μ = (1-e)/β,
// ∂/∂β = (z - z e - 1)/β.
func gumbelAdjoint(b *Builder, n Value, i int, adj Value) Value {
	y, mu, beta := b.arg(n, 0), b.arg(n, 1), b.arg(n, 2)
	one := b.Const(1)
	invb := b.Inv(beta)
	z := b.Mul(b.Sub(y, mu), invb)
	e := b.Exp(b.Neg(z))
	switch i {
	case 0:
		return b.Mul(adj, b.Mul(b.Sub(e, one), invb))
	case 1:
		return b.Mul(adj, b.Mul(b.Sub(one, e), invb))
	}
	return b.Mul(adj, b.Mul(b.Sub(b.Mul(z, b.Sub(one, e)), one), invb))
}

// bernoulliAdjoint: ∂/∂θ = n/θ - (1-n)/(1-θ), i.e. 1/θ or -1/(1-θ).
func bernoulliAdjoint(b *Builder, n Value, i int, adj Value) Value {
	if i == 0 {
		return NoValue
	}
	y, theta := b.arg(n, 0), b.arg(n, 1)
	one := b.Const(1)
	return b.Mul(adj, b.Select(y, b.Inv(theta), b.Neg(b.Inv(b.Sub(one, theta)))))
}

// binomialAdjoint: ∂/∂θ = n/θ - (N-n)/(1-θ).
func binomialAdjoint(b *Builder, n Value, i int, adj Value) Value {
	if i < 2 {
		return NoValue
	}
	k, N, theta := b.arg(n, 0), b.arg(n, 1), b.arg(n, 2)
	return b.Mul(adj, b.Sub(b.Div(k, theta), b.Div(b.Sub(N, k), b.Sub(b.Const(1), theta))))
}

// betaBinomialAdjoint: ∂/∂α = ψ(n+α) - ψ(N+α+β) - ψ(α) + ψ(α+β),
// ∂/∂β = ψ(N-n+β) - ψ(N+α+β) - ψ(β) + ψ(α+β).
func betaBinomialAdjoint(b *Builder, n Value, i int, adj Value) Value {
	if i < 2 {
		return NoValue
	}
	k, N, a, c := b.arg(n, 0), b.arg(n, 1), b.arg(n, 2), b.arg(n, 3)
	dg := func(x Value) Value { return b.Apply(OpDigamma, x) }
	common := b.Sub(dg(b.Add(a, c)), dg(b.Add(N, b.Add(a, c))))
	if i == 2 {
		return b.Mul(adj, b.Add(common, b.Sub(dg(b.Add(k, a)), dg(a))))
	}
	return b.Mul(adj, b.Add(common, b.Sub(dg(b.Add(b.Sub(N, k), c)), dg(c))))
}

// poissonAdjoint: ∂/∂λ = n/λ - 1.
func poissonAdjoint(b *Builder, n Value, i int, adj Value) Value {
	if i == 0 {
		return NoValue
	}
	return b.Mul(adj, b.Sub(b.Div(b.arg(n, 0), b.arg(n, 1)), b.Const(1)))
}

// negBinomialAdjoint: ∂/∂α = ψ(n+α) - ψ(α) + log β - log1p(β),
// ∂/∂β = α/β - (α+n)/(1+β).
func negBinomialAdjoint(b *Builder, n Value, i int, adj Value) Value {
	k, a, c := b.arg(n, 0), b.arg(n, 1), b.arg(n, 2)
	switch i {
	case 0:
		return NoValue
	case 1:
		t := b.Sub(b.Apply(OpDigamma, b.Add(k, a)), b.Apply(OpDigamma, a))
		return b.Mul(adj, b.Add(t, b.Sub(b.Log(c), b.Apply(OpLog1p, c))))
	}
	return b.Mul(adj, b.Sub(b.Div(a, c), b.Div(b.Add(a, k), b.Add(b.Const(1), c))))
}

// negBinomial2Adjoint: ∂/∂μ = n/μ - (n+φ)/(μ+φ),
// ∂/∂φ = ψ(n+φ) - ψ(φ) - log1p(μ/φ) + (μ-n)/(μ+φ).
func negBinomial2Adjoint(b *Builder, n Value, i int, adj Value) Value {
	k, mu, phi := b.arg(n, 0), b.arg(n, 1), b.arg(n, 2)
	mp := b.Add(mu, phi)
	switch i {
	case 0:
		return NoValue
	case 1:
		return b.Mul(adj, b.Sub(b.Div(k, mu), b.Div(b.Add(k, phi), mp)))
	}
	t := b.Sub(b.Apply(OpDigamma, b.Add(k, phi)), b.Apply(OpDigamma, phi))
	t = b.Sub(t, b.Apply(OpLog1p, b.Div(mu, phi)))
	return b.Mul(adj, b.Add(t, b.Div(b.Sub(mu, k), mp)))
}

// negBinomial2LogAdjoint: with p = inv_logit(η - log φ) = μ/(μ+φ),
// ∂/∂η = n - (n+φ) p, ∂/∂φ = ψ(n+φ) - ψ(φ) - log1p_exp(η - log φ) + (p(φ+n) - n)/φ
// (the φ-partial of neg_binomial_2 with log1p(μ/φ) = log1p_exp(η - log φ)
// and (μ-n)/(μ+φ) = (p(φ+n) - n)/φ).
func negBinomial2LogAdjoint(b *Builder, n Value, i int, adj Value) Value {
	k, eta, phi := b.arg(n, 0), b.arg(n, 1), b.arg(n, 2)
	d := b.Sub(eta, b.Log(phi))
	p := b.Apply(OpInvLogit, d)
	switch i {
	case 0:
		return NoValue
	case 1:
		return b.Mul(adj, b.Sub(k, b.Mul(b.Add(k, phi), p)))
	}
	t := b.Sub(b.Apply(OpDigamma, b.Add(k, phi)), b.Apply(OpDigamma, phi))
	t = b.Sub(t, b.Apply(OpLog1pExp, d))
	return b.Mul(adj, b.Add(t, b.Div(b.Sub(b.Mul(p, b.Add(phi, k)), k), phi)))
}

// The rows, wired into opTable by ops.go.
var (
	doubleExponentialLpdfRow  = lpdfRow("double_exponential_lpdf", 3, 0, doubleExponentialLpdf, nil, doubleExponentialAdjoint, "bayes_double_exponential_lpdf($0, $1, $2)")
	logisticLpdfRow           = lpdfRow("logistic_lpdf", 3, 0, logisticLpdf, nil, logisticAdjoint, "bayes_logistic_lpdf($0, $1, $2)")
	invGammaLpdfRow           = lpdfRow("inv_gamma_lpdf", 3, 0, invGammaLpdf, nil, invGammaAdjoint, "bayes_inv_gamma_lpdf($0, $1, $2)")
	weibullLpdfRow            = lpdfRow("weibull_lpdf", 3, 0, weibullLpdf, nil, weibullAdjoint, "bayes_weibull_lpdf($0, $1, $2)")
	uniformLpdfRow            = lpdfRow("uniform_lpdf", 3, 0, uniformLpdf, nil, uniformAdjoint, "bayes_uniform_lpdf($0, $1, $2)")
	chiSquareLpdfRow          = lpdfRow("chi_square_lpdf", 2, 0, chiSquareLpdf, nil, chiSquareAdjoint, "bayes_chi_square_lpdf($0, $1)")
	invChiSquareLpdfRow       = lpdfRow("inv_chi_square_lpdf", 2, 0, invChiSquareLpdf, nil, invChiSquareAdjoint, "bayes_inv_chi_square_lpdf($0, $1)")
	scaledInvChiSquareLpdfRow = lpdfRow("scaled_inv_chi_square_lpdf", 3, 0, scaledInvChiSquareLpdf, nil, scaledInvChiSquareAdjoint, "bayes_scaled_inv_chi_square_lpdf($0, $1, $2)")
	gumbelLpdfRow             = lpdfRow("gumbel_lpdf", 3, 0, gumbelLpdf, nil, gumbelAdjoint, "bayes_gumbel_lpdf($0, $1, $2)")
	bernoulliLpmfRow          = lpdfRow("bernoulli_lpmf", 2, 1, bernoulliLpmf, nil, bernoulliAdjoint, "bayes_bernoulli_lpmf($0, $1)")
	binomialLpmfRow           = lpdfRow("binomial_lpmf", 3, 3, binomialLpmf, nil, binomialAdjoint, "bayes_binomial_lpmf($0, $1, $2)")
	betaBinomialLpmfRow       = lpdfRow("beta_binomial_lpmf", 4, 3, betaBinomialLpmf, nil, betaBinomialAdjoint, "bayes_beta_binomial_lpmf($0, $1, $2, $3)")
	poissonLpmfRow            = lpdfRow("poisson_lpmf", 2, 1, poissonLpmf, nil, poissonAdjoint, "bayes_poisson_lpmf($0, $1)")
	negBinomialLpmfRow        = lpdfRow("neg_binomial_lpmf", 3, 1, negBinomialLpmf, nil, negBinomialAdjoint, "bayes_neg_binomial_lpmf($0, $1, $2)")
	negBinomial2LpmfRow       = lpdfRow("neg_binomial_2_lpmf", 3, 1, negBinomial2Lpmf, nil, negBinomial2Adjoint, "bayes_neg_binomial_2_lpmf($0, $1, $2)")
	negBinomial2LogLpmfRow    = lpdfRow("neg_binomial_2_log_lpmf", 3, 1, negBinomial2LogLpmf, nil, negBinomial2LogAdjoint, "bayes_neg_binomial_2_log_lpmf($0, $1, $2)")
)
