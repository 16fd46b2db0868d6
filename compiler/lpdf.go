package compiler

import "math"

// Scalar special functions and the fused log densities of ops.go: their
// values (one element) and their partial derivatives as IR.
//
// The densities are Stan's *_lpdf/_lpmf with every constant (Stan Functions
// Reference, "Continuous distributions" and "Discrete distributions"). Out of
// support values give -Inf (y outside the support) or NaN (invalid
// parameters, e.g. sigma <= 0 through log of a negative number), which the
// sampler treats as a rejected point; nothing panics.

const (
	halfLog2Pi = 0.91893853320467274178032973640561763986139747363778 // log(2π)/2
	logPi      = 1.14472988584940017414342735135305871164729481291531 // log(π)
)

func sign(x float64) float64 {
	switch {
	case x > 0:
		return 1
	case x < 0:
		return -1
	}
	return x // ±0 and NaN unchanged
}

// invLogit is 1/(1+exp(-x)), evaluated so that neither tail overflows.
func invLogit(x float64) float64 {
	if x >= 0 {
		return 1 / (1 + math.Exp(-x))
	}
	e := math.Exp(x)
	return e / (1 + e)
}

// log1pExp is log(1+exp(x)) = max(x,0) + log1p(exp(-|x|)) (Mächler 2012,
// "Accurately computing log(1-exp(-|a|))", eq. 10).
func log1pExp(x float64) float64 {
	if x > 0 {
		return x + math.Log1p(math.Exp(-x))
	}
	return math.Log1p(math.Exp(x))
}

func logInvLogit(x float64) float64   { return -log1pExp(-x) }
func log1mInvLogit(x float64) float64 { return -log1pExp(x) }

// lgamma is log|Γ(x)|, Stan's lgamma.
func lgamma(x float64) float64 {
	v, _ := math.Lgamma(x)
	return v
}

// bernoulli2j holds B_2, B_4, ..., B_16 (Abramowitz & Stegun 23.2).
var bernoulli2j = [...]float64{1.0 / 6, -1.0 / 30, 1.0 / 42, -1.0 / 30, 5.0 / 66, -691.0 / 2730, 7.0 / 6, -3617.0 / 510}

// polygamma is ψ^(k)(x) for k >= 1 and x > 0 (NaN for x <= 0): the
// recurrence ψ^(k)(x) = ψ^(k)(x+1) + (-1)^(k+1) k!/x^(k+1) moves x above 20,
// then the asymptotic series (Abramowitz & Stegun 6.4.11)
// ψ^(k)(x) ~ (-1)^(k+1) [(k-1)!/x^k + k!/(2x^(k+1)) + Σ B_2j (2j+k-1)!/((2j)! x^(2j+k))].
func polygamma(k int, x float64) float64 {
	if k < 1 || !(x > 0) || math.IsInf(x, 1) {
		if math.IsInf(x, 1) {
			return 0
		}
		return math.NaN()
	}
	sgn := 1.0
	if k%2 == 0 {
		sgn = -1
	}
	fact := func(n int) float64 {
		f := 1.0
		for i := 2; i <= n; i++ {
			f *= float64(i)
		}
		return f
	}
	kf := fact(k)
	acc := 0.0
	for x < 20 {
		acc += kf / math.Pow(x, float64(k+1))
		x++
	}
	s := fact(k-1)/math.Pow(x, float64(k)) + kf/(2*math.Pow(x, float64(k+1)))
	for j, b := range bernoulli2j {
		n := 2 * (j + 1)
		s += b * fact(n+k-1) / (fact(n) * math.Pow(x, float64(n+k)))
	}
	return sgn * (acc + s)
}

// normalLpdf: -z²/2 - log σ - log(2π)/2, z = (y-μ)/σ.
func normalLpdf(y, mu, sigma, _ float64, _ int) float64 {
	z := (y - mu) * (1 / sigma)
	return -0.5*z*z - math.Log(sigma) - halfLog2Pi
}

// cauchyLpdf: -log π - log σ - log1p(z²).
func cauchyLpdf(y, mu, sigma, _ float64, _ int) float64 {
	z := (y - mu) / sigma
	return -logPi - math.Log(sigma) - math.Log1p(z*z)
}

