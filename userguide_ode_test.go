package bayes

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"maps"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/bayes-dev/bayes/sampler"
)

// The User's Guide's ODE models (issue 16): Lotka-Volterra, the boarding
// school SIR and a one-compartment oral-dose PK model, each fitted to data
// simulated here from known parameters. The data sets are committed in
// testdata/userguide; TestGuideODEData checks they are what the simulators
// below give, and -update-ode-data rewrites them.

var updateODEData = flag.Bool("update-ode-data", false, "rewrite testdata/userguide's simulated ODE data sets")

// odeDataSeed seeds the simulators: each data set has its own stream,
// rand.NewPCG(odeDataSeed, stream).
const odeDataSeed = 20261216

// lotkaVolterraTruth holds the parameters the Lotka-Volterra data were
// simulated from: close to the posterior means of Carpenter's case study
// for the Hudson's Bay Company's hare and lynx pelts of 1900-1920.
var lotkaVolterraTruth = map[string]float64{
	"theta[1]": 0.55, "theta[2]": 0.028, "theta[3]": 0.80, "theta[4]": 0.024,
	"z_init[1]": 33.9, "z_init[2]": 5.9, "sigma[1]": 0.25, "sigma[2]": 0.25,
}

// sirTruth holds the parameters of the simulated outbreak: near the
// posterior of Grinsztajn et al. (2021) for the boarding school, in its
// population of 763 with one student infected at day 0.
var sirTruth = map[string]float64{"beta": 1.7, "gamma": 0.5, "phi_inv": 0.1}

// pkTruth holds the parameters of the simulated concentrations after an
// oral dose of 100 (mg): rates per hour, V in litres.
var pkTruth = map[string]float64{"ka": 1.2, "ke": 0.2, "V": 20, "sigma": 0.15}

// rk4 solves y' = f(t, y), y(0) = y0, at the increasing times ts with the
// classical fourth-order Runge-Kutta method at a fixed step of at most h
// (Hairer, Nørsett and Wanner, Solving ODEs I, Table II.1.2): a solver
// that shares nothing with package ode, whose error here, O(h⁴) with
// h = 1e-3, is far below the data's noise.
func rk4(f func(t float64, y, dy []float64), y0, ts []float64, h float64) [][]float64 {
	n := len(y0)
	y := slices.Clone(y0)
	k1, k2, k3, k4, tmp := make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n)
	t := 0.0
	out := make([][]float64, len(ts))
	for i, tout := range ts {
		steps := int(math.Ceil((tout - t) / h))
		dt := (tout - t) / float64(steps)
		for range steps {
			f(t, y, k1)
			for j := range y {
				tmp[j] = y[j] + dt/2*k1[j]
			}
			f(t+dt/2, tmp, k2)
			for j := range y {
				tmp[j] = y[j] + dt/2*k2[j]
			}
			f(t+dt/2, tmp, k3)
			for j := range y {
				tmp[j] = y[j] + dt*k3[j]
			}
			f(t+dt, tmp, k4)
			for j := range y {
				y[j] += dt / 6 * (k1[j] + 2*k2[j] + 2*k3[j] + k4[j])
			}
			t += dt
		}
		t = tout
		out[i] = slices.Clone(y)
	}
	return out
}

// round4 keeps four significant digits, as measurements would.
func round4(x float64) float64 {
	r, _ := strconv.ParseFloat(strconv.FormatFloat(x, 'g', 4, 64), 64)
	return r
}

// days is 1, 2, ..., n.
func days(n int) []float64 {
	ts := make([]float64, n)
	for i := range ts {
		ts[i] = float64(i + 1)
	}
	return ts
}

// lotkaVolterraRHS is the case study's dz_dt: hares u = z[0], lynxes v = z[1].
func lotkaVolterraRHS(alpha, beta, gamma, delta float64) func(t float64, z, dz []float64) {
	return func(_ float64, z, dz []float64) {
		dz[0] = (alpha - beta*z[1]) * z[0]
		dz[1] = (-gamma + delta*z[0]) * z[1]
	}
}

// The boarding school's population and the days of the outbreak observed.
const sirPop, sirDays = 763, 14

// sirRHS is the SIR model's right-hand side: S, I and R in y.
func sirRHS(beta, gamma float64) func(t float64, y, dy []float64) {
	return func(_ float64, y, dy []float64) {
		dy[0] = -beta * y[1] * y[0] / sirPop
		dy[1] = beta*y[1]*y[0]/sirPop - gamma*y[1]
		dy[2] = gamma * y[1]
	}
}

