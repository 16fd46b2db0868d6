package main

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/bayes-dev/bayes/runfiles"
)

// keptFixture is a synthetic kept run of testdata/kept: each chain's draws
// of each quantity are independent normal draws about that chain's mean,
// so that agreement, disagreement, slow mixing and separate modes are
// known by construction.
type keptFixture struct {
	name       string
	sample     string // the result's Sample
	keep       bool   // keep the run folder (when sample is "ok")
	draws      int
	quantities []string    // Stan names
	sd         []float64   // per quantity
	means      [][]float64 // [chain][quantity]
}

// same gives chains chains the same means.
func same(chains int, means ...float64) [][]float64 {
	out := make([][]float64, chains)
	for c := range out {
		out[c] = means
	}
	return out
}

// keptFixtures are the runs of testdata/kept (TestKeptFixtures writes them).
var keptFixtures = []keptFixture{
	// A variant pair that agrees: mu and theta[1..2] in both; sigma is a
	// scalar in A and a vector in B (not compared), mu_raw only in B.
	{name: "agree-a", sample: "ok", keep: true, draws: 400, quantities: []string{"mu", "theta[1]", "theta[2]", "sigma"},
		sd: []float64{1, 0.5, 0.5, 0.1}, means: same(2, 1, 1, 2, 0.5)},
	{name: "agree-b", sample: "ok", keep: true, draws: 400, quantities: []string{"mu_raw", "mu", "theta[1]", "theta[2]", "sigma[1]", "sigma[2]"},
		sd: []float64{1, 1, 0.5, 0.5, 0.1, 0.1}, means: same(2, 0, 1, 1, 2, 0.5, 0.5)},
	// A pair that does not: B's mu is half an sd higher, about 7 joint MCSEs.
	{name: "differ-a", sample: "ok", keep: true, draws: 400, quantities: []string{"mu", "tau"}, sd: []float64{1, 1}, means: same(2, 0, 3)},
	{name: "differ-b", sample: "ok", keep: true, draws: 400, quantities: []string{"mu", "tau"}, sd: []float64{1, 1}, means: same(2, 0.5, 3)},
	// A pair whose B has not mixed: its chain 2 sits 0.8 sd off, R-hat
	// above 1.01, yet within one mode.
	{name: "slow-a", sample: "ok", keep: true, draws: 400, quantities: []string{"mu"}, sd: []float64{1}, means: same(2, 0)},
	{name: "slow-b", sample: "ok", keep: true, draws: 400, quantities: []string{"mu"}, sd: []float64{1}, means: [][]float64{{0}, {0.8}}},
	// A pair with a failed run and one not run at all.
	{name: "missing-a", sample: "bayes: chain 1: the log density is not finite at every initial point"},
	// A label-switched two-component mixture: chains 1, 2 in one labelling,
	// chains 3, 4 in the other.
	{name: "mix-switched", sample: "ok", keep: true, draws: 250, quantities: []string{"theta", "mu[1]", "mu[2]"},
		sd: []float64{0.05, 0.2, 0.2}, means: [][]float64{{0.3, -3, 3}, {0.3, -3, 3}, {0.7, 3, -3}, {0.7, 3, -3}}},
	// The same mixture with all four chains in one labelling.
	{name: "mix-one", sample: "ok", keep: true, draws: 250, quantities: []string{"theta", "mu[1]", "mu[2]"},
		sd: []float64{0.05, 0.2, 0.2}, means: same(4, 0.3, -3, 3)},
	// A mixture sampled without -keep: its result says how it went, its
	// draws are gone.
	{name: "mix-notkept", sample: "ok", draws: 250, quantities: []string{"mu"}, sd: []float64{1}, means: [][]float64{{0}, {0}, {0}, {5}}},
}

// testCatalogue pairs and lists the fixtures; "mix-absent" has no result.
var testCatalogue = catalogue{
	pairs: []variantPair{
		{"agree-a", "agree-b", "agrees"}, {"differ-a", "differ-b", "differs"},
		{"slow-a", "slow-b", "B not mixed"}, {"missing-a", "missing-b", "A failed, B not run"},
	},
	sameData:   []sameData{{[]string{"differ-a", "slow-a"}, "different means"}},
	multimodal: []string{"mix-switched", "mix-one", "mix-notkept", "mix-absent"},
}