// studentTLpdf (gonum distuv.StudentsT doc):
// lgamma((ν+1)/2) - lgamma(ν/2) - log(νπ)/2 - log σ - (ν+1)/2 log1p(z²/ν).
func studentTLpdf(y, nu, mu, sigma float64, _ int) float64 {
	z := (y - mu) / sigma
	return lgamma((nu+1)/2) - lgamma(nu/2) - 0.5*math.Log(nu*math.Pi) - math.Log(sigma) -
		(nu+1)/2*math.Log1p(z*z/nu)
}

// lognormalLpdf: -log y - log σ - log(2π)/2 - z²/2, z = (log y - μ)/σ; -Inf at y = 0.
func lognormalLpdf(y, mu, sigma, _ float64, _ int) float64 {
	if y <= 0 {
		return math.Inf(-1)
	}
	ly := math.Log(y)
	z := (ly - mu) / sigma
	return -ly - math.Log(sigma) - halfLog2Pi - 0.5*z*z
}

// exponentialLpdf: log β - β y for y >= 0.
func exponentialLpdf(y, beta, _, _ float64, _ int) float64 {
	if y < 0 {
		return math.Inf(-1)
	}
	return math.Log(beta) - beta*y
}

// gammaLpdf (shape α, rate β): α log β - lgamma(α) + (α-1) log y - β y.
func gammaLpdf(y, a, b, _ float64, _ int) float64 {
	if y < 0 {
		return math.Inf(-1)
	}
	return a*math.Log(b) - lgamma(a) + (a-1)*math.Log(y) - b*y
}

// betaLpdf: (a-1) log y + (b-1) log1p(-y) - lbeta(a, b).
func betaLpdf(y, a, b, _ float64, _ int) float64 {
	if y < 0 || y > 1 {
		return math.Inf(-1)
	}
	return (a-1)*math.Log(y) + (b-1)*math.Log1p(-y) - (lgamma(a) + lgamma(b) - lgamma(a+b))
}

// bernoulliLogitLpmf: n θ - log1p_exp(θ), n in {0, 1}.
func bernoulliLogitLpmf(n, theta, _, _ float64, _ int) float64 {
	return n*theta - log1pExp(theta)
}

// poissonLogLpmf: n α - exp(α) - lgamma(n+1); 0 at n = 0, α = -Inf (Stan).
func poissonLogLpmf(n, alpha, _, _ float64, _ int) float64 {
	if n == 0 && math.IsInf(alpha, -1) {
		return 0
	}
	return n*alpha - math.Exp(alpha) - lgamma(n+1)
}

// binomialLogitLpmf: log C(N, n) + n log_inv_logit(α) + (N-n) log1m_inv_logit(α).
func binomialLogitLpmf(n, N, alpha, _ float64, _ int) float64 {
	lchoose := lgamma(N+1) - lgamma(n+1) - lgamma(N-n+1)
	return lchoose + n*logInvLogit(alpha) + (N-n)*log1mInvLogit(alpha)
}

// The adjoint rules below return adj times one partial derivative.

// normalAdjoint: with z = (y-μ)/σ, ∂/∂y = -z/σ, ∂/∂μ = z/σ, ∂/∂σ = (z²-1)/σ.
// The partials are the companion ops normal_dmu and normal_dsigma: as plain
// IR each would take four or five loops over the data of a regression.
func normalAdjoint(b *Builder, n Value, i int, adj Value) Value {
	y, mu, sigma := b.arg(n, 0), b.arg(n, 1), b.arg(n, 2)
	switch i {
	case 0:
		return b.Mul(adj, b.Neg(b.Apply(OpNormalDmu, y, mu, sigma)))
	case 1:
		return b.Mul(adj, b.Apply(OpNormalDmu, y, mu, sigma))
	}
	return b.Mul(adj, b.Apply(OpNormalDsigma, y, mu, sigma))
}

// normalDmu is (y-μ)/σ², computed as z·(1/σ) with z = (y-μ)·(1/σ).
func normalDmu(y, mu, sigma, _ float64, _ int) float64 {
	inv := 1 / sigma
	return (y - mu) * inv * inv
}

