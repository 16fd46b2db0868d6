package validation

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	bayes "github.com/bayes-dev/bayes"
	"github.com/bayes-dev/bayes/cnuts"
	"github.com/bayes-dev/bayes/compiler"
	"github.com/bayes-dev/bayes/fit"
	"github.com/bayes-dev/bayes/sampler"
	"github.com/bayes-dev/bayes/validation/posteriordb"
)

var (
	adaptTable = flag.String("adapt-table", "", "run every posterior under each warmup adaptation and write "+
		"DIR/results.jsonl (one line per posterior and adaptation, kept across runs) and DIR/table.md (bench/adapt.sh)")
	adaptMethods = flag.String("adapt-methods", "stan,stan-dense,nutpie,low-rank,adapt-from,default,default-1000", "with -adapt-table: the adaptations to run")
	adaptSkip    = flag.String("adapt-skip", "", "with -adapt-table: posteriors to leave out, comma-separated")
)

// adaptation is one column of the table: a warmup adaptation and its
// number of warmup iterations (its own default), the sampling settings
// being the posterior's (adapt_delta, max_treedepth, init, as in
// posteriors) with 4 chains x 1000 draws.
type adaptation struct {
	name   string
	warmup int
	metric sampler.Metric
	adapt  sampler.AdaptMethod
	// denseOnly runs it only where posteriors samples with a dense metric.
	denseOnly bool
	// regroup brings chains together at the windows' ends
	// (sampler.Config.Regroup).
	regroup bool
	// short starts the first window after 25 iterations
	// (sampler.Config.ShortInitBuffer).
	short bool
	// fromStan starts from the adaptation and final positions of the stan
	// run before it (bayes sample --adapt-from), counting only its own
	// gradients: what a refit of the same model costs.
	fromStan bool
	// device runs the C sampler of --device c and cuda (package cnuts,
	// its host build) instead of the Go sampler.
	device bool
}

var adaptations = []adaptation{
	{name: "stan", warmup: 1000, metric: sampler.Diag, adapt: sampler.AdaptStan},
	{name: "stan-dense", warmup: 1000, metric: sampler.Dense, adapt: sampler.AdaptStan, denseOnly: true},
	{name: "nutpie", warmup: sampler.NutpieWarmup, metric: sampler.Diag, adapt: sampler.AdaptNutpie},
	{name: "low-rank", warmup: sampler.NutpieLowRankWarmup, metric: sampler.LowRank, adapt: sampler.AdaptNutpie},
	{name: "adapt-from", warmup: bayes.AdaptFromWarmup, metric: sampler.Diag, adapt: sampler.AdaptStan, fromStan: true},
	// bayes sample's default for these posteriors (all under
	// sampler.LowRankMaxDim coordinates): Stan's windows with nutpie's
	// low-rank estimate, the first after 25 iterations, regrouping chains;
	// and the same with Stan's initial buffer and 1000 warmup iterations,
	// the default before 2026-12-06.
	{name: "default", warmup: sampler.AutoWarmup, metric: sampler.LowRank, adapt: sampler.AdaptStan, regroup: true, short: true},
	{name: "default-1000", warmup: 1000, metric: sampler.LowRank, adapt: sampler.AdaptStan, regroup: true},
	// The GPU sampler's adaptations, run by its C build (needs cc):
	// which should be its default. Stan's windows over its diagonal
	// metric, over its dense one (the default, 2026-12-06, up to
	// bayes.GPUDenseMaxDim coordinates), and with the first window after
	// 25 iterations; nutpie's over the diagonal one.
	{name: "device-stan", warmup: 1000, metric: sampler.Diag, adapt: sampler.AdaptStan, device: true},
	{name: "device-nutpie", warmup: sampler.NutpieWarmup, metric: sampler.Diag, adapt: sampler.AdaptNutpie, device: true},
	{name: "device-nutpie-1000", warmup: 1000, metric: sampler.Diag, adapt: sampler.AdaptNutpie, device: true},
	{name: "device-short", warmup: sampler.AutoWarmup, metric: sampler.Diag, adapt: sampler.AdaptStan, short: true, device: true},
	{name: "device-dense", warmup: 1000, metric: sampler.Dense, adapt: sampler.AdaptStan, device: true},
}

// adaptRow is one posterior under one adaptation.
type adaptRow struct {
	Posterior   string  `json:"posterior"`
	Adapt       string  `json:"adapt"`
	Warmup      int     `json:"warmup"`
	Gradients   int64   `json:"gradients"`
	MinBulkESS  float64 `json:"min_bulk_ess"`
	Divergences int     `json:"divergences"`
	MaxRhat     float64 `json:"max_rhat"`
	Failures    int     `json:"failures"`
	MaxRatio    float64 `json:"max_ratio"`
	Converged   bool    `json:"converged"`
	Expected    bool    `json:"expected_divergent"`
	Seed        uint64  `json:"seed"`
	// Seconds is the sampler's wall time, which the machine's load
	// changes, unlike the rest of the row.
	Seconds float64 `json:"seconds"`
}