// lotkaVolterraData simulates hare (u) and lynx (v) counts at t = 0, ...,
// 20: the case study's ODE from z_init, each count the solution times
// exp(sigma ε), ε standard normal.
func lotkaVolterraData() any {
	p := lotkaVolterraTruth
	const n = 20
	ts := days(n)
	z := rk4(lotkaVolterraRHS(p["theta[1]"], p["theta[2]"], p["theta[3]"], p["theta[4]"]),
		[]float64{p["z_init[1]"], p["z_init[2]"]}, ts, 1e-3)
	rng := rand.New(rand.NewPCG(odeDataSeed, 1))
	noisy := func(x, sigma float64) float64 { return round4(x * math.Exp(sigma*rng.NormFloat64())) }
	sigma := []float64{p["sigma[1]"], p["sigma[2]"]}
	yInit := []float64{noisy(p["z_init[1]"], sigma[0]), noisy(p["z_init[2]"], sigma[1])}
	y := make([][]float64, n)
	for i := range y {
		y[i] = []float64{noisy(z[i][0], sigma[0]), noisy(z[i][1], sigma[1])}
	}
	return struct {
		N     int         `json:"N"`
		Ts    []float64   `json:"ts"`
		YInit []float64   `json:"y_init"`
		Y     [][]float64 `json:"y"`
	}{n, ts, yInit, y}
}

// sirData simulates the number infected on days 1 to 14 of an outbreak in
// the boarding school: the SIR solution's I(t) with negative-binomial
// error of mean I(t) and precision phi = 1/phi_inv, drawn as a Poisson of
// a gamma(phi, phi/I(t)) rate.
func sirData() any {
	p := sirTruth
	ts := days(sirDays)
	y0 := []float64{sirPop - 1, 1, 0}
	y := rk4(sirRHS(p["beta"], p["gamma"]), y0, ts, 1e-3)
	rng := rand.New(rand.NewPCG(odeDataSeed, 2))
	phi := 1 / p["phi_inv"]
	cases := make([]int, sirDays)
	for i := range cases {
		rate := distuv.Gamma{Alpha: phi, Beta: phi / y[i][1], Src: rng}.Rand()
		cases[i] = int(distuv.Poisson{Lambda: rate, Src: rng}.Rand())
	}
	return struct {
		NDays int       `json:"n_days"`
		Y0    []float64 `json:"y0"`
		T0    float64   `json:"t0"`
		Ts    []float64 `json:"ts"`
		N     int       `json:"N"`
		Cases []int     `json:"cases"`
	}{sirDays, y0, 0, ts, sirPop, cases}
}

// pkDose is the oral dose (mg) and pkTimes the sampling times of the PK
// data, in hours after it.
const pkDose = 100.0

var pkTimes = []float64{0.25, 0.5, 1, 1.5, 2, 3, 4, 6, 8, 12, 16, 24}

// pkData simulates the concentrations after an oral dose: the central
// compartment's amount by rk4, over V, times exp(sigma ε).
func pkData() any {
	p := pkTruth
	ka, ke := p["ka"], p["ke"]
	f := func(_ float64, a, da []float64) {
		da[0] = -ka * a[0]
		da[1] = ka*a[0] - ke*a[1]
	}
	a := rk4(f, []float64{pkDose, 0}, pkTimes, 1e-3)
	rng := rand.New(rand.NewPCG(odeDataSeed, 3))
	conc := make([]float64, len(pkTimes))
	for i := range conc {
		conc[i] = round4(a[i][1] / p["V"] * math.Exp(p["sigma"]*rng.NormFloat64()))
	}
	return struct {
		T    int       `json:"T"`
		Ts   []float64 `json:"ts"`
		Dose float64   `json:"dose"`
		Conc []float64 `json:"conc"`
	}{len(pkTimes), pkTimes, pkDose, conc}
}

