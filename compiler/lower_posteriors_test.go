package compiler

import (
	"math"
	"math/rand/v2"
	"path/filepath"
	"testing"

	"github.com/bayes-dev/bayes/data"
	"github.com/bayes-dev/bayes/lang"
	"gonum.org/v1/gonum/mat"
)

// Each reference below is the model's log density on the unconstrained
// space written out by hand from model.bym: the Jacobian of every
// constraint transform (Stan Reference Manual, "Constraint Transforms"),
// every `target +=` summand, and every `~` summand that depends on a
// parameter (Stan drops the others).

func reals(t *testing.T, m *data.Data, name string) []float64 {
	t.Helper()
	v, ok := m.Vars[name]
	if !ok {
		t.Fatalf("no data %s", name)
	}
	if v.Ints != nil {
		out := make([]float64, len(v.Ints))
		for i, x := range v.Ints {
			out[i] = float64(x)
		}
		return out
	}
	return v.Reals
}

func lowerT(u float64) (x, lj float64) { return math.Exp(u), u } // <lower=0>

func unitT(u, lo, hi float64) (x, lj float64) { // <lower=lo, upper=hi>
	s := 1 / (1 + math.Exp(-u))
	return lo + (hi-lo)*s, math.Log(hi-lo) + math.Log(s) + math.Log1p(-s)
}

func normalFull(y, mu, sigma float64) float64 {
	z := (y - mu) / sigma
	return -0.5*z*z - math.Log(sigma) - 0.5*math.Log(2*math.Pi)
}

type reference struct {
	posterior string
	lp        func(t *testing.T, d *data.Data, q []float64) float64
}

