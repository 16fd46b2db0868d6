package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/bayes-dev/bayes/validation/posteriordb"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden")

// fakeEnv makes the test binary act as bin/bayes (TestMain), so that the
// harness is tested on its own, in milliseconds: the value is a file to
// which each invocation appends its folder and command.
const fakeEnv = "CORPUS_FAKE_BAYES_LOG"

func TestMain(m *testing.M) {
	if log := os.Getenv(fakeEnv); log != "" {
		os.Exit(fakeBayes(log, os.Args[1:]))
	}
	os.Exit(m.Run())
}

// fakeBayes answers as bayes would for the test corpus's models, by what
// model.stan says: "functions" fails the check with a positioned message,
// "slow" sleeps past any cap a test sets, anything else checks OK; sample
// writes 4 Stan CSV files of 1000 standard normal draws of mu.
func fakeBayes(log string, args []string) int {
	wd, _ := os.Getwd()
	f, err := os.OpenFile(log, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return 3
	}
	fmt.Fprintf(f, "%s %s\n", filepath.Base(wd), args[0])
	f.Close()
	model, _ := os.ReadFile("model.stan")
	switch {
	case strings.Contains(string(model), "slow"):
		time.Sleep(time.Minute)
	case args[0] == "check" && strings.Contains(string(model), "functions"):
		fmt.Fprint(os.Stderr, "note: data.json: variable x is not declared; ignored\n"+
			"model.stan:1:1: user-defined functions (the functions block) are not supported yet | here\n functions {\n ^\n")
		return 1
	case args[0] == "sample":
		dir := args[slices.Index(args, "--output-dir")+1]
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return 3
		}
		for c := 1; c <= 4; c++ {
			var b strings.Builder
			fmt.Fprintf(&b, "# model = fake\n# id = %d\nlp__,divergent__,mu\n", c)
			rng := rand.New(rand.NewPCG(1, uint64(c)))
			for range 1000 {
				fmt.Fprintf(&b, "0,0,%g\n", rng.NormFloat64())
			}
			if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("fake_%d.csv", c)), []byte(b.String()), 0o644); err != nil {
				return 3
			}
		}
	}
	return 0
}

