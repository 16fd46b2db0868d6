package reparam

import (
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bayes-dev/bayes/data"
	"github.com/bayes-dev/bayes/lang"
	"github.com/bayes-dev/bayes/lang/printer"
)

// The --noncentered auto rule (reparam_auto.go) on data simulated here with
// fixed seeds. Whether its choices sample better is checked by
// validation.TestNoncenteredAutoESS; these tests check, quickly, that the
// data are read right and the rule applied as documented.

// simGroups simulates n observations in each of k groups, a[j] ~
// normal(mu, tau) and y ~ normal(a[g], sigma), from its own stream.
func simGroups(seed uint64, k, n int, mu, tau, sigma float64) (g []int, y []float64) {
	r := rand.New(rand.NewPCG(seed, 20))
	for j := range k {
		a := mu + tau*r.NormFloat64()
		for range n {
			g = append(g, j+1)
			y = append(y, a+sigma*r.NormFloat64())
		}
	}
	return g, y
}

// autoNotes runs auto with the data vars (marshalled to JSON and bound as
// a data file is) and returns its notes by parameter.
func autoNotes(t *testing.T, p *lang.Program, vars map[string]any) map[string]Note {
	t.Helper()
	src, err := json.Marshal(vars)
	if err != nil {
		t.Fatal(err)
	}
	d, err := data.Load(p, "simulated.json", src)
	if err != nil {
		t.Fatal(err)
	}
	q, notes, err := NonCenter(p, Options{Vars: []string{"auto"}, Data: d})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := lang.ParseAndCheck("rewritten.bym", printer.Format(q)); err != nil {
		t.Fatalf("the rewritten model is not valid input: %v", err)
	}
	out := map[string]Note{}
	for _, n := range notes {
		t.Log(n)
		out[n.Var] = n
	}
	return out
}

// TestAutoTwoRegimes is issue 20's case: one model with eight schools'
// site theta (8 groups, 1 noisy observation each) and a varying-intercept
// site a (50 groups of 1000 observations). auto must rewrite theta and
// leave a centered, and say so in one line.
func TestAutoTwoRegimes(t *testing.T) {
	p := loadReparamModel(t, filepath.Join(reparamDir, "auto", "two_regimes.bym"))
	g, y := simGroups(1, 50, 1000, 0, 1, 1)
	notes := autoNotes(t, p, map[string]any{
		"J": 8, "y_s": []float64{28, 8, -3, 7, -1, 1, 18, 12}, "sigma_s": []float64{15, 10, 16, 11, 9, 11, 10, 18},
		"N": len(y), "K": 50, "g": g, "y": y})
	got := AutoSummary([]Note{notes["theta"], notes["a"]})
	want := "theta: non-centered (8 groups, 1 observation each); a: centered (50 groups, 1000 observations each)"
	if got != want {
		t.Errorf("summary\ngot  %s\nwant %s", got, want)
	}
	if n := notes["a"]; n.Skipped == "" || !strings.Contains(n.Skipped, "the likelihood dominates") {
		t.Errorf("a: got %q, want it left centered, the likelihood dominating", n)
	}
	if n := notes["theta"]; n.Skipped != "" || !strings.Contains(n.Why, "the prior dominates") {
		t.Errorf("theta: got %q, want it rewritten, the prior dominating", n)
	}
}

