package validation

// `--noncentered auto` chooses, per hierarchical site, the form that the data
// favour (compiler/reparam/reparam_auto.go). This test checks the choice against
// what it is for: for each regime it simulates data, asks auto, samples the
// centered and the non-centered model with the same seed, and requires the
// chosen form to give the larger bulk ESS for the hyper-parameters (the
// smallest over them, since one bad one spoils the run). Both forms have the
// same posterior; only the sampler's efficiency differs.
//
// The regimes are those of issue 20: many observations per group (auto must
// keep the site centered; rewriting it cut mu_a's ESS from about 1000 to 4)
// and eight-schools-like data, one noisy observation per group (auto must
// rewrite). `make test` runs smaller data sets of the same regimes;
// `make validate` the 50 groups x 1000 observations.

import (
	"encoding/json"
	"fmt"
	"github.com/bayes-dev/bayes/compiler/reparam"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/bayes-dev/bayes/compiler"
	"github.com/bayes-dev/bayes/data"
	"github.com/bayes-dev/bayes/diagnostics"
	"github.com/bayes-dev/bayes/fit"
	"github.com/bayes-dev/bayes/lang"
	"github.com/bayes-dev/bayes/sampler"
)

// ncRegime is one data regime: a model, its simulated data, its
// hierarchical site and the hyper-parameters whose ESS is compared.
type ncRegime struct {
	name   string
	model  string
	site   string
	hypers []string
	data   func(r *rand.Rand) map[string]any
	want   string // auto's choice: "centered" or "non-centered"
}

// ncGroups simulates n observations in each of k groups: a[j] ~ normal(mu,
// tau), y ~ normal(a[g], sigma).
func ncGroups(k, n int, mu, tau, sigma float64) func(r *rand.Rand) map[string]any {
	return func(r *rand.Rand) map[string]any {
		var g []int
		var y []float64
		for j := range k {
			a := mu + tau*r.NormFloat64()
			for range n {
				g = append(g, j+1)
				y = append(y, a+sigma*r.NormFloat64())
			}
		}
		return map[string]any{"N": len(y), "J": k, "g": g, "y": y}
	}
}

// ncSchools simulates eight schools: the published standard errors, and
// effects theta[j] ~ normal(5, 3), small beside them.
func ncSchools(r *rand.Rand) map[string]any {
	sigma := []float64{15, 10, 16, 11, 9, 11, 10, 18}
	y := make([]float64, len(sigma))
	for j, s := range sigma {
		y[j] = 5 + 3*r.NormFloat64() + s*r.NormFloat64()
	}
	return map[string]any{"J": len(sigma), "y": y, "sigma": sigma}
}

func TestNoncenteredAutoESS(t *testing.T) {
	const varying = "../compiler/reparam/testdata/reparam/auto/varying_intercept.bym"
	perGroup, groups := 50, 10
	if slowEnabled {
		perGroup, groups = 1000, 50
	}
	regimes := []ncRegime{
		{name: fmt.Sprintf("informative_%dx%d", groups, perGroup), model: varying, site: "a",
			hypers: []string{"mu_a", "sigma_a"}, data: ncGroups(groups, perGroup, 0, 1, 1), want: "centered"},
		{name: "sparse_50x2", model: varying, site: "a",
			hypers: []string{"mu_a", "sigma_a"}, data: ncGroups(50, 2, 0, 0.2, 1), want: "non-centered"},
		{name: "eight_schools", model: "../models/eight_schools.bym", site: "theta",
			hypers: []string{"mu", "tau"}, data: ncSchools, want: "non-centered"},
	}
	for i, rg := range regimes {
		t.Run(rg.name, func(t *testing.T) {
			prog, err := lang.LoadModel(rg.model)
			if err != nil {
				t.Fatal(err)
			}
			src, err := json.Marshal(rg.data(rand.New(rand.NewPCG(2020, uint64(i)))))
			if err != nil {
				t.Fatal(err)
			}
			data, err := data.Load(prog, rg.name+" data", src)
			if err != nil {
				t.Fatal(err)
			}
			_, notes, err := reparam.NonCenter(prog, reparam.Options{Vars: []string{"auto"}, Data: data})
			if err != nil {
				t.Fatal(err)
			}
			summary := reparam.AutoSummary(notes)
			t.Log(summary)
			if want := rg.site + ": " + rg.want + " ("; !slices.ContainsFunc(strings.Split(summary, "; "), func(part string) bool { return strings.HasPrefix(part, want) }) {
				t.Fatalf("auto chose %q, want %s", summary, want)
			}
			nc, _, err := reparam.NonCenter(prog, reparam.Options{Vars: []string{rg.site}})
			if err != nil {
				t.Fatal(err)
			}
			ess := map[string]float64{}
			for form, p := range map[string]*lang.Program{"centered": prog, "non-centered": nc} {
				ess[form] = ncMinESS(t, p, data, rg.hypers)
			}
			t.Logf("smallest bulk ESS of %v: centered %.0f, non-centered %.0f", rg.hypers, ess["centered"], ess["non-centered"])
			other := "centered"
			if rg.want == "centered" {
				other = "non-centered"
			}
			if !(ess[rg.want] > ess[other]) {
				t.Errorf("auto chose %s, but it gave the smaller ESS: %.0f against %.0f", rg.want, ess[rg.want], ess[other])
			}
		})
	}
}

// ncMinESS samples p (4 chains of 1000 draws after 1000 warmup, a fixed
// seed) and returns the smallest bulk ESS of the named parameters.
func ncMinESS(t *testing.T, p *lang.Program, data *data.Data, names []string) float64 {
	t.Helper()
	model, err := compiler.CompileModel(p, data)
	if err != nil {
		t.Fatal(err)
	}
	cfg := sampler.DefaultConfig()
	cfg.Chains, cfg.Seed = 4, 20
	res, err := fit.Run(fit.Options{
		Sampler:   cfg,
		Names:     model.OutputNames(),
		NewKernel: func(int) fit.Kernel { return model.NewKernel() },
	})
	if err != nil {
		t.Fatal(err)
	}
	ess := math.Inf(1)
	for _, name := range names {
		k := -1
		for i, n := range res.Names {
			if n == name {
				k = i
			}
		}
		if k < 0 {
			t.Fatalf("no column %s in %v", name, res.Names)
		}
		ess = min(ess, diagnostics.ESSBulk(res.Draws[k]))
	}
	return ess
}
