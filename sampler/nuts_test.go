package sampler

import (
	"fmt"
	"math"
	"testing"
)

// checkWithin fails unless |est - truth| < 4 mcse.
func checkWithin(t *testing.T, what string, est, mcse, truth float64) {
	t.Helper()
	if !(math.Abs(est-truth) < 4*mcse) {
		t.Errorf("%s = %.4g, want %.4g within 4 MCSE = %.3g", what, est, truth, 4*mcse)
	}
}

// checkMoments tests the mean and variance of coordinate i of the sampling
// draws against the truth, each within 4 MCSE; the variance is the mean of
// (x - mean)^2 with its own ESS.
func checkMoments(t *testing.T, r *result, i int, mean, variance float64) {
	t.Helper()
	x := r.coord(i)
	m, se := meanMCSE(x)
	checkWithin(t, fmt.Sprintf("mean of q[%d]", i), m, se, mean)
	sq := mapSeries(x, func(v float64) float64 { return (v - mean) * (v - mean) })
	v, sev := meanMCSE(sq)
	checkWithin(t, fmt.Sprintf("variance of q[%d]", i), v, sev, variance)
}

func TestStandardNormal(t *testing.T) {
	for _, d := range []int{1, 10, 100} {
		t.Run(fmt.Sprintf("d=%d", d), func(t *testing.T) {
			cfg := testConfig(4, 20261125)
			r, err := collect(t, cfg, same(gaussKernel{unitScales(d)}))
			if err != nil {
				t.Fatal(err)
			}
			for i := range d {
				checkMoments(t, r, i, 0, 1)
			}
			for c := range cfg.Chains {
				if got := len(r.q[c]); got != cfg.Samples {
					t.Errorf("chain %d: %d sampling draws, want %d", c, got, cfg.Samples)
				}
				if got := len(r.warmupQ[c]); got != cfg.Warmup {
					t.Errorf("chain %d: %d warmup draws, want %d", c, got, cfg.Warmup)
				}
				if r.progress[c] != cfg.Warmup+cfg.Samples {
					t.Errorf("chain %d: progress %d, want %d", c, r.progress[c], cfg.Warmup+cfg.Samples)
				}
			}
			// After warmup the step size is fixed and accept_stat__ averages
			// near adapt_delta (a loose band: dual averaging targets the
			// warmup mean, not the sampling mean).
			acc := 0.0
			for c := range r.stats {
				for _, s := range r.stats[c] {
					acc += s.AcceptStat
					if s.Stepsize != r.adapt[c].Stepsize {
						t.Fatalf("chain %d: stepsize__ %v after warmup, adapted %v", c, s.Stepsize, r.adapt[c].Stepsize)
					}
				}
			}
			acc /= float64(cfg.Chains * cfg.Samples)
			if acc < 0.6 || acc > 0.99 {
				t.Errorf("mean accept_stat__ = %.3f, want near adapt_delta 0.8", acc)
			}
		})
	}
}

// TestEnergyStat checks that energy__ is the Hamiltonian at the draw: for a
// d-dimensional standard normal with any metric, E[H] = d (potential d/2 plus
// kinetic d/2) when the draws are from the target.
func TestEnergyStat(t *testing.T) {
	const d = 5
	cfg := testConfig(4, 7)
	r, err := collect(t, cfg, same(gaussKernel{unitScales(d)}))
	if err != nil {
		t.Fatal(err)
	}
	h := make([][]float64, cfg.Chains)
	for c := range r.stats {
		for i, s := range r.stats[c] {
			h[c] = append(h[c], s.Energy)
			lp := 0.0
			for _, v := range r.q[c][i] {
				lp -= 0.5 * v * v
			}
			if math.Abs(lp-s.LP) > 1e-12*max(1, math.Abs(lp)) {
				t.Fatalf("lp__ = %v, want log density %v at the draw", s.LP, lp)
			}
		}
	}
	m, se := meanMCSE(h)
	checkWithin(t, "mean energy__", m, se, d)
}

func TestCorrelatedGaussian(t *testing.T) {
	const rho = 0.9
	k, sigma := corr2(rho)
	leapfrogs := map[Metric]float64{}
	for _, metric := range []Metric{Diag, Dense} {
		t.Run(metric.String(), func(t *testing.T) {
			cfg := testConfig(4, 42)
			cfg.Metric = metric
			r, err := collect(t, cfg, same(k))
			if err != nil {
				t.Fatal(err)
			}
			checkMoments(t, r, 0, 0, 1)
			checkMoments(t, r, 1, 0, 1)
			// The correlation: E[q0 q1] = rho.
			prod := make([][]float64, cfg.Chains)
			for c := range r.q {
				for _, q := range r.q[c] {
					prod[c] = append(prod[c], q[0]*q[1])
				}
			}
			m, se := meanMCSE(prod)
			checkWithin(t, "E[q0 q1]", m, se, rho)
			n := 0.0
			for c := range r.stats {
				for _, s := range r.stats[c] {
					n += float64(s.NLeapfrog)
				}
			}
			leapfrogs[metric] = n
			if metric == Dense {
				for c := range cfg.Chains {
					checkAdaptedMetric(t, r, c, sigma, true)
				}
			}
		})
	}
	// A dense metric that learnt the covariance removes the correlation, so
	// trajectories are shorter.
	if leapfrogs[Dense] >= leapfrogs[Diag] {
		t.Errorf("dense metric used %v leapfrog steps, diag %v: want fewer", leapfrogs[Dense], leapfrogs[Diag])
	}
}

