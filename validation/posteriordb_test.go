// Package validation checks bayes end to end against gold-standard posteriors:
// the posteriordb reference posteriors in ../shared/posteriordb, compared by
// the rule of its INDEX.md ("Comparison rule", package
// validation/posteriordb), which scales every tolerance by Monte Carlo error
// instead of fixing a percentage.
package validation

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bayes-dev/bayes/compiler"
	"github.com/bayes-dev/bayes/compiler/reparam"
	"github.com/bayes-dev/bayes/data"
	"github.com/bayes-dev/bayes/fit"
	"github.com/bayes-dev/bayes/lang"
	"github.com/bayes-dev/bayes/sampler"
	"github.com/bayes-dev/bayes/validation/posteriordb"
)

var table = flag.String("table", "", "write the results as a Markdown table to this file")

// posterior is one posteriordb posterior and the settings bayes runs it with.
type posterior struct {
	name string
	// Settings other than the defaults, only where INDEX.md's Notes say the
	// reference run needed them too.
	adaptDelta   float64
	maxTreedepth int
	metric       sampler.Metric
	// noncentered, when set, samples the model rewritten by the non-centered
	// pass, as `bayes sample --noncentered` does.
	noncentered string
	// initRadius, when not 0, replaces Stan's uniform(-2, 2) initial values.
	initRadius float64
	// notConverged marks the centered eight schools: its run is expected to
	// fail rule 1 (divergences), which is the lesson, not a bug.
	expectDivergent bool
	// multimodal marks hmm_drive_0 (INDEX.md Note 7): a chain may settle
	// in a minor mode, which rule 1 shows.
	multimodal bool
	slow       bool // only under `make validate`
}

// posteriors lists all 19, with the settings of INDEX.md's Notes 1 and 7.
var posteriors = []posterior{
	{name: "arK-arK"},
	// ARMA(1,1): an initial |theta| > 1 makes err[t] grow like theta^t (the
	// model is not invertible there), the log density reaches -1e50 and its
	// gradient 1e50, and no step size lets HMC climb out: at seed 7, 3 of 40
	// chains stayed stuck. Starting in (-1, 1) keeps chains in the invertible
	// region; the reference posterior lies there.
	{name: "arma-arma11", initRadius: 1},
	{name: "bball_drive_event_0-hmm_drive_0", adaptDelta: 0.9, maxTreedepth: 15, multimodal: true},
	{name: "diamonds-diamonds", metric: sampler.Dense, adaptDelta: 0.99, maxTreedepth: 20, slow: true},
	{name: "earnings-earn_height"},
	{name: "earnings-logearn_interaction"},
	{name: "eight_schools-eight_schools_centered", expectDivergent: true},
	// INDEX.md Note 1: the centered model rewritten must match the reference.
	{name: "eight_schools-eight_schools_centered", noncentered: "theta", adaptDelta: 0.95},
	{name: "eight_schools-eight_schools_noncentered", adaptDelta: 0.95},
	{name: "garch-garch11"},
	{name: "gp_pois_regr-gp_pois_regr", adaptDelta: 0.99, maxTreedepth: 15},
	{name: "gp_pois_regr-gp_regr", adaptDelta: 0.99, maxTreedepth: 15},
	{name: "hmm_example-hmm_example"},
	{name: "kidiq-kidscore_interaction"},
	{name: "kidiq_with_mom_work-kidscore_mom_work"},
	// corr(alpha, beta) = -0.99999: a diagonal metric needs about 2^11
	// leapfrog steps a transition (ESS about 1000 in 10 million gradients,
	// --device c, seed 20261125).
	{name: "kilpisjarvi_mod-kilpisjarvi", metric: sampler.Dense, maxTreedepth: 15},
	{name: "low_dim_gauss_mix-low_dim_gauss_mix"},
	{name: "mesquite-logmesquite_logvas"},
	{name: "nes1992-nes"},
	{name: "sblrc-blr"},
}

// outcome is one posterior's result, for the report table.
type outcome struct {
	name string
	seed uint64
	posteriordb.Outcome
	gradients int64         // of all chains, initialisation and warmup included
	elapsed   time.Duration // the sampler's (fit.Result.Elapsed)
}

var (
	resultsMu sync.Mutex
	results   []outcome
)

func sharedDir(t *testing.T) string {
	dir, _ := filepath.Abs(filepath.Join("..", "..", "shared", "posteriordb"))
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("skipping: %s is absent (CI puts posteriordb beside the checkout)", dir)
	}
	return dir
}

func TestPosteriordb(t *testing.T) {
	checkAll(t, sharedDir(t), func(_ *compiler.Model, o fit.Options) (*fit.Result, error) { return fit.Run(o) })
	if *table != "" {
		writeTable(t, *table)
	}
}

// sampleFunc runs a posterior's chains: fit.Run (the Go sampler), or
// fit.RunBlocks with the GPU sampler.
type sampleFunc func(*compiler.Model, fit.Options) (*fit.Result, error)

// checkAll checks every posterior with run.
func checkAll(t *testing.T, dir string, run sampleFunc) {
	for _, p := range posteriors {
		label := p.name
		if p.noncentered != "" {
			label += " --noncentered " + p.noncentered
		}
		t.Run(label, func(t *testing.T) {
			if p.slow && !slowEnabled {
				t.Skipf("skipping %s: slow; it runs under `make validate`", p.name)
			}
			o := check(t, filepath.Join(dir, p.name), p, run)
			resultsMu.Lock()
			results = append(results, o)
			resultsMu.Unlock()
		})
	}
}

