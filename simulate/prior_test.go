package simulate_test

import (
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/bayes-dev/bayes/data"
	"github.com/bayes-dev/bayes/lang"
	"github.com/bayes-dev/bayes/simulate"
)

// repoRoot is the checkout's top folder, relative to this package.
const repoRoot = ".."

func load(t testing.TB, model, dataFile string) (*lang.Program, *data.Data) {
	t.Helper()
	p, err := lang.LoadModel(model)
	if err != nil {
		t.Fatal(err)
	}
	d, err := data.ReadFile(p, dataFile)
	if err != nil {
		t.Fatal(err)
	}
	return p, d
}

func quantile(xs []float64, q float64) float64 {
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	return sortedQuantile(s, q)
}

// sortedQuantile is the type-7 quantile (R's and numpy's default) of sorted s.
func sortedQuantile(s []float64, q float64) float64 {
	h := q * float64(len(s)-1)
	i := int(h)
	if i+1 >= len(s) {
		return s[len(s)-1]
	}
	return s[i] + (h-float64(i))*(s[i+1]-s[i])
}

// TestEightSchoolsPrior checks the prior predictive of the centered eight
// schools against the seed's NumPyro run (seed/eight_schools_numpyro.txt:
// mu variance 26.17, tau half-Cauchy(0, 5), theta and obs with variances in
// the thousands) by the distributions' exact properties.
func TestEightSchoolsPrior(t *testing.T) {
	p, d := load(t, filepath.Join(repoRoot, "models", "eight_schools.bym"), filepath.Join(repoRoot, "data", "schools.json"))
	const n = 1000
	draws, err := simulate.PriorPredictive(p, d.Vars, n, 20261125)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, v := range draws.Vars {
		names = append(names, v.Name)
	}
	if got := strings.Join(names, " "); got != "mu tau theta y" {
		t.Fatalf("variables %q, want mu tau theta y", got)
	}
	// mu ~ normal(0, 5): the sample variance s2 (ddof 0) has mean 25 (n-1)/n
	// and, for normal draws, sd 25 sqrt(2 / n) (chi-square with n - 1 df).
	mu := draws.Lookup("mu").Column(0)
	muMean, s2 := simulate.MeanVar(mu)
	if math.Abs(muMean) > 4*5/math.Sqrt(n) {
		t.Errorf("mean of mu = %g, want 0 within 4 sd/sqrt(n) = %g", muMean, 4*5/math.Sqrt(n))
	}
	if sd := 25 * math.Sqrt(2.0/n); math.Abs(s2-25) > 4*sd {
		t.Errorf("variance of mu = %g, want 25 within 4 sd = %g", s2, 4*sd)
	}
	// tau ~ half-Cauchy(0, 5): median 5. The sample median's sd is
	// 1 / (2 f(5) sqrt(n)), f(5) = 2 / (pi 5 (1 + 1)) the half-Cauchy density at its median.
	tau := draws.Lookup("tau").Column(0)
	for _, x := range tau {
		if x < 0 {
			t.Fatalf("tau = %g < 0: the lower bound was not respected", x)
		}
	}
	f5 := 2 / (math.Pi * 5 * 2)
	if med, sd := quantile(tau, 0.5), 1/(2*f5*math.Sqrt(n)); math.Abs(med-5) > 4*sd {
		t.Errorf("median of tau = %g, want 5 within 4 sd = %g", med, sd)
	}
	// The seed's NumPyro run (1000 draws) has var(mu) = 26.17: the
	// difference of two independent sample variances has sd 25 sqrt(2 (2/n)).
	const seedVarMu = 26.169570922851562
	if sd := 25 * math.Sqrt(2*2.0/n); math.Abs(s2-seedVarMu) > 4*sd {
		t.Errorf("variance of mu = %g, the seed's %g: more than 4 sd = %g apart", s2, seedVarMu, 4*sd)
	}

	// theta[j] and y[j] are heavy-tailed (variances in the thousands, as in
	// the seed), so their quantiles are compared with an independent
	// simulation of the same model written out here with math/rand/v2
	// (mu = 5 z1, tau = |5 Cauchy|, theta = mu + tau z2, y = theta + sigma_j z3),
	// within 4 sd of the difference of two sample quantiles: sd(q_p) =
	// sqrt(p (1 - p) / n) / f(q_p), f estimated from the reference draws.
	sigma := []float64{15, 10, 16, 11, 9, 11, 10, 18}
	ref := rand.New(rand.NewPCG(99, 99))
	const m = 200000
	refTheta, refY := make([][]float64, 8), make([][]float64, 8)
	for range m {
		mu := 5 * ref.NormFloat64()
		tau := math.Abs(5 * math.Tan(math.Pi*(ref.Float64()-0.5)))
		for j := range 8 {
			th := mu + tau*ref.NormFloat64()
			refTheta[j] = append(refTheta[j], th)
			refY[j] = append(refY[j], th+sigma[j]*ref.NormFloat64())
		}
	}
	for _, c := range []struct {
		name string
		ref  [][]float64
	}{{"theta", refTheta}, {"y", refY}} {
		v := draws.Lookup(c.name)
		if len(v.Shape) != 1 || v.Shape[0] != 8 {
			t.Fatalf("%s shape %v, want [8]", c.name, v.Shape)
		}
		for j := range 8 {
			xs := v.Column(j)
			sort.Float64s(xs)
			rs := c.ref[j]
			sort.Float64s(rs)
			for _, p := range []float64{0.1, 0.25, 0.5, 0.75, 0.9} {
				q, qr := sortedQuantile(xs, p), sortedQuantile(rs, p)
				dens := 0.02 / (sortedQuantile(rs, p+0.01) - sortedQuantile(rs, p-0.01))
				sd := math.Sqrt(p*(1-p)/n+p*(1-p)/m) / dens
				if math.Abs(q-qr) > 4*sd {
					t.Errorf("%s[%d]: quantile %g = %g, reference %g, more than 4 sd = %g apart", c.name, j+1, p, q, qr, 4*sd)
				}
			}
			if _, vr := simulate.MeanVar(xs); vr < 1000 {
				t.Errorf("variance of %s[%d] = %g, want thousands (heavy tails)", c.name, j+1, vr)
			}
		}
	}
}