var references = []reference{
	{"eight_schools-eight_schools_centered", func(t *testing.T, d *data.Data, q []float64) float64 {
		y, sigma := reals(t, d, "y"), reals(t, d, "sigma")
		J := len(y)
		theta, mu := q[:J], q[J]
		tau, lp := lowerT(q[J+1])
		lp += -math.Log1p((tau / 5) * (tau / 5)) // tau ~ cauchy(0, 5)
		for j := range theta {
			z := (theta[j] - mu) / tau
			lp += -0.5*z*z - math.Log(tau) // theta ~ normal(mu, tau)
			w := (y[j] - theta[j]) / sigma[j]
			lp += -0.5 * w * w // y ~ normal(theta, sigma)
		}
		return lp - 0.5*(mu/5)*(mu/5) // mu ~ normal(0, 5)
	}},
	{"eight_schools-eight_schools_noncentered", func(t *testing.T, d *data.Data, q []float64) float64 {
		y, sigma := reals(t, d, "y"), reals(t, d, "sigma")
		J := len(y)
		tt, mu := q[:J], q[J]
		tau, lp := lowerT(q[J+1])
		for j := range tt {
			theta := tt[j]*tau + mu
			w := (y[j] - theta) / sigma[j]
			lp += -0.5*tt[j]*tt[j] - 0.5*w*w
		}
		return lp - 0.5*(mu/5)*(mu/5) - math.Log1p((tau/5)*(tau/5))
	}},
	{"kidiq-kidscore_interaction", func(t *testing.T, d *data.Data, q []float64) float64 {
		ks, hs, iq := reals(t, d, "kid_score"), reals(t, d, "mom_hs"), reals(t, d, "mom_iq")
		b := q[:4]
		sigma, lp := lowerT(q[4])
		lp += -math.Log1p((sigma / 2.5) * (sigma / 2.5))
		for i := range ks {
			mu := b[0] + b[1]*hs[i] + b[2]*iq[i] + b[3]*hs[i]*iq[i]
			z := (ks[i] - mu) / sigma
			lp += -0.5*z*z - math.Log(sigma)
		}
		return lp
	}},
	{"arK-arK", func(t *testing.T, d *data.Data, q []float64) float64 {
		y := reals(t, d, "y")
		K := d.Vars["K"].Ints[0]
		alpha, beta := q[0], q[1:1+K]
		sigma, lp := lowerT(q[1+K])
		lp += -0.5 * (alpha / 10) * (alpha / 10)
		for _, b := range beta {
			lp += -0.5 * (b / 10) * (b / 10)
		}
		lp += -math.Log1p((sigma / 2.5) * (sigma / 2.5))
		for tt := K; tt < len(y); tt++ {
			mu := alpha
			for k := 1; k <= K; k++ {
				mu += beta[k-1] * y[tt-k]
			}
			z := (y[tt] - mu) / sigma
			lp += -0.5*z*z - math.Log(sigma)
		}
		return lp
	}},
	{"garch-garch11", func(t *testing.T, d *data.Data, q []float64) float64 {
		y := reals(t, d, "y")
		sigma1 := reals(t, d, "sigma1")[0]
		mu := q[0]
		alpha0, lp := lowerT(q[1])
		alpha1, lj1 := unitT(q[2], 0, 1)
		beta1, lj2 := unitT(q[3], 0, 1-alpha1)
		lp += lj1 + lj2
		sigma := sigma1
		for tt := range y {
			if tt > 0 {
				sigma = math.Sqrt(alpha0 + alpha1*(y[tt-1]-mu)*(y[tt-1]-mu) + beta1*sigma*sigma)
			}
			z := (y[tt] - mu) / sigma
			lp += -0.5*z*z - math.Log(sigma)
		}
		return lp
	}},
	{"low_dim_gauss_mix-low_dim_gauss_mix", func(t *testing.T, d *data.Data, q []float64) float64 {
		y := reals(t, d, "y")
		mu1, mu2, lp := q[0], q[0]+math.Exp(q[1]), q[1] // ordered
		s1, lj1 := lowerT(q[2])
		s2, lj2 := lowerT(q[3])
		theta, lj3 := unitT(q[4], 0, 1)
		lp += lj1 + lj2 + lj3
		for _, v := range []float64{s1, s2, mu1, mu2} { // sigma, mu ~ normal(0, 2)
			lp += -0.5 * (v / 2) * (v / 2)
		}
		lp += 4*math.Log(theta) + 4*math.Log1p(-theta) // theta ~ beta(5, 5)
		for _, yn := range y {
			a := math.Log(theta) + normalFull(yn, mu1, s1)
			b := math.Log1p(-theta) + normalFull(yn, mu2, s2)
			m := math.Max(a, b)
			lp += m + math.Log(math.Exp(a-m)+math.Exp(b-m))
		}
		return lp
	}},
	{"gp_pois_regr-gp_regr", func(t *testing.T, d *data.Data, q []float64) float64 {
		x, y := reals(t, d, "x"), reals(t, d, "y")
		n := len(x)
		rho, lp := lowerT(q[0])
		alpha, lja := lowerT(q[1])
		sigma, ljs := lowerT(q[2])
		lp += lja + ljs
		cov := make([]float64, n*n)
		for i := range n {
			for j := range n {
				cov[i*n+j] = alpha * alpha * math.Exp(-0.5*(x[i]-x[j])*(x[i]-x[j])/(rho*rho))
			}
			cov[i*n+i] += sigma
		}
		var chol mat.Cholesky
		chol.Factorize(mat.NewSymDense(n, cov))
		var L mat.TriDense
		chol.LTo(&L)
		lp += 24*math.Log(rho) - 4*rho // rho ~ gamma(25, 4)
		lp += -0.5*(alpha/2)*(alpha/2) - 0.5*sigma*sigma
		z := make([]float64, n) // L z = y
		for i := range n {
			s := y[i]
			for j := 0; j < i; j++ {
				s -= L.At(i, j) * z[j]
			}
			z[i] = s / L.At(i, i)
			lp += -0.5*z[i]*z[i] - math.Log(L.At(i, i))
		}
		return lp
	}},
	{"sblrc-blr", func(t *testing.T, d *data.Data, q []float64) float64 {
		X, y := reals(t, d, "X"), reals(t, d, "y")
		D := d.Vars["D"].Ints[0]
		beta := q[:D]
		sigma, lp := lowerT(q[D])
		for _, b := range beta { // target += normal_lpdf: every constant kept
			lp += normalFull(b, 0, 10)
		}
		lp += normalFull(sigma, 0, 10)
		for i := range y {
			mu := 0.0
			for j := range D {
				mu += X[i*D+j] * beta[j]
			}
			lp += normalFull(y[i], mu, sigma)
		}
		return lp
	}},
	{"hmm_example-hmm_example", func(t *testing.T, d *data.Data, q []float64) float64 {
		y := reals(t, d, "y")
		inv := func(u float64) float64 { return 1 / (1 + math.Exp(-u)) }
		s1, s2 := inv(q[0]), inv(q[1]) // simplex[2]: z = inv_logit(u - log 1)
		theta := [2][2]float64{{s1, 1 - s1}, {s2, 1 - s2}}
		mu := [2]float64{math.Exp(q[2]), math.Exp(q[2]) + math.Exp(q[3])} // positive_ordered
		lp := math.Log(s1) + math.Log1p(-s1) + math.Log(s2) + math.Log1p(-s2) + q[2] + q[3]
		lp += normalFull(mu[0], 3, 1) + normalFull(mu[1], 10, 1)
		lse := func(a, b float64) float64 {
			m := math.Max(a, b)
			return m + math.Log(math.Exp(a-m)+math.Exp(b-m))
		}
		var gamma [2]float64
		for k := range 2 {
			gamma[k] = normalFull(y[0], mu[k], 1)
		}
		for _, yt := range y[1:] {
			var next [2]float64
			for k := range 2 {
				next[k] = lse(gamma[0]+math.Log(theta[0][k])+normalFull(yt, mu[k], 1),
					gamma[1]+math.Log(theta[1][k])+normalFull(yt, mu[k], 1))
			}
			gamma = next
		}
		return lp + lse(gamma[0], gamma[1])
	}},
}

