package sampler

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// unitSource is a Source whose normals are the unit vector e_j, for
// reading off the linear map drawMomentum applies to its normals.
type unitSource struct{ j, i int }

func (u *unitSource) Float64() float64 { return 0.5 }
func (u *unitSource) NormFloat64() float64 {
	v := 0.0
	if u.i == u.j {
		v = 1
	}
	u.i++
	return v
}

// testLowRank is a 5-d low-rank metric with two orthonormal directions,
// eigenvalues 9 and 0.04, and diagonal D = (0.5, 2, 1, 0.1, 30).
func testLowRank(t *testing.T) *lowRankMetric {
	t.Helper()
	d := 5
	u1 := []float64{1, 2, 0, -1, 1}
	u2 := []float64{0, 1, 1, 1, -1}
	normalise := func(u []float64) {
		n := math.Sqrt(dot(u, u))
		for i := range u {
			u[i] /= n
		}
	}
	normalise(u1)
	c := dot(u1, u2)
	for i := range u2 {
		u2[i] -= c * u1[i]
	}
	normalise(u2)
	m := newLowRankMetric(d)
	packed := append(append([]float64{9}, u1...), append([]float64{0.04}, u2...)...)
	if err := m.set([]float64{0.5, 2, 1, 0.1, 30}, packed); err != nil {
		t.Fatal(err)
	}
	return m
}

// TestLowRankMetric checks the low-rank metric's algebra against its
// dense form M^-1 = S (I + U (Lambda - I) U') S: p_sharp is M^-1 p, and
// the momenta p = L z that drawMomentum makes from normals z have
// covariance L L' = M, i.e. M^-1 L L' = I (to rounding).
func TestLowRankMetric(t *testing.T) {
	m := testLowRank(t)
	d := m.d
	dense := make([]float64, d*d)
	m.dense(dense)
	p := []float64{0.3, -1, 2, 0.5, -0.7}
	got := make([]float64, d)
	m.sharp(got, p)
	for i := range d {
		want := dot(dense[i*d:i*d+d], p)
		if math.Abs(got[i]-want) > 1e-12*math.Max(1, math.Abs(want)) {
			t.Errorf("p_sharp[%d] = %.15g, want %.15g", i, got[i], want)
		}
	}
	l := mat.NewDense(d, d, nil)
	col := make([]float64, d)
	for j := range d {
		m.drawMomentum(col, &unitSource{j: j})
		l.SetCol(j, col)
	}
	var llt, prod mat.Dense
	llt.Mul(l, l.T())
	prod.Mul(mat.NewDense(d, d, dense), &llt)
	for i := range d {
		for j := range d {
			want := 0.0
			if i == j {
				want = 1
			}
			if math.Abs(prod.At(i, j)-want) > 1e-10 {
				t.Fatalf("M^-1 cov(p) [%d,%d] = %.3g, want %g: the momenta are not N(0, M)", i, j, prod.At(i, j), want)
			}
		}
	}
	if err := m.set([]float64{1, 1, 1, 1, 1}, []float64{0, 1, 0, 0, 0, 0}); err == nil {
		t.Error("an eigenvalue of 0 was accepted")
	}
	if err := m.set([]float64{1, 1, 1, 1, 1}, []float64{1, 2, 3}); err == nil {
		t.Error("a direction of 2 entries was accepted in 5 dimensions")
	}
}

// corrGauss is a 6-d Gaussian whose coordinates 0 and 1 (sd 1 and 10)
// have correlation 0.99 and whose others are independent (sd 0.1, 1, 3,
// 30): its covariance and precision, row-major.
func corrGauss() (sigma, prec []float64) {
	sd := []float64{1, 10, 0.1, 1, 3, 30}
	d := len(sd)
	s := mat.NewSymDense(d, nil)
	for i := range d {
		s.SetSym(i, i, sd[i]*sd[i])
	}
	s.SetSym(0, 1, 0.99*sd[0]*sd[1])
	var p mat.Dense
	if err := p.Inverse(s); err != nil {
		panic(err)
	}
	return mat.DenseCopyOf(s).RawMatrix().Data, p.RawMatrix().Data
}