// writeKeptFixtures writes the fixtures into dir as the harness would:
// <name>.run/ with one Stan CSV file per chain, and <name>.json with the
// result, its stats from the harness's own evaluate.
func writeKeptFixtures(dir string) error {
	for i, f := range keptFixtures {
		r := &result{Posterior: f.name, Check: "ok", Sample: f.sample, Cap: 10 * time.Minute}
		if f.sample == "ok" {
			runDir := filepath.Join(dir, f.name+".run")
			if err := os.MkdirAll(runDir, 0o755); err != nil {
				return err
			}
			for c, means := range f.means {
				var b strings.Builder
				fmt.Fprintf(&b, "# model = %s\n# id = %d\nlp__,divergent__", f.name, c+1)
				for _, q := range f.quantities {
					b.WriteString("," + runfiles.CSVName(q))
				}
				b.WriteString("\n")
				rng := rand.New(rand.NewPCG(uint64(i+1), uint64(c+1)))
				for range f.draws {
					fmt.Fprintf(&b, "%.4g,0", -20+rng.NormFloat64())
					for k := range f.quantities {
						fmt.Fprintf(&b, ",%.4g", means[k]+f.sd[k]*rng.NormFloat64())
					}
					b.WriteString("\n")
				}
				if err := os.WriteFile(filepath.Join(runDir, fmt.Sprintf("%s_%d.csv", f.name, c+1)), []byte(b.String()), 0o644); err != nil {
					return err
				}
			}
			r.Stats, _ = evaluate(runDir, nil)
			if !f.keep {
				if err := os.RemoveAll(runDir); err != nil {
					return err
				}
			}
		}
		if err := storeResult(dir, r); err != nil {
			return err
		}
	}
	return nil
}

// TestKeptFixtures checks that testdata/kept is what writeKeptFixtures
// writes (-update rewrites it), so that the fixtures can be read and
// remade.
func TestKeptFixtures(t *testing.T) {
	kept := filepath.Join("testdata", "kept")
	if *update {
		if err := os.RemoveAll(kept); err != nil {
			t.Fatal(err)
		}
		if err := writeKeptFixtures(kept); err != nil {
			t.Fatal(err)
		}
	}
	fresh := t.TempDir()
	if err := writeKeptFixtures(fresh); err != nil {
		t.Fatal(err)
	}
	files := func(root string) map[string][]byte {
		m := map[string][]byte{}
		filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				rel, _ := filepath.Rel(root, path)
				m[rel], _ = os.ReadFile(path)
			}
			return nil
		})
		return m
	}
	want, got := files(fresh), files(kept)
	for name, b := range want {
		if !bytes.Equal(got[name], b) {
			t.Errorf("%s differs from what writeKeptFixtures writes (go test -update rewrites it)", filepath.Join(kept, name))
		}
	}
	for name := range got {
		if _, ok := want[name]; !ok {
			t.Errorf("%s is not a fixture", filepath.Join(kept, name))
		}
	}
}