// normalDsigma is (z²-1)/σ, z = (y-μ)/σ.
func normalDsigma(y, mu, sigma, _ float64, _ int) float64 {
	inv := 1 / sigma
	z := (y - mu) * inv
	return (z*z - 1) * inv
}

// normalDmuAdjoint: with r = y-μ, ∂/∂y = 1/σ², ∂/∂μ = -1/σ², ∂/∂σ = -2r/σ³.
func normalDmuAdjoint(b *Builder, n Value, i int, adj Value) Value {
	sigma := b.arg(n, 2)
	inv2 := b.Inv(b.Square(sigma))
	switch i {
	case 0:
		return b.Mul(adj, inv2)
	case 1:
		return b.Mul(adj, b.Neg(inv2))
	}
	return b.Mul(adj, b.Div(b.Mul(b.Const(-2), n), sigma))
}

// normalDsigmaAdjoint: with r = y-μ, ∂/∂y = 2r/σ³, ∂/∂μ = -2r/σ³,
// ∂/∂σ = -3r²/σ⁴ + 1/σ².
func normalDsigmaAdjoint(b *Builder, n Value, i int, adj Value) Value {
	y, mu, sigma := b.arg(n, 0), b.arg(n, 1), b.arg(n, 2)
	dmu := b.Apply(OpNormalDmu, y, mu, sigma) // r/σ²
	switch i {
	case 0:
		return b.Mul(adj, b.Div(b.Mul(b.Const(2), dmu), sigma))
	case 1:
		return b.Mul(adj, b.Div(b.Mul(b.Const(-2), dmu), sigma))
	}
	inv2 := b.Inv(b.Square(sigma))
	return b.Mul(adj, b.Sub(inv2, b.Mul(b.Const(3), b.Square(dmu))))
}

// cauchyAdjoint: w = 1/(1+z²); ∂/∂y = -2zw/σ, ∂/∂μ = 2zw/σ, ∂/∂σ = (z²-1)w/σ.
func cauchyAdjoint(b *Builder, n Value, i int, adj Value) Value {
	y, mu, sigma := b.arg(n, 0), b.arg(n, 1), b.arg(n, 2)
	invs := b.Inv(sigma)
	z := b.Mul(b.Sub(y, mu), invs)
	z2 := b.Square(z)
	w := b.Inv(b.Add(b.Const(1), z2))
	switch i {
	case 0, 1:
		d := b.Mul(b.Mul(b.Const(2), b.Mul(z, w)), invs)
		if i == 0 {
			d = b.Neg(d)
		}
		return b.Mul(adj, d)
	}
	return b.Mul(adj, b.Mul(b.Mul(b.Sub(z2, b.Const(1)), w), invs))
}

// studentTAdjoint: r = (ν+1)/(ν+z²); ∂/∂y = -rz/σ, ∂/∂μ = rz/σ,
// ∂/∂σ = (r z² - 1)/σ, ∂/∂ν = (ψ((ν+1)/2) - ψ(ν/2))/2 - 1/(2ν)
// - log1p(z²/ν)/2 + r z²/(2ν).
func studentTAdjoint(b *Builder, n Value, i int, adj Value) Value {
	y, nu, mu, sigma := b.arg(n, 0), b.arg(n, 1), b.arg(n, 2), b.arg(n, 3)
	invs := b.Inv(sigma)
	z := b.Mul(b.Sub(y, mu), invs)
	z2 := b.Square(z)
	nu1 := b.Add(nu, b.Const(1))
	r := b.Div(nu1, b.Add(nu, z2))
	half := b.Const(0.5)
	switch i {
	case 0:
		return b.Mul(adj, b.Neg(b.Mul(b.Mul(r, z), invs)))
	case 2:
		return b.Mul(adj, b.Mul(b.Mul(r, z), invs))
	case 3:
		return b.Mul(adj, b.Mul(b.Sub(b.Mul(r, z2), b.Const(1)), invs))
	}
	dig := b.Sub(b.Apply(OpDigamma, b.Mul(half, nu1)), b.Apply(OpDigamma, b.Mul(half, nu)))
	t := b.Sub(b.Mul(half, dig), b.Div(half, nu))
	t = b.Sub(t, b.Mul(half, b.Apply(OpLog1p, b.Div(z2, nu))))
	t = b.Add(t, b.Div(b.Mul(half, b.Mul(r, z2)), nu))
	return b.Mul(adj, t)
}