// TestGuideODEData: the committed data sets are what the simulators give
// (so the truths above are the ones they were drawn from); with
// -update-ode-data it writes them.
func TestGuideODEData(t *testing.T) {
	for _, c := range []struct {
		name string
		sim  func() any
	}{{"lotka_volterra", lotkaVolterraData}, {"sir", sirData}, {"pk_oral", pkData}} {
		t.Run(c.name, func(t *testing.T) {
			want, err := json.Marshal(c.sim())
			if err != nil {
				t.Fatal(err)
			}
			want = append(want, '\n')
			path := filepath.Join("testdata", "userguide", c.name+".json")
			if *updateODEData {
				if err := os.WriteFile(path, want, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			got, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s is not what the simulator gives:\n got %s\nwant %s(rerun with -update-ode-data if the simulator changed on purpose)", path, got, want)
			}
		})
	}
}

// sampleODE runs the model of testdata/userguide with the data named as
// sampleGuide does, but with 4 chains of 500 + 500 and Stan's dense metric:
// the ODE solves make each gradient costly, and these posteriors have
// strongly correlated parameters (the Lotka-Volterra rates, the PK model's
// ka and V), which a diagonal metric explores with 4 (PK) to 16
// (Lotka-Volterra) times the gradients per effective draw. The 2000 draws
// give bulk ESS of 1200 to 2700, so MCSEs of 2 to 3% of a posterior sd.
// init, when not empty, names a file of initial values in
// testdata/userguide.
func sampleODE(t *testing.T, model, data, init string) *Run {
	t.Helper()
	cfg := sampler.DefaultConfig()
	cfg.Chains, cfg.Warmup, cfg.Samples, cfg.Seed = 4, 500, 500, 20261205
	cfg.Metric = sampler.Dense
	dir := filepath.Join("testdata", "userguide")
	req := Request{Model: filepath.Join(dir, model+".bym"), Data: filepath.Join(dir, data+".json"),
		Sampler: cfg, Device: DeviceCPU, Quiet: true}
	if init != "" {
		req.InitFile = filepath.Join(dir, init+".json")
	}
	r, err := Sample(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// recovers checks a fit to simulated data: no divergences, R-hat below
// 1.01 and each true value inside its parameter's central 99% posterior
// interval (from all chains' draws). With the eight parameters of the
// largest model, all eight would be inside at about 0.99⁸ = 92% of data
// sets; the data are fixed, so this one either is or is not.
func recovers(t *testing.T, r *Run, truth map[string]float64) {
	t.Helper()
	if n := r.Divergences(); n > 0 {
		t.Errorf("%d divergent transitions", n)
	}
	for _, name := range slices.Sorted(maps.Keys(truth)) {
		s := summaryOf(t, r, name)
		if !(s.Rhat < 1.01) {
			t.Errorf("%s: R-hat %.4f", name, s.Rhat)
		}
		lo, hi := centralInterval(t, r, name, 0.99)
		t.Logf("%s: true %.4g, posterior mean %.4g (sd %.2g, MCSE %.2g), 99%% [%.4g, %.4g], R-hat %.4f",
			name, truth[name], s.Mean, s.SD, s.MCSEMean, lo, hi, s.Rhat)
		if truth[name] < lo || truth[name] > hi {
			t.Errorf("%s: true value %.4g outside the central 99%% interval [%.4g, %.4g]", name, truth[name], lo, hi)
		}
	}
}

// centralInterval is the central interval of mass p of the column's draws,
// all chains pooled, between the order statistics at (1-p)/2 and (1+p)/2.
func centralInterval(t *testing.T, r *Run, name string, p float64) (lo, hi float64) {
	t.Helper()
	v := slices.Index(r.Names, name)
	if v < 0 {
		t.Fatalf("no column %s", name)
	}
	var draws []float64
	for _, chain := range r.Draws[v] {
		draws = append(draws, chain...)
	}
	slices.Sort(draws)
	at := func(q float64) float64 { return draws[int(q*float64(len(draws)-1))] }
	return at((1 - p) / 2), at((1 + p) / 2)
}

// solutionAgrees checks the ODE solution in the draws against an
// independent one at the draw's parameters, in 20 draws spread over the
// chains: solve gives both, got from the draw and want from rk4 or a closed
// form, reading the draw's columns by name through x. Each must be within
// 10 times the solver's tolerance atol + rtol |y|. The tolerance bounds
// the error of each step; the global error, which adds up over the 60 to
// 150 steps, stays below a third of it in these runs.
func solutionAgrees(t *testing.T, r *Run, rtol, atol float64, solve func(x func(string) float64) (got, want [][]float64)) {
	t.Helper()
	worst, at := 0.0, ""
	for c := range r.Draws[0] {
		for i := 0; i < len(r.Draws[0][c]); i += len(r.Draws[0][c]) / 5 {
			x := func(name string) float64 {
				v := slices.Index(r.Names, name)
				if v < 0 {
					t.Fatalf("no column %s", name)
				}
				return r.Draws[v][c][i]
			}
			got, want := solve(x)
			for n := range want {
				for k, w := range want[n] {
					if e := math.Abs(got[n][k]-w) / (atol + rtol*math.Abs(w)); !(e <= worst) {
						worst, at = e, fmt.Sprintf("chain %d draw %d: time %d, state %d = %.8g, want %.8g", c+1, i+1, n+1, k+1, got[n][k], w)
					}
				}
			}
		}
	}
	if !(worst <= 10) {
		t.Errorf("%s: %.3g times the tolerance", at, worst)
	}
	t.Logf("ODE solution against the reference: at most %.2g times the tolerance (%s)", worst, at)
}

// columns reads the draw's columns format(n, k) for n < nt, k < ns, from 1.
func columns(x func(string) float64, format string, nt, ns int) [][]float64 {
	out := make([][]float64, nt)
	for n := range out {
		out[n] = make([]float64, ns)
		for k := range out[n] {
			out[n][k] = x(fmt.Sprintf(format, n+1, k+1))
		}
	}
	return out
}

// TestGuideLotkaVolterra: the case study's predator-prey model (ode_rk45_tol
// with theta = {alpha, beta, gamma, delta}, lognormal error) recovers the
// parameters its data were simulated from.
func TestGuideLotkaVolterra(t *testing.T) {
	r := sampleODE(t, "lotka_volterra", "lotka_volterra", "")
	recovers(t, r, lotkaVolterraTruth)
	solutionAgrees(t, r, 1e-5, 1e-3, func(x func(string) float64) (got, want [][]float64) {
		f := lotkaVolterraRHS(x("theta[1]"), x("theta[2]"), x("theta[3]"), x("theta[4]"))
		return columns(x, "z[%d,%d]", 20, 2), rk4(f, []float64{x("z_init[1]"), x("z_init[2]")}, days(20), 1e-3)
	})
}

// TestGuideSIR: the boarding-school SIR model (integrate_ode_rk45,
// neg_binomial_2 on the infected counts) recovers beta, gamma and phi_inv
// from a simulated outbreak.
func TestGuideSIR(t *testing.T) {
	r := sampleODE(t, "sir", "sir", "")
	recovers(t, r, sirTruth)
	solutionAgrees(t, r, 1e-6, 1e-6, func(x func(string) float64) (got, want [][]float64) {
		f := sirRHS(x("beta"), x("gamma"))
		return columns(x, "y[%d,%d]", sirDays, 3), rk4(f, []float64{sirPop - 1, 1, 0}, days(sirDays), 1e-3)
	})
}

// TestGuidePK: the one-compartment oral-dose model solved by ode_bdf_tol
// against the same model through its closed form (posterior means and sds
// within the two runs' joint Monte Carlo error; the solver's error, 1e-6
// relative, is far below it), and both fits' recovery of the simulated
// truth. Both start at ke = 0.2 (the other parameters drawn as usual): a
// chain started at ke near e² has amounts of 1e-26 at 24 h, far below the
// solver's absolute tolerance, so log(c_hat) and its gradient there are
// rounding noise and the chain stalls with a step size of 1e-8.
func TestGuidePK(t *testing.T) {
	ode := sampleODE(t, "pk_oral", "pk_oral", "pk_oral_init")
	exact := sampleODE(t, "pk_oral_analytic", "pk_oral", "pk_oral_init")
	for _, name := range []string{"ka", "ke", "V", "sigma", "c_hat[1]", "c_hat[6]", "c_hat[12]"} {
		x, y := summaryOf(t, ode, name), summaryOf(t, exact, name)
		within(t, name+" mean", x.Mean, y.Mean, math.Hypot(x.MCSEMean, y.MCSEMean))
		within(t, name+" sd", x.SD, y.SD, math.Hypot(x.MCSESD, y.MCSESD))
	}
	recovers(t, ode, pkTruth)
	recovers(t, exact, pkTruth)
	// the central amount, c_hat V, against the closed form at each draw
	solutionAgrees(t, ode, 1e-6, 1e-6, func(x func(string) float64) (got, want [][]float64) {
		ka, ke, v := x("ka"), x("ke"), x("V")
		for i, ts := range pkTimes {
			got = append(got, []float64{x(fmt.Sprintf("c_hat[%d]", i+1)) * v})
			want = append(want, []float64{pkDose * ka / (ka - ke) * (math.Exp(-ke*ts) - math.Exp(-ka*ts))})
		}
		return got, want
	})
}