// TestAnalyse analyses testdata/kept: each pair's verdict and each run's
// modes are as the fixtures were built, and the section is
// testdata/analysis.golden (-update rewrites it).
func TestAnalyse(t *testing.T) {
	a, err := analyse(filepath.Join("testdata", "kept"), "kept", testCatalogue)
	if err != nil {
		t.Fatal(err)
	}
	if a.results != 10 || a.kept != 8 {
		t.Errorf("%d results, %d kept; want 10 and 8", a.results, a.kept)
	}
	verdicts := map[string]string{}
	for _, p := range a.pairs {
		verdicts[p.a] = p.why
		if p.why == "" {
			verdicts[p.a] = p.verdict()
		}
	}
	wantVerdicts := map[string]string{"agree-a": "yes", "differ-a": "no", "slow-a": "not judged: B not mixed",
		"missing-a": "A sample failed; B not run"}
	for name, want := range wantVerdicts {
		if verdicts[name] != want {
			t.Errorf("pair of %s: %q, want %q", name, verdicts[name], want)
		}
	}
	if p := a.pairs[0]; !slices.Equal(p.cmp.shapes, []string{"mu", "theta[2]"}) || p.cmp.values != 3 {
		t.Errorf("agree pair compared %q (%d values), want mu and theta[2] (3 values)", p.cmp.shapes, p.cmp.values)
	}
	if p := a.pairs[1]; p.cmp.worst != "mu" || p.cmp.ratio < 5 {
		t.Errorf("differ pair: worst %s at %.2f MCSE, want mu beyond 5", p.cmp.worst, p.cmp.ratio)
	}

	modes := map[string]string{}
	for _, m := range a.modes {
		modes[m.name] = fmt.Sprintf("%v %s", m.modes, m.why)
	}
	wantModes := map[string]string{"slow-b": "[[0 1]] ", "mix-switched": "[[0 1] [2 3]] ", "mix-one": "[[0 1 2 3]] ",
		"mix-notkept": "[] draws not kept", "mix-absent": "[] not run"}
	if len(modes) != len(wantModes) {
		t.Errorf("runs listed for modes: %v, want those of %v", modes, wantModes)
	}
	for name, want := range wantModes {
		if modes[name] != want {
			t.Errorf("modes of %s: %q, want %q", name, modes[name], want)
		}
	}

	got := a.render()
	golden := filepath.Join("testdata", "analysis.golden")
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Errorf("section differs from %s (go test -update rewrites it):\n%s", golden, got)
	}
}

// TestFindModes: chains are one mode within 3 pooled sds (plus MC error)
// in every quantity, and modes join by single linkage.
func TestFindModes(t *testing.T) {
	at := func(means ...float64) []chainMoments { // sd 1, MCSE 0.05 each
		out := make([]chainMoments, len(means))
		for c, m := range means {
			out[c] = chainMoments{mean: m, sd: 1, mcse: 0.05}
		}
		return out
	}
	tests := []struct {
		name string
		q    [][]chainMoments
		want [][]int
	}{
		{"two chains agreeing", [][]chainMoments{at(0, 0.1), at(5, 5.2)}, [][]int{{0, 1}}},
		{"two chains in different modes", [][]chainMoments{at(-3, 3), at(0, 0)}, [][]int{{0}, {1}}},
		{"one quantity apart is enough", [][]chainMoments{at(0, 0), at(0, 0), at(0, 3.5)}, [][]int{{0}, {1}}},
		{"2.9 sds apart: one mode", [][]chainMoments{at(0, 2.9)}, [][]int{{0, 1}}},
		{"3 sds plus MC error: one mode", [][]chainMoments{at(0, 3.25)}, [][]int{{0, 1}}},
		{"beyond MC error: two", [][]chainMoments{at(0, 3.35)}, [][]int{{0}, {1}}},
		{"single linkage", [][]chainMoments{at(0, 2.5, 5, 20)}, [][]int{{0, 1, 2}, {3}}},
		{"labels switched", [][]chainMoments{at(-3, 3, -3, 3), at(3, -3, 3, -3)}, [][]int{{0, 2}, {1, 3}}},
		{"a NaN quantity is left out", [][]chainMoments{at(0, 0), at(math.NaN(), 7)}, [][]int{{0, 1}}},
		{"stuck chains at different values", [][]chainMoments{{{mean: 1}, {mean: 2}}}, [][]int{{0}, {1}}},
		{"stuck chains at one value", [][]chainMoments{{{mean: 1, mcse: math.NaN()}, {mean: 1, mcse: math.NaN()}}}, [][]int{{0, 1}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := findModes(tt.q); !slices.EqualFunc(got, tt.want, slices.Equal) {
				t.Errorf("modes %v, want %v", got, tt.want)
			}
		})
	}
}

func TestMostSeparating(t *testing.T) {
	q := [][]chainMoments{
		{{mean: 0, sd: 1}, {mean: 1, sd: 1}},       // 1 sd
		{{mean: 0, sd: 1}, {mean: 6, sd: 1}},       // 6 sds
		{{mean: math.NaN(), sd: 1}, {mean: 0}},     // undefined
		{{mean: 2, sd: 0.5}, {mean: 3, sd: 0.5}},   // 2 sds
		{{mean: 2, sd: 0.5}, {mean: 2.5, sd: 0.5}}, // 1 sd, after the first
	}
	if got := mostSeparating(q, 3); !slices.Equal(got, []int{1, 3, 0}) {
		t.Errorf("most separating %v, want [1 3 0]", got)
	}
}

