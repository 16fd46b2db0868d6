package irtest

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/bayes-dev/bayes/compiler/ir"
	"github.com/bayes-dev/bayes/library"
	"github.com/bayes-dev/bayes/library/dists"
)

// Eight schools data: Rubin (1981), as in the NumPyro tutorial of
// shared/seed/eight_schools_numpyro.txt.
var (
	schoolsY     = []float64{28, 8, -3, 7, -1, 1, 18, 12}
	schoolsSigma = []float64{15, 10, 16, 11, 9, 11, 10, 18}
)

// Model is a log density built with the Builder (no parser) with a
// hand-written Go gradient of the same density: the kernel's tests compare
// the two, and its benchmarks time both.
type Model struct {
	Name  string
	Dim   int
	Build func(b *ir.Builder) ir.Value
	Hand  func(grad, q []float64) float64
}

// EightSchools: q = (mu, u, theta[8]) centered or (mu, u, theta_raw[8])
// non-centered, tau = exp(u) with log-Jacobian u;
// mu ~ normal(0, 5), tau ~ cauchy(0, 5), theta ~ normal(mu, tau)
// (theta = mu + tau theta_raw, theta_raw ~ normal(0, 1)), y ~ normal(theta, sigma).
func EightSchools(centered bool) Model {
	m := Model{Name: "eight_schools_noncentered", Dim: 10}
	if centered {
		m.Name = "eight_schools_centered"
	}
	m.Build = func(b *ir.Builder) ir.Value {
		mu, u := b.Param(0), b.Param(1)
		t := b.ParamVector(2, 8)
		tau := b.Exp(u)
		zero, five := b.Const(0), b.Const(5)
		lp := b.Add(b.Apply(ir.LibraryOp(dists.NormalLpdf), mu, zero, five), b.Apply(ir.LibraryOp(dists.CauchyLpdf), tau, zero, five))
		lp = b.Add(lp, u)
		theta := t
		if centered {
			lp = b.Add(lp, b.Sum(b.Apply(ir.LibraryOp(dists.NormalLpdf), t, mu, tau)))
		} else {
			lp = b.Add(lp, b.Sum(b.Apply(ir.LibraryOp(dists.NormalLpdf), t, zero, b.Const(1))))
			theta = b.Add(mu, b.Mul(tau, t))
		}
		return b.Add(lp, b.Sum(b.Apply(ir.LibraryOp(dists.NormalLpdf), b.Data(schoolsY), theta, b.Data(schoolsSigma))))
	}
	m.Hand = func(grad, q []float64) float64 {
		mu, u := q[0], q[1]
		tau := math.Exp(u)
		lp := dists.NormalLpdfValue(mu, 0, 5, 0, 0) + dists.Cauchy.Lpdf.Value(tau, 0, 5, 0, 0) + u
		gmu := -mu / 25
		z := tau / 5
		gtau := -2 * z / (5 * (1 + z*z))
		for j := range 8 {
			t := q[2+j]
			var theta, dtheta float64
			if centered {
				theta = t
				r := (t - mu) / tau
				lp += -0.5*r*r - u - library.HalfLog2Pi
				gmu += r / tau
				gtau += (r*r - 1) / tau
				dtheta = -r / tau
			} else {
				theta = mu + tau*t
				lp += -0.5*t*t - library.HalfLog2Pi
				dtheta = -t
			}
			s := schoolsSigma[j]
			r := (schoolsY[j] - theta) / s
			lp += -0.5*r*r - math.Log(s) - library.HalfLog2Pi
			dy := r / s // d/dtheta of the likelihood
			if centered {
				grad[2+j] = dtheta + dy
			} else {
				gmu += dy
				gtau += dy * t
				grad[2+j] = dtheta + dy*tau
			}
		}
		grad[0] = gmu
		grad[1] = gtau*tau + 1
		return lp
	}
	return m
}

// LogisticRegression: N observations, D predictors, simulated with a fixed
// seed; beta ~ normal(0, 1), y ~ bernoulli_logit(X beta).
func LogisticRegression(n, d int) Model {
	rng := rand.New(rand.NewPCG(20261125, 1))
	x := make([]float64, n*d)
	for i := range x {
		x[i] = rng.NormFloat64()
	}
	beta := make([]float64, d)
	for i := range beta {
		beta[i] = rng.NormFloat64() / math.Sqrt(float64(d))
	}
	y := make([]float64, n)
	for i := range y {
		eta := 0.0
		for j := range d {
			eta += x[i*d+j] * beta[j]
		}
		if rng.Float64() < library.InvLogit(eta) {
			y[i] = 1
		}
	}
	m := Model{Name: "logistic_regression", Dim: d}
	m.Build = func(b *ir.Builder) ir.Value {
		bt := b.ParamVector(0, d)
		lp := b.Sum(b.Apply(ir.LibraryOp(dists.NormalLpdf), bt, b.Const(0), b.Const(1)))
		eta := b.MatVec(b.DataMatrix(n, d, x), bt)
		return b.Add(lp, b.Sum(b.Apply(ir.LibraryOp(dists.BernoulliLogit.Lpdf), b.Data(y), eta)))
	}
	m.Hand = func(grad, q []float64) float64 {
		lp := 0.0
		for j, bj := range q {
			lp += -0.5*bj*bj - library.HalfLog2Pi
			grad[j] = -bj
		}
		for i := range n {
			row := x[i*d : (i+1)*d]
			eta := 0.0
			for j, v := range row {
				eta += v * q[j]
			}
			lp += y[i]*eta - library.Log1pExp(eta)
			r := y[i] - library.InvLogit(eta)
			for j, v := range row {
				grad[j] += r * v
			}
		}
		return lp
	}
	return m
}