// TestLowRankFitGaussian: for a Gaussian posterior with exact gradients
// g = -Sigma^-1 x, the geometric mean of the draws' covariance and the
// inverse of the gradients' is Sigma itself, whatever the draws (S_g =
// P S_x P, and Sigma S_g Sigma = S_x), so the estimate recovers Sigma up to
// the regularisation gamma, not Monte Carlo error: after the diagonal
// scaling, the correlated pair's directions have eigenvalues 14.1 and
// 0.071 (kept, outside [1/2, 2]) and the four independent coordinates
// eigenvalue 1 (dropped). gamma adds about n gamma / (2 * 0.071) = 1.4% to
// the smallest eigenvalue for n = 200 draws, far less to M^-1's norm; the
// draws' sample covariance alone would be off by about sqrt(2/n) = 10%.
func TestLowRankFitGaussian(t *testing.T) {
	sigma, _ := corrGauss()
	d, n := 6, 200
	draws, grads := gaussRows(t, rand.New(rand.NewPCG(3, 1)), n)
	m := newLowRankMetric(d)
	inv := make([]float64, d)
	packed := lowRankFit(inv, nil, draws, grads, n, d, m.sigma, true)
	if err := m.set(inv, packed); err != nil {
		t.Fatal(err)
	}
	if k := len(m.vals); k != 2 {
		t.Errorf("%d directions kept (eigenvalues %v), want the correlated pair's 2", k, m.vals)
	}
	got := make([]float64, d*d)
	m.dense(got)
	var num, den float64
	for i, v := range sigma {
		num += (got[i] - v) * (got[i] - v)
		den += v * v
	}
	r := math.Sqrt(num / den)
	t.Logf("kept eigenvalues %.4g; relative error of M^-1 %.2e", m.vals, r)
	if r > 0.01 {
		t.Errorf("||M^-1 - Sigma|| / ||Sigma|| = %.4f, want < 0.01\nM^-1 = %v\nSigma = %v", r, got, sigma)
	}
}

// TestNutpieLowRankRun runs nutpie's warmup, and Stan's windows estimating
// nutpie's way, with the low-rank metric on
// the correlated Gaussian: the adapted M^-1 is Sigma to within 1% (as in
// TestLowRankFitGaussian, the windows' draws need not be from the
// posterior), and the chains then sample the correlated coordinates'
// variances within 4 MCSE.
func TestNutpieLowRankRun(t *testing.T) {
	for _, tt := range []struct {
		adapt  AdaptMethod
		warmup int
	}{
		{AdaptNutpie, NutpieLowRankWarmup},
		{AdaptStan, 1000}, // Stan's windows, the estimate nutpie's
	} {
		t.Run(tt.adapt.String(), func(t *testing.T) { lowRankRun(t, tt.adapt, tt.warmup) })
	}
}

func lowRankRun(t *testing.T, adapt AdaptMethod, warmup int) {
	sigma, prec := corrGauss()
	d := 6
	cfg := testConfig(2, 5)
	cfg.Adapt, cfg.Metric, cfg.Warmup, cfg.Samples = adapt, LowRank, warmup, 1000
	r, err := collect(t, cfg, same(mvnKernel{d: d, prec: prec}))
	if err != nil {
		t.Fatal(err)
	}
	for c := range cfg.Chains {
		st := &ChainState{Metric: LowRank, InvMetric: r.adapt[c].InvMetric, LowRank: r.adapt[c].LowRank}
		m, err := metricFrom(st, d)
		if err != nil {
			t.Fatal(err)
		}
		got := make([]float64, d*d)
		m.(*lowRankMetric).dense(got)
		var num, den float64
		for i, v := range sigma {
			num += (got[i] - v) * (got[i] - v)
			den += v * v
		}
		e := math.Sqrt(num / den)
		t.Logf("chain %d: %d directions, relative error of M^-1 %.2e", c, len(r.adapt[c].LowRank)/(d+1), e)
		if e > 0.01 {
			t.Errorf("chain %d: ||M^-1 - Sigma|| / ||Sigma|| = %.4f, want < 0.01", c, e)
		}
	}
	for i := range 2 {
		mean, mcse := meanMCSE(mapSeries(r.coord(i), func(x float64) float64 { return x * x }))
		if want := sigma[i*d+i]; math.Abs(mean-want) > 4*mcse {
			t.Errorf("coordinate %d: E[x^2] %.4g, want %.4g (4 MCSE %.3g)", i, mean, want, 4*mcse)
		}
	}
}

// TestLowRankEarlyDiagonal: in nutpie's early phase the low-rank estimate
// keeps its diagonal alone; after it, the correlated Gaussian's draws give
// it directions.
func TestLowRankEarlyDiagonal(t *testing.T) {
	d, n := 6, 200
	e := newLowRankEstimate(d)
	m := newLowRankMetric(d)
	draws, grads := gaussRows(t, rand.New(rand.NewPCG(3, 4)), n)
	for k := range n {
		e.add(draws[k*d:k*d+d], grads[k*d:k*d+d])
	}
	for _, early := range []bool{true, false} {
		if _, err := e.update(m, true, early); err != nil {
			t.Fatal(err)
		}
		if k := len(m.vals); early != (k == 0) {
			t.Errorf("early %v: %d directions", early, k)
		}
	}
}