// TestRunAnalyseFlag runs the command with -analyse: it rewrites only the
// analysis section of -validation, from the folder alone (labelled with
// the folder's name), and refuses what it cannot do with one message.
func TestRunAnalyseFlag(t *testing.T) {
	validation := filepath.Join(t.TempDir(), "VALIDATION.md")
	before := "# V\n\n" + corpusSection.begin + "\ntable\n" + corpusSection.end + "\n"
	if err := os.WriteFile(validation, []byte(before), 0o644); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr strings.Builder
	if code := run([]string{"-analyse", filepath.Join("testdata", "kept"), "-validation", validation}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	got, _ := os.ReadFile(validation)
	for _, s := range []string{before, analysisSection.heading + analysisSection.begin, "results folder `kept`: 10 results",
		"| `radon_mn-radon_partially_pooled_centered` | `radon_mn-radon_partially_pooled_noncentered` | not compared: A not run; B not run |",
		"| `normal_2-normal_mixture` | mixture/LDA |  | not run |", analysisSection.end + "\n"} {
		if !strings.Contains(string(got), s) {
			t.Errorf("VALIDATION.md lacks %q:\n%s", s, got)
		}
	}
	if !strings.Contains(stdout.String(), "kept runs of kept: 0 of 9 variant pairs compared") {
		t.Errorf("stdout %q", stdout.String())
	}

	tests := []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"-analyse", "testdata/kept", "-keep"}, 2, "-analyse reads kept runs and runs nothing, so it takes no -keep"},
		{[]string{"-analyse", "testdata/kept", "-run", "x", "-timeout", "1m"}, 2, "takes no -run, -timeout (only -validation)"},
		{[]string{"-analyse", "testdata/absent", "-validation", validation}, 1, "-analyse testdata/absent: stat "},
		{[]string{"-analyse", t.TempDir(), "-validation", validation}, 1, "no results (<posterior>.json) in it; give a folder of out/corpus"},
	}
	for _, tt := range tests {
		var stdout, stderr strings.Builder
		if code := run(tt.args, &stdout, &stderr); code != tt.code || !strings.Contains(stderr.String(), tt.msg) {
			t.Errorf("%q: exit %d, %q; want %d and a message with %q", tt.args, code, stderr.String(), tt.code, tt.msg)
		}
	}
	if again, _ := os.ReadFile(validation); !bytes.Equal(again, got) {
		t.Errorf("a refused -analyse changed VALIDATION.md")
	}
}

// TestRunAllKeep: with -keep, a corpus run ends with the analysis of its
// kept runs (the fake bayes gives both posteriors the same draws).
func TestRunAllKeep(t *testing.T) {
	corpus := testCorpus(t, map[string]string{"good": "model { }", "plain": "model { }"})
	t.Setenv(fakeEnv, filepath.Join(t.TempDir(), "calls"))
	validation := filepath.Join(t.TempDir(), "VALIDATION.md")
	if err := os.WriteFile(validation, []byte("# Validation\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg := config{corpus: corpus, bayes: os.Args[0], cache: t.TempDir(), validation: validation,
		key: "0123456789ab", timeout: time.Minute, keep: true,
		catalogue: catalogue{pairs: []variantPair{{"good", "plain", "the same program"}}, multimodal: []string{"plain"}}}
	var out strings.Builder
	if err := runAll(context.Background(), cfg, &out); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(validation)
	for _, s := range []string{corpusSection.end + "\n\n" + analysisSection.heading + analysisSection.begin,
		"results folder `0123456789ab`: 2 results, 2 finished runs",
		"| `good` | `plain` | mu (1 value) | 0.00 (`mu`) | yes |", "| `plain` | mixture/LDA | 0.9996 | 1 |"} {
		if !strings.Contains(string(got), s) {
			t.Errorf("VALIDATION.md lacks %q:\n%s", s, got)
		}
	}
	if !strings.Contains(out.String(), "corpus: kept runs of 0123456789ab: 1 of 1 variant pairs compared") {
		t.Errorf("output lacks the analysis line:\n%s", out.String())
	}
}