func sharedDir(t testing.TB) string {
	t.Helper()
	dir, _ := filepath.Abs(filepath.Join(repoRoot, "..", "shared"))
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("skipping: %s is absent (posteriordb lives there, beside the checkout)", dir)
	}
	return dir
}

// TestPosteriordb runs every posteriordb model through simulate.PriorPredictive: the
// ones with proper priors must draw, and those INDEX.md Note 4 lists as flat
// (improper) must be refused naming each flat parameter.
func TestPosteriordb(t *testing.T) {
	dir := filepath.Join(sharedDir(t), "posteriordb")
	// From INDEX.md Note 4 (improper priors); the hmm_* simplexes have only
	// target += dirichlet_lpdf on a transformed parameter, which bayes cannot draw from.
	refused := map[string][]string{
		"earnings-earn_height":                  {"beta", "sigma"},
		"earnings-logearn_interaction":          {"beta", "sigma"},
		"kidiq_with_mom_work-kidscore_mom_work": {"beta", "sigma"},
		"mesquite-logmesquite_logvas":           {"beta", "sigma"},
		"nes1992-nes":                           {"beta", "sigma"},
		"kidiq-kidscore_interaction":            {"beta"},
		"kilpisjarvi_mod-kilpisjarvi":           {"sigma"},
		"garch-garch11":                         {"mu", "alpha0"},
		"hmm_example-hmm_example":               {"theta1", "theta2"},
		"bball_drive_event_0-hmm_drive_0":       {"theta1", "theta2"},
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		name := e.Name()
		t.Run(name, func(t *testing.T) {
			p, d := load(t, filepath.Join(dir, name, "model.bym"), filepath.Join(dir, name, "data.json"))
			draws, err := simulate.PriorPredictive(p, d.Vars, 20, 1)
			if want, ok := refused[name]; ok {
				if err == nil {
					t.Fatalf("simulate.PriorPredictive accepted a model with improper priors on %v", want)
				}
				for _, w := range want {
					if !strings.Contains(err.Error(), `parameter "`+w+`" has no prior statement (~)`) {
						t.Errorf("error does not name %q:\n%v", w, err)
					}
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			for _, v := range draws.Vars {
				for _, x := range v.Values {
					if math.IsNaN(x) {
						t.Fatalf("%s has a NaN draw", v.Name)
					}
				}
			}
		})
	}
}