func TestIllScaledGaussian(t *testing.T) {
	scales := []float64{1e-2, 1e-1, 1, 1e1, 1e2}
	cfg := testConfig(4, 3)
	r, err := collect(t, cfg, same(gaussKernel{scales}))
	if err != nil {
		t.Fatal(err)
	}
	truth := make([]float64, len(scales))
	for i, s := range scales {
		truth[i] = s * s
		checkMoments(t, r, i, 0, s*s)
	}
	for c := range cfg.Chains {
		checkAdaptedMetric(t, r, c, truth, false)
	}
}

// lastWindow is the last slow adaptation window of a 1000-iteration warmup,
// iterations 450..949 (Stan Reference Manual, "Adaptation": 75 + 25 + 50 +
// 100 + 200 + 500, then a 50-iteration terminal buffer).
const lastWindowStart, lastWindowEnd = 450, 950

// checkAdaptedMetric checks chain c's adapted inverse metric two ways.
// Exactly: it equals Stan's regularisation of the sample (co)variance of the
// last window's warmup draws, n/(n+5) S + 1e-3 5/(n+5) I. Statistically: the
// truth, regularised the same way, lies within 4 MCSE of it, the MCSE coming
// from the ESS of the window's products (x_i - m_i)(x_j - m_j).
func checkAdaptedMetric(t *testing.T, r *result, c int, truth []float64, dense bool) {
	t.Helper()
	win := r.warmupQ[c][lastWindowStart:lastWindowEnd]
	d := len(win[0])
	n := float64(len(win))
	mean := make([]float64, d)
	for _, q := range win {
		for i, v := range q {
			mean[i] += v / n
		}
	}
	inv := r.adapt[c].InvMetric
	for i := range d {
		for j := range d {
			if !dense && j != i {
				continue
			}
			prod := make([]float64, len(win))
			s := 0.0
			for k, q := range win {
				prod[k] = (q[i] - mean[i]) * (q[j] - mean[j])
				s += prod[k]
			}
			reg := func(v float64) float64 {
				v *= n / (n + 5)
				if i == j {
					v += 1e-3 * 5 / (n + 5)
				}
				return v
			}
			want := reg(s / (n - 1))
			got := inv[i]
			if dense {
				got = inv[i*d+j]
			}
			if math.Abs(got-want) > 1e-9*math.Abs(want)+1e-15 {
				t.Errorf("chain %d: inv_metric[%d,%d] = %.10g, want regularised window covariance %.10g", c, i, j, got, want)
			}
			_, se := meanMCSE([][]float64{prod})
			tr := truth[i]
			if dense {
				tr = truth[i*d+j]
			}
			checkWithin(t, fmt.Sprintf("chain %d inv_metric[%d,%d]", c, i, j), got, n/(n+5)*se, reg(tr))
		}
	}
}

// TestEightSchoolsDivergences runs the centered eight-schools posterior, whose
// funnel in (log tau, theta) defeats a step size adapted to its mouth: Stan
// and NumPyro report many divergences on it (the seed's run: ~1300 over its
// draws). Some must be detected and reported in divergent__.
func TestEightSchoolsDivergences(t *testing.T) {
	cfg := testConfig(4, 11)
	r, err := collect(t, cfg, same(eightSchools{}))
	if err != nil {
		t.Fatal(err)
	}
	div := 0
	for c := range r.stats {
		for _, s := range r.stats[c] {
			if s.Divergent {
				div++
				if s.Treedepth >= cfg.MaxTreeDepth {
					t.Errorf("divergent transition reports treedepth__ %d at the maximum", s.Treedepth)
				}
			}
		}
	}
	t.Logf("%d divergent transitions of %d", div, cfg.Chains*cfg.Samples)
	if div == 0 {
		t.Error("no divergences on the centered eight schools; want some")
	}
}

// TestMaxTreeDepth: with unit metric on scales 1e-2..1e2 the step size fits
// the narrowest direction and a U-turn in the widest needs ~1e4 steps, so every
// trajectory is cut at max_depth: treedepth__ = 2 and n_leapfrog__ <= 2^2 - 1.
func TestMaxTreeDepth(t *testing.T) {
	cfg := testConfig(2, 5)
	cfg.Metric = Unit
	cfg.MaxTreeDepth = 2
	cfg.Warmup, cfg.Samples = 200, 200
	r, err := collect(t, cfg, same(gaussKernel{[]float64{1e-2, 1, 1e2}}))
	if err != nil {
		t.Fatal(err)
	}
	saturated, n := 0, 0
	for c := range r.stats {
		for _, s := range r.stats[c] {
			n++
			if s.Treedepth > 2 || s.NLeapfrog > 3 {
				t.Fatalf("treedepth__ %d, n_leapfrog__ %d: want at most 2 and 3", s.Treedepth, s.NLeapfrog)
			}
			if s.Treedepth == 2 {
				saturated++
			}
		}
	}
	if saturated < n*9/10 {
		t.Errorf("treedepth__ hit 2 in %d of %d transitions; want nearly all", saturated, n)
	}
}