// gaussRows draws n rows from corrGauss's Gaussian, shifted by 5 (the
// estimates centre them), with their gradients.
func gaussRows(t *testing.T, rng *rand.Rand, n int) (draws, grads []float64) {
	sigma, prec := corrGauss()
	d := 6
	var chol mat.Cholesky
	if !chol.Factorize(mat.NewSymDense(d, sigma)) {
		t.Fatal("Sigma is not positive definite")
	}
	var lower mat.TriDense
	chol.LTo(&lower)
	draws, grads = make([]float64, n*d), make([]float64, n*d)
	z := mat.NewVecDense(d, nil)
	var x mat.VecDense
	for k := range n {
		for i := range d {
			z.SetVec(i, rng.NormFloat64())
		}
		x.MulVec(&lower, z)
		for i := range d {
			draws[k*d+i] = x.AtVec(i) + 5
			g := 0.0
			for j := range d {
				g -= prec[i*d+j] * x.AtVec(j)
			}
			grads[k*d+i] = g
		}
	}
	return draws, grads
}

// TestStanWindowsLowRankNearOnly: under Stan's windows the low-rank metric
// takes nutpie's estimate from a window drawn near the posterior (the
// correlated Gaussian's draws with their log densities: variance about
// d/2), and Stan's diagonal one, without directions, from the same draws
// when their log densities vary as a chain's arriving from far out; from
// the window's second half where only its first half varies so (the
// first window: iterations 75 to 99, its second half from 87).
func TestStanWindowsLowRankNearOnly(t *testing.T) {
	_, prec := corrGauss()
	d, n := 6, 100
	draws, grads := gaussRows(t, rand.New(rand.NewPCG(3, 5)), n)
	for _, tt := range []struct {
		name       string
		lpScale    float64
		farUntil   int // iterations before this one have lpScale; later ones 1
		directions bool
	}{
		{"near", 1, 0, true},
		{"far", 1e6, 1000, false},
		{"far then near", 1e6, 87, true},
		{"far into the second half", 1e6, 88, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			a := newAdapter(LowRank, d, newWindows(1000, AdaptInitBuffer), 0.8, 1)
			lm := newLowRankMetric(d)
			s := &nuts{integrator: integrator{metric: lm}}
			for it := 0; ; it++ {
				k := it % n
				q := draws[k*d : k*d+d]
				var lp float64
				for i := range d {
					for j := range d {
						lp -= 0.5 * (q[i] - 5) * prec[i*d+j] * (q[j] - 5)
					}
				}
				if it < tt.farUntil {
					lp *= tt.lpScale
				}
				s.cur = point{q: q, grad: grads[k*d : k*d+d], logp: lp}
				updated, err := a.learnMetric(s)
				if err != nil {
					t.Fatal(err)
				}
				if updated {
					break
				}
			}
			if got := len(lm.vals) > 0; got != tt.directions {
				t.Errorf("%d directions after the first window; want directions: %v", len(lm.vals), tt.directions)
			}
		})
	}
}

// TestShortBufferKeepsMetricInTransit: after the short initial buffer
// (Config.ShortInitBuffer), a first window (iterations 25 to 49) drawn
// on the way in, near the posterior in neither half, leaves the metric
// as it is; the next window (50 to 99), drawn near, sets the low-rank
// estimate.
func TestShortBufferKeepsMetricInTransit(t *testing.T) {
	_, prec := corrGauss()
	d, n := 6, 100
	draws, grads := gaussRows(t, rand.New(rand.NewPCG(3, 5)), n)
	a := newAdapter(LowRank, d, newWindows(500, AutoInitBuffer), 0.8, 1)
	lm := newLowRankMetric(d)
	before := slices.Clone(lm.inverse())
	s := &nuts{integrator: integrator{metric: lm}}
	for it := range 100 {
		q := draws[it*d : it*d+d]
		var lp float64
		for i := range d {
			for j := range d {
				lp -= 0.5 * (q[i] - 5) * prec[i*d+j] * (q[j] - 5)
			}
		}
		if it < 50 {
			lp *= 1e6 // arriving from far out
		}
		s.cur = point{q: q, grad: grads[it*d : it*d+d], logp: lp}
		updated, err := a.learnMetric(s)
		if err != nil {
			t.Fatal(err)
		}
		switch {
		case it == 49 && (updated || !slices.Equal(lm.inverse(), before) || len(lm.vals) > 0):
			t.Fatalf("iteration 49: updated %v, inverse metric %v, %d directions; want the metric unchanged", updated, lm.inverse(), len(lm.vals))
		case it == 99 && (!updated || len(lm.vals) == 0):
			t.Fatalf("iteration 99: updated %v, %d directions; want the window's low-rank estimate", updated, len(lm.vals))
		}
	}
}