// TestAutoEightSchools: with the published data, theta's standard errors
// (9 to 18, median 11) dwarf the spread of the schools' estimates, whose
// variance 109.07 is less than the mean squared standard error 166: the
// spread estimate is 0 and theta is rewritten.
func TestAutoEightSchools(t *testing.T) {
	p := loadReparamModel(t, "../../models/eight_schools.bym")
	d, err := data.ReadFile(p, "../../data/schools.json")
	if err != nil {
		t.Fatal(err)
	}
	_, notes, err := NonCenter(p, Options{Vars: []string{"auto"}, Data: d})
	if err != nil {
		t.Fatal(err)
	}
	if len(notes) != 1 {
		t.Fatalf("notes %v, want one", notes)
	}
	want := "18:3: non-centered theta (8 groups, 1 observation each; a group's data give it a standard error of 11 (median), " +
		"no less than the groups' spread estimated from their means, 0: the prior dominates): " +
		"theta ~ normal(mu, tau) becomes theta_raw ~ std_normal() with theta[j] = mu + tau * theta_raw[j]"
	if got := notes[0].String(); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

// viModel is the varying-intercept model with more data declarations, an
// optional transformed parameters block and the likelihood written as given.
func viModel(data, tp, likelihood string) string {
	return fmt.Sprintf(`data {
  int<lower=1> N;
  int<lower=1> J;
  array[N] int<lower=1, upper=J> g;
  vector[N] y;
%s}
parameters {
  real mu_a;
  real<lower=0> sigma_a;
  vector[J] a;
  real<lower=0> sigma_y;
}
%smodel {
  mu_a ~ normal(0, 5);
  sigma_a ~ normal(0, 5);
  sigma_y ~ normal(0, 5);
  a ~ normal(mu_a, sigma_a);
%s}
`, data, tp, likelihood)
}

// TestAutoLikelihoodForms writes the likelihood of the varying-intercept
// model in each form auto follows, and some it does not, on data with
// 20 groups of 50 observations (informative: noise 1, groups 1 apart) or
// 50 groups of 2 (sparse: noise 1, groups 0.2 apart).
func TestAutoLikelihoodForms(t *testing.T) {
	type regime struct {
		k, n       int
		tau        float64
		groupsText string
	}
	informative := regime{20, 50, 1, "20 groups, 50 observations each"}
	sparse := regime{50, 2, 0.2, "50 groups, 2 observations each"}
	cases := []struct {
		name             string
		data, tp, lik    string
		regime           regime
		centered         bool
		groups, whyMatch string // whyMatch: a part of the reason
	}{
		{name: "vectorised", lik: "  y ~ normal(a[g], sigma_y);\n", regime: informative, centered: true,
			whyMatch: "(median; sigma_y about 0.965, from the spread within groups)"},
		{name: "vectorised_sparse", lik: "  y ~ normal(a[g], sigma_y);\n", regime: sparse,
			whyMatch: "the prior dominates"},
		{name: "loop", lik: "  for (n in 1:N) {\n    y[n] ~ normal(a[g[n]], sigma_y);\n  }\n", regime: informative, centered: true,
			whyMatch: "the likelihood dominates"},
		{name: "shifted", lik: "  y ~ normal(2 * mu_a + a[g], sigma_y);\n", regime: informative, centered: true,
			whyMatch: "the likelihood dominates"},
		{name: "model_local", lik: "  vector[N] eta = a[g] - 1;\n  y ~ normal(eta, sigma_y);\n", regime: informative, centered: true,
			whyMatch: "the likelihood dominates"},
		{name: "transformed_parameter", tp: "transformed parameters {\n  vector[N] eta = a[g];\n}\n",
			lik: "  y ~ normal(eta, sigma_y);\n", regime: informative, centered: true, whyMatch: "the likelihood dominates"},
		{name: "target", lik: "  target += normal_lpdf(y | a[g], sigma_y);\n", regime: informative, centered: true,
			whyMatch: "the likelihood dominates"},
		{name: "data_scale", data: "  vector<lower=0>[N] s;\n", lik: "  for (n in 1:N) y[n] ~ normal(a[g[n]], s[n]);\n",
			regime: informative, centered: true, whyMatch: "standard error of 0.141 (median), less than"},
		{name: "rows", data: "  int<lower=1> M;\n  array[J] vector[M] Y;\n", lik: "  for (j in 1:J) Y[j] ~ normal(a[j], sigma_y);\n",
			regime: informative, centered: true, whyMatch: "the likelihood dominates"},
		// Not normal with a[j] as the location: by the count.
		{name: "logit", data: "  array[N] int<lower=0, upper=1> z;\n", lik: "  z ~ bernoulli_logit(mu_a + a[g]);\n",
			regime: informative, centered: true, whyMatch: "the median group's 50 observations reach the 10"},
		{name: "logit_sparse", data: "  array[N] int<lower=0, upper=1> z;\n", lik: "  z ~ bernoulli_logit(mu_a + a[g]);\n",
			regime: sparse, whyMatch: "the median group's 2 observations fall short of the 10"},
		{name: "slope", data: "  vector[N] x;\n", lik: "  y ~ normal(a[g] .* x, sigma_y);\n",
			regime: informative, centered: true, whyMatch: "by the count alone"},
		// Uses auto cannot follow: rewritten, as without data.
		{name: "matrix_product", data: "  matrix[N, J] X;\n", lik: "  y ~ normal(X * a, sigma_y);\n",
			regime: informative, groups: "data not followed", whyMatch: "a is used at 19:14 in X * a, which auto does not follow element by element"},
		{name: "in_if", lik: "  if (N > 1) {\n    y ~ normal(a[g], sigma_y);\n  }\n",
			regime: informative, groups: "data not followed", whyMatch: "a is used at 19:16 in a way auto does not follow"},
		{name: "assigned_in_loop", tp: "transformed parameters {\n  vector[N] eta;\n  for (n in 1:N) eta[n] = a[g[n]];\n}\n",
			lik: "  y ~ normal(eta, sigma_y);\n", regime: informative, groups: "data not followed", whyMatch: "a is used at 15:27"},
		{name: "unused", lik: "  y ~ normal(mu_a, sigma_y);\n", regime: informative, groups: "20 groups, 0 observations each",
			whyMatch: "no likelihood term uses a: its prior alone shapes it"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p, err := lang.ParseAndCheck(c.name+".bym", []byte(viModel(c.data, c.tp, c.lik)))
			if err != nil {
				t.Fatal(err)
			}
			r := c.regime
			g, y := simGroups(3, r.k, r.n, 0, r.tau, 1)
			vars := map[string]any{"N": len(y), "J": r.k, "g": g, "y": y, "M": r.n}
			z, s, x := make([]int, len(y)), make([]float64, len(y)), make([]float64, len(y))
			X, Y := make([][]float64, len(y)), make([][]float64, r.k)
			for n, v := range y {
				if v > 0 {
					z[n] = 1
				}
				s[n], x[n] = 1, 1
				X[n] = make([]float64, r.k)
				X[n][g[n]-1] = 1
				Y[g[n]-1] = append(Y[g[n]-1], v)
			}
			vars["z"], vars["s"], vars["x"], vars["X"], vars["Y"] = z, s, x, X, Y
			n := autoNotes(t, p, vars)["a"]
			groups := c.groups
			if groups == "" {
				groups = r.groupsText
			}
			why := n.Why
			if n.Skipped != "" {
				why = n.Skipped
			}
			switch {
			case (n.Skipped != "") != c.centered:
				t.Errorf("centered %v, want %v: %s", n.Skipped != "", c.centered, n)
			case n.Groups != groups:
				t.Errorf("groups %q, want %q", n.Groups, groups)
			case !strings.Contains(why, c.whyMatch):
				t.Errorf("reason %q does not say %q", why, c.whyMatch)
			}
		})
	}
}