// lognormalAdjoint: z = (log y - μ)/σ; ∂/∂y = -(1 + z/σ)/y, ∂/∂μ = z/σ, ∂/∂σ = (z²-1)/σ.
func lognormalAdjoint(b *Builder, n Value, i int, adj Value) Value {
	y, mu, sigma := b.arg(n, 0), b.arg(n, 1), b.arg(n, 2)
	invs := b.Inv(sigma)
	z := b.Mul(b.Sub(b.Log(y), mu), invs)
	zs := b.Mul(z, invs)
	switch i {
	case 0:
		return b.Mul(adj, b.Neg(b.Div(b.Add(b.Const(1), zs), y)))
	case 1:
		return b.Mul(adj, zs)
	}
	return b.Mul(adj, b.Mul(b.Sub(b.Square(z), b.Const(1)), invs))
}

// exponentialAdjoint: ∂/∂y = -β, ∂/∂β = 1/β - y.
func exponentialAdjoint(b *Builder, n Value, i int, adj Value) Value {
	y, beta := b.arg(n, 0), b.arg(n, 1)
	if i == 0 {
		return b.Mul(adj, b.Neg(beta))
	}
	return b.Mul(adj, b.Sub(b.Inv(beta), y))
}

// gammaAdjoint: ∂/∂y = (α-1)/y - β, ∂/∂α = log β - ψ(α) + log y, ∂/∂β = α/β - y.
func gammaAdjoint(b *Builder, n Value, i int, adj Value) Value {
	y, a, r := b.arg(n, 0), b.arg(n, 1), b.arg(n, 2)
	switch i {
	case 0:
		return b.Mul(adj, b.Sub(b.Div(b.Sub(a, b.Const(1)), y), r))
	case 1:
		return b.Mul(adj, b.Add(b.Sub(b.Log(r), b.Apply(OpDigamma, a)), b.Log(y)))
	}
	return b.Mul(adj, b.Sub(b.Div(a, r), y))
}

// betaAdjoint: ∂/∂y = (a-1)/y - (b-1)/(1-y), ∂/∂a = log y - ψ(a) + ψ(a+b),
// ∂/∂b = log1p(-y) - ψ(b) + ψ(a+b).
func betaAdjoint(b *Builder, n Value, i int, adj Value) Value {
	y, a, c := b.arg(n, 0), b.arg(n, 1), b.arg(n, 2)
	one := b.Const(1)
	switch i {
	case 0:
		return b.Mul(adj, b.Sub(b.Div(b.Sub(a, one), y), b.Div(b.Sub(c, one), b.Sub(one, y))))
	case 1:
		return b.Mul(adj, b.Add(b.Sub(b.Log(y), b.Apply(OpDigamma, a)), b.Apply(OpDigamma, b.Add(a, c))))
	}
	return b.Mul(adj, b.Add(b.Sub(b.Apply(OpLog1p, b.Neg(y)), b.Apply(OpDigamma, c)), b.Apply(OpDigamma, b.Add(a, c))))
}

// bernoulliLogitAdjoint: ∂/∂θ = n - inv_logit(θ).
func bernoulliLogitAdjoint(b *Builder, n Value, i int, adj Value) Value {
	if i == 0 {
		return NoValue
	}
	return b.Mul(adj, b.Sub(b.arg(n, 0), b.Apply(OpInvLogit, b.arg(n, 1))))
}

// poissonLogAdjoint: ∂/∂α = n - exp(α).
func poissonLogAdjoint(b *Builder, n Value, i int, adj Value) Value {
	if i == 0 {
		return NoValue
	}
	return b.Mul(adj, b.Sub(b.arg(n, 0), b.Exp(b.arg(n, 1))))
}

// binomialLogitAdjoint: ∂/∂α = n - N inv_logit(α).
func binomialLogitAdjoint(b *Builder, n Value, i int, adj Value) Value {
	if i < 2 {
		return NoValue
	}
	return b.Mul(adj, b.Sub(b.arg(n, 0), b.Mul(b.arg(n, 1), b.Apply(OpInvLogit, b.arg(n, 2)))))
}