// essPerGradient is min bulk ESS per 1000 gradients, warmup included.
func (r *adaptRow) essPerGradient() float64 { return 1000 * r.MinBulkESS / float64(r.Gradients) }

// verdict is the INDEX.md rule's: pass, fail, or the centered funnel's
// expected divergences.
func (r *adaptRow) verdict() string {
	switch {
	case r.Expected && r.Divergences > 0:
		return "div. (expected)"
	case r.Converged && r.Failures == 0:
		return "pass"
	case !r.Converged:
		return "FAIL (rule 1)"
	}
	return fmt.Sprintf("FAIL (%d checks)", r.Failures)
}

// TestAdaptationTable measures ESS per gradient of each adaptation on
// every posterior, with the comparison rule of INDEX.md (and its second
// seed where a failure needs confirming); run by bench/adapt.sh. It counts
// gradients, not seconds, so the machine's load does not change it.
func TestAdaptationTable(t *testing.T) {
	if *adaptTable == "" {
		t.Skip("skipping: the adaptation table runs with -adapt-table DIR (bench/adapt.sh)")
	}
	dir := sharedDir(t)
	if err := os.MkdirAll(*adaptTable, 0o755); err != nil {
		t.Fatal(err)
	}
	table := t
	want := strings.Split(*adaptMethods, ",")
	skip := strings.Split(*adaptSkip, ",")
	for _, p := range posteriors {
		label := p.name
		if p.noncentered != "" {
			label += " --noncentered " + p.noncentered
		}
		if slices.Contains(skip, p.name) {
			continue
		}
		var model *compiler.Model
		var ref *posteriordb.Reference
		var stanStates []*sampler.ChainState            // the stan run's, for adapt-from
		hosts := map[sampler.Metric]*cnuts.HostChains{} // the device columns' C builds, by metric
		for _, a := range adaptations {
			if !slices.Contains(want, a.name) || a.denseOnly && p.metric != sampler.Dense {
				continue
			}
			t.Run(label+"/"+a.name, func(t *testing.T) {
				if a.fromStan && stanStates == nil {
					t.Skip("skipping: adapt-from reuses the stan run's adaptation; run stan too")
				}
				if model == nil {
					model, ref = load(t, filepath.Join(dir, p.name), p)
				}
				run := func(_ *compiler.Model, o fit.Options) (*fit.Result, error) {
					o.Sampler.Metric, o.Sampler.Adapt, o.Sampler.Warmup, o.Sampler.Regroup = a.metric, a.adapt, a.warmup, a.regroup
					o.Sampler.ShortInitBuffer = a.short
					if a.fromStan {
						o.Sampler.AdaptFrom, o.Sampler.Inits = nil, nil
						for _, st := range stanStates {
							o.Sampler.AdaptFrom = append(o.Sampler.AdaptFrom, *st)
							o.Sampler.Inits = append(o.Sampler.Inits, st.Q)
						}
					}
					if a.device {
						host := hosts[o.Sampler.Metric]
						if host == nil {
							h, err := buildHost(model, o.Sampler)
							if err != nil {
								return nil, err
							}
							host, hosts[o.Sampler.Metric] = h, h
							table.Cleanup(func() { h.Close() }) // after the posterior's last column
						}
						return fit.RunBlocks(o, bayes.BlockSampler(host))
					}
					res, err := fit.Run(o)
					if err == nil && a.name == "stan" {
						stanStates = res.States
					}
					return res, err
				}
				o := judge(t, p, model, ref, run)
				row := adaptRow{Posterior: label, Adapt: a.name, Warmup: a.warmup, Gradients: o.gradients,
					MinBulkESS: o.MinBulk, Divergences: o.Divergences, MaxRhat: o.MaxRhat, Failures: len(o.Failures),
					MaxRatio: o.MaxRatio, Converged: o.Converged, Expected: p.expectDivergent, Seed: o.seed, Seconds: o.elapsed.Seconds()}
				t.Logf("%s %s: %.3f ESS per 1000 gradients (%.0f / %d), %s", label, a.name, row.essPerGradient(),
					row.MinBulkESS, row.Gradients, row.verdict())
				if err := appendRow(*adaptTable, row); err != nil {
					t.Fatal(err)
				}
			})
		}
	}
	if err := writeAdaptTable(*adaptTable); err != nil {
		t.Fatal(err)
	}
}