// TestPosteriorsAgainstStraightLine compares the compiled log density and
// gradient with the hand-written references at random points: the log
// density to 1e-10 relative, the gradient with the references' central
// differences to 1e-6.
func TestPosteriorsAgainstStraightLine(t *testing.T) {
	dir := posteriordbDir(t)
	for _, ref := range references {
		t.Run(ref.posterior, func(t *testing.T) {
			p, err := lang.LoadModel(filepath.Join(dir, ref.posterior, "model.bym"))
			if err != nil {
				t.Fatal(err)
			}
			d, err := data.ReadFile(p, filepath.Join(dir, ref.posterior, "data.json"))
			if err != nil {
				t.Fatal(err)
			}
			m, err := CompileModel(p, d)
			if err != nil {
				t.Fatal(err)
			}
			k := m.NewKernel()
			rng := rand.New(rand.NewPCG(7, 8))
			grad := make([]float64, k.Dim())
			f := func(q []float64) float64 { return ref.lp(t, d, q) }
			for point := 0; point < 3; point++ {
				q := randomPoint(rng, k.Dim())
				got, want := k.LogDensityGrad(grad, q), f(q)
				if math.Abs(got-want) > 1e-10*math.Abs(want) {
					t.Errorf("point %d: lp %.15g, reference %.15g", point, got, want)
				}
				for i := range q {
					fd := centralFD(f, q, i)
					if math.Abs(grad[i]-fd) > 1e-6*math.Max(1, math.Abs(fd))+1e-11*math.Abs(want) {
						t.Errorf("point %d: d lp/d q[%d] = %.12g, reference %.12g", point, i, grad[i], fd)
					}
				}
			}
		})
	}
}

// ---------------------------------------------------------------- lowering rules