// check samples one posterior with a fixed seed (4 chains x 1000 draws after
// 1000 warmup) and applies rules 1-4 of INDEX.md to every reference element.
func check(t *testing.T, dir string, p posterior, run sampleFunc) outcome {
	model, ref := load(t, dir, p)
	o := judge(t, p, model, ref, run)
	if !o.Converged {
		msg := fmt.Sprintf("%s not converged: %s", p.name, o.brief())
		if p.expectDivergent {
			t.Log(msg + " (expected: the centered funnel)")
			if o.Divergences == 0 {
				t.Errorf("%s: expected divergences from the centered funnel, found none", p.name)
			}
			return o
		}
		t.Error(msg)
	}
	if p.expectDivergent {
		t.Errorf("%s: expected the centered funnel to diverge, but the run is clean", p.name)
	}
	for _, f := range o.Failures {
		t.Errorf("%s: %s", p.name, f)
	}
	t.Logf("%s: %d checks, %d failed, largest |difference|/bound %.2f; %s",
		p.name, o.Checks, len(o.Failures), o.MaxRatio, o.brief())
	return o
}

// load compiles a posterior's model (rewritten as p says) with its data
// and reads its reference.
func load(t *testing.T, dir string, p posterior) (*compiler.Model, *posteriordb.Reference) {
	prog, err := lang.LoadModel(filepath.Join(dir, "model.bym"))
	if err != nil {
		t.Fatal(err)
	}
	if p.noncentered != "" {
		if prog, _, err = reparam.NonCenter(prog, reparam.Options{Vars: []string{p.noncentered}}); err != nil {
			t.Fatal(err)
		}
	}
	data, err := data.ReadFile(prog, filepath.Join(dir, "data.json"))
	if err != nil {
		t.Fatal(err)
	}
	model, err := compiler.CompileModel(prog, data)
	if err != nil {
		t.Fatal(err)
	}
	ref, err := posteriordb.ReadReference(filepath.Join(dir, "reference.json"))
	if err != nil {
		t.Fatal(err)
	}
	return model, ref
}

// seedOffset shifts judge's two seeds, to see a result at other seeds
// (bench/adapt.sh's SEED_OFFSET).
var seedOffset = flag.Uint64("seed-offset", 0, "add this to the seeds of the posteriordb runs (20261125 and 20261126)")

// judge samples with the first seed and, where INDEX.md says a failure
// needs confirming (a chain in hmm_drive_0's minor mode, or a failure
// close to the bounds), with a second, whose outcome then stands.
func judge(t *testing.T, p posterior, model *compiler.Model, ref *posteriordb.Reference, run sampleFunc) outcome {
	first, second := 20261125+*seedOffset, 20261126+*seedOffset
	o := evaluate(t, p, model, ref, first, run)
	if !o.Converged && p.multimodal {
		// INDEX.md Note 7: a chain that finds the minor mode shows up
		// under rule 1; it is the model's, not the sampler's, so a second
		// seed confirms the rest.
		t.Logf("%s: not converged at the first seed (%s): a chain in another mode; confirming with a second seed", p.name, o.brief())
		o = evaluate(t, p, model, ref, second, run)
	} else if o.Marginal() && !p.expectDivergent {
		// INDEX.md: each check is a test at about 4 standard errors, so a
		// clean run fails one in about 30; a failure this close to the bound
		// is confirmed with a second seed before it counts.
		t.Logf("%s: marginal failure at the first seed (%s); confirming with a second seed", p.name, o.brief())
		o = evaluate(t, p, model, ref, second, run)
	}
	if p.noncentered != "" {
		o.name += " --noncentered " + p.noncentered
	}
	return o
}

func (o *outcome) brief() string {
	return fmt.Sprintf("%s, seed %d", o.Outcome.Brief(), o.seed)
}

// evaluate samples with one seed and applies the rules of INDEX.md to
// every element (posteriordb.Compare).
func evaluate(t *testing.T, p posterior, model *compiler.Model, ref *posteriordb.Reference, seed uint64, run sampleFunc) outcome {
	cfg := sampler.DefaultConfig()
	cfg.Chains, cfg.Seed = 4, seed
	if p.adaptDelta != 0 {
		cfg.AdaptDelta = p.adaptDelta
	}
	if p.maxTreedepth != 0 {
		cfg.MaxTreeDepth = p.maxTreedepth
	}
	cfg.Metric = p.metric
	if p.initRadius != 0 {
		cfg.InitRadius = p.initRadius
	}
	res, err := run(model, fit.Options{
		Sampler:   cfg,
		Names:     model.OutputNames(),
		NewKernel: func(int) fit.Kernel { return model.NewKernel() },
	})
	if err != nil {
		t.Fatal(err)
	}
	o, err := posteriordb.Compare(ref, res.Columns(), res.Divergences())
	if err != nil {
		t.Fatal(err)
	}
	return outcome{name: p.name, seed: seed, Outcome: o, gradients: res.Gradients, elapsed: res.Elapsed}
}

func writeTable(t *testing.T, path string) {
	sort.Slice(results, func(i, j int) bool { return results[i].name < results[j].name })
	var b strings.Builder
	b.WriteString("| posterior | checks | failed | max ratio | divergences | min ESS | max R-hat | converged | seed |\n")
	b.WriteString("|---|---:|---:|---:|---:|---:|---:|---|---:|\n")
	for _, o := range results {
		fmt.Fprintf(&b, "| `%s` | %d | %d | %.2f | %d | %.0f | %.4f | %v | %d |\n",
			o.name, o.Checks, len(o.Failures), o.MaxRatio, o.Divergences, o.MinESS, o.MaxRhat, o.Converged, o.seed)
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}