// testCorpus makes a corpus of posteriors named by their model text.
func testCorpus(t *testing.T, models map[string]string) string {
	dir := t.TempDir()
	for name, model := range models {
		if err := os.MkdirAll(filepath.Join(dir, name), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name, "model.stan"), []byte(model), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// stdNormalRef is the reference of a standard normal mu (the exact
// values; see validation/posteriordb's test).
const stdNormalRef = `{"name": "good", "reference_method": {"control": {"adapt_delta": 0.9, "max_treedepth": 12}},
 "parameters": [{"name": "mu", "mean": 0, "sd": 1, "q5": -1.6448536, "q95": 1.6448536, "ess_bulk": 10000,
  "ess_tail": 10000, "mcse_sd": 0.0070711, "mcse_q5": 0.0211315, "mcse_q95": 0.0211315}]}`

// TestRunAll runs a corpus of three posteriors twice through the fake
// bayes: the first run checks all, samples the two that check, applies the
// rule to the one with a reference and writes the table; the second, at
// the same commit, runs nothing and leaves the table as it was.
func TestRunAll(t *testing.T) {
	corpus := testCorpus(t, map[string]string{"bad": "functions { }", "good": "model { }", "plain": "model { }"})
	if err := os.WriteFile(filepath.Join(corpus, "good", "reference.json"), []byte(stdNormalRef), 0o644); err != nil {
		t.Fatal(err)
	}
	log := filepath.Join(t.TempDir(), "calls")
	t.Setenv(fakeEnv, log)
	validation := filepath.Join(t.TempDir(), "VALIDATION.md")
	if err := os.WriteFile(validation, []byte("# Validation\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg := config{corpus: corpus, bayes: os.Args[0], cache: t.TempDir(), validation: validation,
		key: "0123456789ab", timeout: time.Minute}

	if err := runAll(context.Background(), cfg, io.Discard); err != nil {
		t.Fatal(err)
	}
	calls, _ := os.ReadFile(log)
	want := "bad check\ngood check\ngood sample\nplain check\nplain sample\n"
	if string(calls) != want {
		t.Fatalf("bayes was run as\n%s\nwant\n%s", calls, want)
	}
	good, err := loadResult(filepath.Join(cfg.cache, cfg.key), "good")
	if err != nil {
		t.Fatal(err)
	}
	if good.Rule == nil || !good.Rule.Passed || good.Rule.Checks != 4 || good.Stats == nil || good.Stats.Quantities != 1 {
		t.Errorf("good: rule %+v, stats %+v; want a pass of 4 checks over 1 quantity", good.Rule, good.Stats)
	}
	if want := []string{"--adapt-delta", "0.9", "--max-treedepth", "12"}; !slices.Equal(good.Settings, want) {
		t.Errorf("good: settings %q, want %q", good.Settings, want)
	}
	if _, err := os.Stat(filepath.Join(cfg.cache, cfg.key, "good.run")); !os.IsNotExist(err) {
		t.Errorf("the run folder is left behind (%v)", err)
	}
	table, _ := os.ReadFile(validation)

	var out strings.Builder
	if err := runAll(context.Background(), cfg, &out); err != nil {
		t.Fatal(err)
	}
	if again, _ := os.ReadFile(log); string(again) != want {
		t.Errorf("the second run ran bayes again:\n%s", again[len(want):])
	}
	if n := strings.Count(out.String(), "skipped"); n != 3 {
		t.Errorf("the second run skipped %d posteriors, want 3:\n%s", n, out.String())
	}
	if again, _ := os.ReadFile(validation); string(again) != string(table) {
		t.Errorf("the second run changed the table:\n%s\nwas\n%s", again, table)
	}
	for _, s := range []string{"# Validation\n", corpusSection.begin, "| `bad` |  | `` model.stan:1:1: user-defined functions (the functions block) are not supported yet \\| here `` |",
		"| `good` | yes | ok | ok | pass (4 checks, max ratio", "| `plain` |  | ok | ok |  |"} {
		if !strings.Contains(string(table), s) {
			t.Errorf("the table lacks %q:\n%s", s, table)
		}
	}
}

// TestRunAllTimeout: a posterior that outlasts the cap is killed and
// recorded as timed out; a later run with a longer cap tries it again.
func TestRunAllTimeout(t *testing.T) {
	corpus := testCorpus(t, map[string]string{"slow": "slow"})
	log := filepath.Join(t.TempDir(), "calls")
	t.Setenv(fakeEnv, log)
	validation := filepath.Join(t.TempDir(), "VALIDATION.md")
	if err := os.WriteFile(validation, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	cfg := config{corpus: corpus, bayes: os.Args[0], cache: t.TempDir(), validation: validation,
		key: "0123456789ab", timeout: 100 * time.Millisecond}
	if err := runAll(context.Background(), cfg, io.Discard); err != nil {
		t.Fatal(err)
	}
	r, err := loadResult(filepath.Join(cfg.cache, cfg.key), "slow")
	if err != nil {
		t.Fatal(err)
	}
	if !r.TimedOut || r.Check != "time-out" || r.covers(false, time.Second) || !r.covers(false, cfg.timeout) {
		t.Errorf("result %+v: want a time-out of the check that a longer cap does not cover", r)
	}
}

func TestSettings(t *testing.T) {
	tests := []struct {
		control string
		want    []string
		err     string
	}{
		{`{}`, nil, ""},
		{`{"max_treedepth": 15, "adapt_delta": 0.95}`, []string{"--adapt-delta", "0.95", "--max-treedepth", "15"}, ""},
		{`{"metric": "dense_e"}`, []string{"--metric", "dense"}, ""},
		{`{"metric": "dense"}`, nil, `metric = "dense": expected "diag_e"`},
		{`{"adapt_delta": "high"}`, nil, `adapt_delta = "high": expected a number`},
		{`{"adapt_engaged": 1}`, nil, "control.adapt_engaged = 1: bayes sample has no such setting"},
	}
	for _, tt := range tests {
		t.Run(tt.control, func(t *testing.T) {
			var m posteriordb.Method
			if err := json.Unmarshal([]byte(`{"control": `+tt.control+`}`), &m); err != nil {
				t.Fatal(err)
			}
			got, err := settings(m)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("error %v, want one containing %q", err, tt.err)
				}
				return
			}
			if err != nil || !slices.Equal(got, tt.want) {
				t.Errorf("got %q, %v; want %q", got, err, tt.want)
			}
		})
	}
}

func TestFirstError(t *testing.T) {
	tests := []struct{ stderr, want string }{
		{"", ""},
		{"model.stan:3:5: no function \"sub_col\"\n  x = sub_col(a);\n      ^\n", `model.stan:3:5: no function "sub_col"`},
		{"note: data.json: variable k is not declared; ignored\nseed: 1\n\nbayes: boom\n", "bayes: boom"},
		{strings.Repeat("x", 300), strings.Repeat("x", 200) + "..."},
	}
	for _, tt := range tests {
		if got := firstError(tt.stderr); got != tt.want {
			t.Errorf("firstError(%q) = %q, want %q", tt.stderr, got, tt.want)
		}
	}
}

func TestCovers(t *testing.T) {
	tests := []struct {
		name      string
		r         result
		checkOnly bool
		cap       time.Duration
		want      bool
	}{
		{"sampled, full run", result{Check: "ok", Sample: "ok", Cap: time.Minute}, false, time.Minute, true},
		{"check only, full run", result{Check: "ok", CheckOnly: true}, false, time.Minute, false},
		{"check only, check-only run", result{Check: "ok", CheckOnly: true}, true, time.Minute, true},
		{"failed check, full run", result{Check: "model.stan:1:1: x"}, false, time.Minute, true},
		{"time-out, same cap", result{Check: "ok", Sample: "time-out", TimedOut: true, Cap: time.Minute}, false, time.Minute, true},
		{"time-out, longer cap", result{Check: "ok", Sample: "time-out", TimedOut: true, Cap: time.Minute}, false, time.Hour, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.r.covers(tt.checkOnly, tt.cap); got != tt.want {
				t.Errorf("covers = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestReplaceSection(t *testing.T) {
	path := filepath.Join(t.TempDir(), "V.md")
	write := func(s string) {
		if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	read := func() string { b, _ := os.ReadFile(path); return string(b) }

	write("# V\n\ntext\n")
	if err := replaceSection(path, corpusSection, "one\n"); err != nil {
		t.Fatal(err)
	}
	want := "# V\n\ntext\n\n" + corpusSection.heading + corpusSection.begin + "\none\n" + corpusSection.end + "\n"
	if got := read(); got != want {
		t.Fatalf("appended:\n%s\nwant\n%s", got, want)
	}
	write(want + "\n## After\n")
	if err := replaceSection(path, corpusSection, "two\n"); err != nil {
		t.Fatal(err)
	}
	if got, want := read(), strings.Replace(want, "one", "two", 1)+"\n## After\n"; got != want {
		t.Fatalf("replaced:\n%s\nwant\n%s", got, want)
	}
	for _, bad := range []string{corpusSection.begin + "\n", corpusSection.end + "\n" + corpusSection.begin + "\n"} {
		write(bad)
		if err := replaceSection(path, corpusSection, "x\n"); err == nil || read() != bad {
			t.Errorf("%q: error %v, file now %q; want an error and no change", bad, err, read())
		}
	}
}

// TestRenderSection compares the section for one result of each kind
// with testdata/section.golden (-update rewrites it).
func TestRenderSection(t *testing.T) {
	names := []string{"a-checkfail", "b-notrun", "c-checkonly", "d-timeout", "e-pass", "f-fail", "g-norefsampled", "h-samplefail"}
	results := []*result{
		{Posterior: "a-checkfail", Check: `model.stan:83:18: no function "gp_exp_quad_cov" | <x>`, Cap: time.Minute, Wall: 120 * time.Millisecond},
		nil,
		{Posterior: "c-checkonly", Check: "ok", CheckOnly: true, HasReference: true, Wall: 80 * time.Millisecond},
		{Posterior: "d-timeout", Check: "ok", Sample: "time-out", TimedOut: true, Cap: 10 * time.Minute, Wall: 10 * time.Minute},
		{Posterior: "e-pass", Check: "ok", Sample: "ok", HasReference: true, Settings: []string{"--adapt-delta", "0.95"}, Wall: 12300 * time.Millisecond,
			Stats: &runStats{Quantities: 5, MinESSBulk: 1234.4, MaxRhat: 1.00312}, Rule: &rule{Passed: true, Converged: true, Checks: 12, MaxRatio: 0.634}},
		{Posterior: "f-fail", Check: "ok", Sample: "ok", HasReference: true, Wall: 4 * time.Second,
			Stats: &runStats{Quantities: 3, MinESSBulk: 310, MaxRhat: 1.015, Divergences: 2},
			Rule:  &rule{Converged: false, Checks: 8, Failed: 1, MaxRatio: 1.1}},
		{Posterior: "g-norefsampled", Check: "ok", Sample: "ok", Wall: time.Second, Stats: &runStats{}},
		{Posterior: "h-samplefail", Check: "ok", Sample: "bayes: chain 1: the log density is not finite at every initial point", Wall: time.Second},
	}
	got := renderSection("0123456789ab", names, results)
	golden := filepath.Join("testdata", "section.golden")
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