// VaryingIntercept: N observations in J groups, q = (mu_a, u_a, beta, u,
// alpha[J]), sigma_a = exp(u_a), sigma = exp(u) with their log-Jacobians;
// mu_a, beta ~ normal(0, 5), sigma_a, sigma ~ normal(0, 5) (half-normal by
// the transform), alpha ~ normal(mu_a, sigma_a),
// y ~ normal(alpha[g] + beta x, sigma).
func VaryingIntercept(n, j int) Model {
	rng := rand.New(rand.NewPCG(20261125, 2))
	alpha := make([]float64, j)
	for i := range alpha {
		alpha[i] = 1 + 0.5*rng.NormFloat64()
	}
	g := make([]int, n)
	x := make([]float64, n)
	y := make([]float64, n)
	for i := range n {
		g[i] = rng.IntN(j)
		x[i] = rng.NormFloat64()
		y[i] = alpha[g[i]] + 0.7*x[i] + 0.8*rng.NormFloat64()
	}
	m := Model{Name: "varying_intercept", Dim: 4 + j}
	m.Build = func(b *ir.Builder) ir.Value {
		mua, ua, beta, u := b.Param(0), b.Param(1), b.Param(2), b.Param(3)
		al := b.ParamVector(4, j)
		sa, s := b.Exp(ua), b.Exp(u)
		zero, five := b.Const(0), b.Const(5)
		lp := b.Add(b.Apply(ir.LibraryOp(dists.NormalLpdf), mua, zero, five), b.Apply(ir.LibraryOp(dists.NormalLpdf), sa, zero, five))
		lp = b.Add(lp, b.Add(b.Apply(ir.LibraryOp(dists.NormalLpdf), beta, zero, five), b.Apply(ir.LibraryOp(dists.NormalLpdf), s, zero, five)))
		lp = b.Add(lp, b.Add(ua, u))
		lp = b.Add(lp, b.Sum(b.Apply(ir.LibraryOp(dists.NormalLpdf), al, mua, sa)))
		mu := b.Add(b.Gather(al, b.Index(g, j)), b.Mul(beta, b.Data(x)))
		return b.Add(lp, b.Sum(b.Apply(ir.LibraryOp(dists.NormalLpdf), b.Data(y), mu, s)))
	}
	m.Hand = func(grad, q []float64) float64 {
		mua, ua, beta, u := q[0], q[1], q[2], q[3]
		al := q[4:]
		sa, s := math.Exp(ua), math.Exp(u)
		lp := dists.NormalLpdfValue(mua, 0, 5, 0, 0) + dists.NormalLpdfValue(sa, 0, 5, 0, 0) + dists.NormalLpdfValue(beta, 0, 5, 0, 0) +
			dists.NormalLpdfValue(s, 0, 5, 0, 0) + ua + u
		gmua, gsa, gbeta, gs := -mua/25, -sa/25, -beta/25, -s/25
		ga := grad[4:]
		for k, a := range al {
			z := (a - mua) / sa
			lp += -0.5*z*z - ua - library.HalfLog2Pi
			gmua += z / sa
			gsa += (z*z - 1) / sa
			ga[k] = -z / sa
		}
		inv := 1 / s
		sq := 0.0
		for i, yi := range y {
			z := (yi - al[g[i]] - beta*x[i]) * inv
			sq += z * z
			dz := z * inv
			ga[g[i]] += dz
			gbeta += dz * x[i]
		}
		lp += -0.5*sq - float64(n)*(u+library.HalfLog2Pi)
		gs += (sq - float64(n)) * inv
		grad[0], grad[1], grad[2], grad[3] = gmua, gsa*sa+1, gbeta, gs*s+1
		return lp
	}
	return m
}

// Point is a fixed point of dimension dim, each coordinate in [-0.5, 0.5).
func Point(dim int) []float64 {
	rng := rand.New(rand.NewPCG(3, 3))
	q := make([]float64, dim)
	for i := range q {
		q[i] = rng.Float64() - 0.5
	}
	return q
}

// Close reports whether a and b agree to rel, relative to the larger
// magnitude or to 1 when both are smaller.
func Close(a, b, rel float64) bool {
	return math.Abs(a-b) <= rel*math.Max(1, math.Max(math.Abs(a), math.Abs(b)))
}

// Program builds, differentiates and optimises m, checking the IR after
// every pass; it fails tb at the first error.
func (m Model) Program(tb testing.TB) *ir.Program {
	tb.Helper()
	b := ir.NewBuilder(m.Dim)
	var lp ir.Value
	if err := ir.Build(func() error { lp = m.Build(b); return nil }); err != nil {
		tb.Fatalf("%s: build: %v", m.Name, err)
	}
	p, err := ir.Grad(b, lp)
	if err != nil {
		tb.Fatalf("%s: grad: %v", m.Name, err)
	}
	ir.CheckPasses = true
	p, err = ir.Optimize(p)
	ir.CheckPasses = false
	if err != nil {
		tb.Fatalf("%s: optimize: %v", m.Name, err)
	}
	return p
}