// buildHost builds the C sampler of --device c for model with cfg's
// metric and tree depth; without a C compiler it is an error, as the
// device columns were asked for.
func buildHost(model *compiler.Model, cfg sampler.Config) (*cnuts.HostChains, error) {
	if _, err := exec.LookPath("cc"); err != nil {
		return nil, fmt.Errorf("the device columns need a C compiler: %w", err)
	}
	src, err := cnuts.NewChainSource(model, cnuts.ChainOptions{MaxDepth: cfg.MaxTreeDepth, Metric: cfg.Metric})
	if err != nil {
		return nil, err
	}
	return cnuts.BuildHost(src)
}

func appendRow(dir string, r adaptRow) error {
	f, err := os.OpenFile(filepath.Join(dir, "results.jsonl"), os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	b, _ := json.Marshal(r)
	if _, err := f.Write(append(b, '\n')); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// writeAdaptTable writes DIR/table.md from DIR/results.jsonl, the last
// line of each posterior and adaptation standing: one table of ESS per
// 1000 gradients with each verdict, the ratios to Stan's, and the counts.
func writeAdaptTable(dir string) error {
	f, err := os.Open(filepath.Join(dir, "results.jsonl"))
	if err != nil {
		return err
	}
	defer f.Close()
	rows := map[string]map[string]adaptRow{}
	var names []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var r adaptRow
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			return err
		}
		if rows[r.Posterior] == nil {
			rows[r.Posterior] = map[string]adaptRow{}
			names = append(names, r.Posterior)
		}
		rows[r.Posterior][r.Adapt] = r
	}
	if err := sc.Err(); err != nil {
		return err
	}
	sort.Strings(names)
	var b strings.Builder
	var cols, vs []string // every adaptation; those compared with stan
	b.WriteString("| posterior |")
	for _, a := range adaptations {
		cols = append(cols, a.name)
		fmt.Fprintf(&b, " %s (%d) |", a.name, a.warmup)
		if a.name != "stan" && a.name != "stan-dense" {
			vs = append(vs, a.name)
		}
	}
	for _, c := range vs {
		fmt.Fprintf(&b, " %s / stan |", c)
	}
	b.WriteString("\n|---|" + strings.Repeat("---:|", len(cols)+len(vs)) + "\n")
	ratios := make([][]float64, len(vs))
	for _, n := range names {
		fmt.Fprintf(&b, "| `%s` |", n)
		for _, c := range cols {
			r, ok := rows[n][c]
			if !ok {
				b.WriteString(" — |")
				continue
			}
			fmt.Fprintf(&b, " %.3g %s |", r.essPerGradient(), r.verdict())
		}
		st, ok := rows[n]["stan"]
		for i, c := range vs {
			r, ok2 := rows[n][c]
			if !ok || !ok2 {
				b.WriteString(" — |")
				continue
			}
			x := r.essPerGradient() / st.essPerGradient()
			ratios[i] = append(ratios[i], x)
			fmt.Fprintf(&b, " %.2f |", x)
		}
		b.WriteString("\n")
	}
	for _, avg := range []struct {
		name string
		of   func([]float64) float64
	}{{"median", median}, {"geometric mean", geomean}} {
		fmt.Fprintf(&b, "| **%s** |%s", avg.name, strings.Repeat(" |", len(cols)))
		for _, r := range ratios {
			if len(r) == 0 {
				b.WriteString(" — |")
				continue
			}
			fmt.Fprintf(&b, " **%.2f** |", avg.of(r))
		}
		b.WriteString("\n")
	}
	b.WriteString("\n")
	b.WriteString("| posterior | adaptation | warmup | gradients | min bulk ESS | ESS / 1000 grad | divergences | max R-hat | max ratio | verdict | seed |\n")
	b.WriteString("|---|---|---:|---:|---:|---:|---:|---:|---:|---|---:|\n")
	for _, n := range names {
		for _, c := range cols {
			r, ok := rows[n][c]
			if !ok {
				continue
			}
			fmt.Fprintf(&b, "| `%s` | %s | %d | %d | %.0f | %.3g | %d | %.3f | %.2f | %s | %d |\n",
				n, c, r.Warmup, r.Gradients, r.MinBulkESS, r.essPerGradient(), r.Divergences, r.MaxRhat, r.MaxRatio, r.verdict(), r.Seed)
		}
	}
	return os.WriteFile(filepath.Join(dir, "table.md"), []byte(b.String()), 0o644)
}

func geomean(xs []float64) float64 {
	if len(xs) == 0 {
		return math.NaN()
	}
	var sum float64
	for _, x := range xs {
		sum += math.Log(x)
	}
	return math.Exp(sum / float64(len(xs)))
}

func median(xs []float64) float64 {
	if len(xs) == 0 {
		return math.NaN()
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	if n := len(s); n%2 == 1 {
		return s[n/2]
	} else {
		return (s[n/2-1] + s[n/2]) / 2
	}
}