// TestAutoNested: at the upper level of a nested model the observations of
// mu_d are the schools' parameters theta, 2 per district, whose values the
// data do not give: by the count, non-centered. theta has 6 observations
// per school, noise 1 and schools about 1.9 apart (0, 1, ..., 5): centered.
func TestAutoNested(t *testing.T) {
	p := loadReparamModel(t, filepath.Join(reparamDir, "auto_two_levels.bym"))
	r := rand.New(rand.NewPCG(4, 20))
	var school []int
	var y []float64
	for j := range 6 {
		for range 6 {
			school = append(school, j+1)
			y = append(y, float64(j)+r.NormFloat64())
		}
	}
	notes := autoNotes(t, p, map[string]any{"N": len(y), "J": 6, "D": 3, "school": school,
		"district": []int{1, 1, 2, 2, 3, 3}, "y": y})
	if got, want := AutoSummary([]Note{notes["mu_d"], notes["theta"]}),
		"mu_d: non-centered (3 groups, 2 observations each); theta: centered (6 groups, 6 observations each)"; got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	if why := notes["mu_d"].Why; !strings.Contains(why, "not normal with data outcomes") {
		t.Errorf("mu_d: %q, want the count's reason", why)
	}
}

// TestAutoRule checks the rule on hand-made group data: the comparison of
// the median standard error with the spread estimate, and the count's
// threshold.
func TestAutoRule(t *testing.T) {
	known := func(means, se []float64) *groupData {
		d := &groupData{theta: "theta", groups: len(means), moments: true, dataScale: true,
			n: make([]int, len(means)), mean: means, sw: make([]float64, len(means)), m2: make([]float64, len(means))}
		for j, s := range se {
			d.n[j], d.sw[j] = 1, 1/(s*s)
		}
		return d
	}
	counts := func(n ...int) *groupData {
		return &groupData{theta: "theta", groups: len(n), n: n}
	}
	cases := []struct {
		name        string
		d           *groupData
		nonCentered bool
		why         string
	}{
		// Means -3, 0, 3: variance 9; standard errors 1: tau = sqrt(9 - 1) = 2.83 > 1.
		{"spread beyond the errors", known([]float64{-3, 0, 3}, []float64{1, 1, 1}), false,
			"a group's data give it a standard error of 1 (median), less than the groups' spread estimated from their means, 2.83: the likelihood dominates"},
		// Standard errors 2.9: tau = sqrt(9 - 8.41) = 0.77 < 2.9.
		{"errors beyond the spread", known([]float64{-3, 0, 3}, []float64{2.9, 2.9, 2.9}), true,
			"a group's data give it a standard error of 2.9 (median), no less than the groups' spread estimated from their means, 0.768: the prior dominates"},
		// Standard errors 2, 2, 2.2: tau^2 = 9 - 4.28 = 4.72, tau = 2.17 > median 2.
		{"median, not mean", known([]float64{-3, 0, 3}, []float64{2, 2, 2.2}), false, "less than"},
		{"ten observations", counts(10, 10, 9, 12), false, "the median group's 10 observations reach the 10"},
		{"nine observations", counts(9, 9, 10, 1), true, "the median group's 9 observations fall short of the 10"},
		{"no elements", &groupData{theta: "theta"}, true, "theta has no elements"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := choose(c.d)
			if got.nonCentered != c.nonCentered || !strings.Contains(got.why, c.why) {
				t.Errorf("non-centered %v (%s), want %v (%s)", got.nonCentered, got.why, c.nonCentered, c.why)
			}
		})
	}
	if s := math.Sqrt(9 - 0.01*841); num(s) != "0.768" {
		t.Errorf("the hand value of case 2 is %s", num(s))
	}
}

// TestAutoGroupsText: how the message describes the groups.
func TestAutoGroupsText(t *testing.T) {
	for _, c := range []struct {
		n    []int
		want string
	}{
		{[]int{1, 1, 1}, "3 groups, 1 observation each"},
		{[]int{1000, 1000}, "2 groups, 1000 observations each"},
		{[]int{5}, "1 group, 5 observations"},
		{[]int{3, 40, 12, 0}, "4 groups, 0 to 40 observations (median 7.5)"},
	} {
		if got := groupsText(c.n); got != c.want {
			t.Errorf("%v: got %q, want %q", c.n, got, c.want)
		}
	}
}
