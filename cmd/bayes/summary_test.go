package main

import (
	"bytes"
	"encoding/json"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/bayes-dev/bayes/diagnostics"
	"github.com/bayes-dev/bayes/runfiles"
)

// summaryFixtures is where the Stan CSV fixtures of bayes summary and bayes
// plot live, relative to the repository root. They are written by
// writeFixtures with runfiles.StanCSVWriter (go test -update rewrites
// them, from fixed seeds):
//
//	ok/      chains 1-2, 200 iid draws of mu ~ N(1, 2), sigma ~ LogNormal(0, 0.5),
//	         with summary.csv beside them, which summary must skip
//	more/    chains 3-4 of the same model: a second run to merge with ok/
//	funnel/  chains 1-2, 200 draws of mu, tau, theta[1], theta[2] with slow
//	         mixing, divergences, tree depth hits and low E-BFMI
const summaryFixtures = "cmd/bayes/testdata/summary"

// fixtureRun is one run of a fixture directory.
type fixtureRun struct {
	dir    string
	model  string // the header's model name: runs of one model merge
	names  []string
	chains []int // chain ids
	draw   func(rng *rand.Rand, chain, i int, state []float64) (runfiles.Draw, []float64)
}

var fixtureRuns = []fixtureRun{
	{"ok", "ok", []string{"mu", "sigma"}, []int{1, 2}, iidDraw},
	{"more", "ok", []string{"mu", "sigma"}, []int{3, 4}, iidDraw},
	{"funnel", "funnel", []string{"mu", "tau", "theta[1]", "theta[2]"}, []int{1, 2}, funnelDraw},
}

// iidDraw draws independent values: nothing to warn about.
func iidDraw(rng *rand.Rand, _, _ int, _ []float64) (runfiles.Draw, []float64) {
	d := runfiles.Draw{LP: -2 + rng.NormFloat64(), AcceptStat: 0.9, Stepsize: 0.8, Treedepth: 2, NLeapfrog: 3,
		Energy: 3 + rng.NormFloat64()}
	return d, []float64{1 + 2*rng.NormFloat64(), math.Exp(0.5 * rng.NormFloat64())}
}

// funnelDraw mimics a centered hierarchical model stuck in a funnel: log
// tau is an AR(1) with coefficient 0.97 whose chains sit apart (chain 2 is
// shifted up by 0.6), theta = mu + tau z, the transitions with tau < 0.4
// diverge and those with tau > 6 hit tree depth 10, and the energy is an
// AR(1) with coefficient 0.95 (E-BFMI near 2(1 - 0.95) = 0.1).
func funnelDraw(rng *rand.Rand, chain, i int, s []float64) (runfiles.Draw, []float64) {
	if i == 0 {
		s[0], s[1] = 0.6*float64(chain-1), 0
	}
	s[0] = 0.97*s[0] + 0.25*rng.NormFloat64() + 0.03*0.6*float64(chain-1)
	s[1] = 0.95*s[1] + rng.NormFloat64()
	mu := 4 + 3*rng.NormFloat64()
	tau := math.Exp(s[0])
	d := runfiles.Draw{LP: -30 - s[0], AcceptStat: 0.85, Stepsize: 0.3, Treedepth: 4, NLeapfrog: 15,
		Divergent: tau < 0.4, Energy: 40 + 3*s[1]}
	if tau > 6 {
		d.Treedepth, d.NLeapfrog = 10, 1023
	}
	return d, []float64{mu, tau, mu + tau*rng.NormFloat64(), mu + tau*rng.NormFloat64()}
}

// round4 keeps 4 decimals, so the fixtures stay small and readable.
func round4(x float64) float64 { return math.Round(x*1e4) / 1e4 }

// writeFixtures rewrites the fixture directories under root.
func writeFixtures(t *testing.T, root string) {
	t.Helper()
	for _, run := range fixtureRuns {
		dir := filepath.Join(root, run.dir)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		for _, id := range run.chains {
			cfg := runfiles.DefaultStanCSVConfig()
			cfg.Model, cfg.Chain, cfg.Seed = run.model, id, 20261125
			cfg.NumSamples, cfg.NumWarmup = 200, 200
			cfg.Output = filepath.Join(run.dir, run.dir+"_"+strconv.Itoa(id)+".csv")
			var buf bytes.Buffer
			w, err := runfiles.NewStanCSVWriter(&buf, cfg, run.names)
			if err != nil {
				t.Fatal(err)
			}
			w.WriteAdaptation(runfiles.Adaptation{Stepsize: 0.8, InvMetric: slices.Repeat([]float64{1}, len(run.names))})
			rng := rand.New(rand.NewPCG(20261125, uint64(id)))
			state := make([]float64, 2)
			for i := range cfg.NumSamples {
				d, params := run.draw(rng, id, i, state)
				d.LP, d.Energy = round4(d.LP), round4(d.Energy)
				for j := range params {
					params[j] = round4(params[j])
				}
				if err := w.WriteDraw(d, params); err != nil {
					t.Fatal(err)
				}
			}
			w.WriteTiming(time.Second, time.Second)
			if err := os.WriteFile(filepath.Join(root, cfg.Output), buf.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	// A summary.csv beside the chains, as bayes sample --output-dir leaves.
	var buf bytes.Buffer
	diagnostics.WriteSummaryCSV(&buf, diagnostics.Summary{{Name: "mu", Mean: 1}})
	if err := os.WriteFile(filepath.Join(root, "ok", "summary.csv"), buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// cliCase is one command line whose whole output is in a golden file.
type cliCase struct {
	name string
	args []string
}

// longFloat is a number printed with more digits than a golden may hold.
var longFloat = regexp.MustCompile(`-?[0-9]+\.[0-9]{10,}(e[-+]?[0-9]+)?`)

// roundFloats rounds the numbers of a JSON report to 10 significant digits
// for its golden: the last bits of a summary can differ between platforms
// (fused multiply-add), and TestSummaryMatchesMemory checks the digits.
func roundFloats(s string) string {
	return longFloat.ReplaceAllStringFunc(s, func(m string) string {
		x, err := strconv.ParseFloat(m, 64)
		if err != nil {
			return m
		}
		return strconv.FormatFloat(x, 'g', 10, 64)
	})
}

// runCLIGoldens runs each case from the repository root and compares its
// exit status, stdout and stderr with testdata/GROUP/NAME.golden, in the
// layout of TestGolden. JSON output has its numbers rounded (roundFloats).
func runCLIGoldens(t *testing.T, group string, cases []cliCase) {
	t.Helper()
	wd, _ := os.Getwd()
	if err := os.Chdir(repoRoot); err != nil {
		t.Fatal(err)
	}
	defer os.Chdir(wd)
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			stdout, stderr, code := bayes(tt.args...)
			if slices.Contains(tt.args, "json") {
				stdout = roundFloats(stdout)
			}
			got := transcript(tt.args, stdout, stderr, code)
			golden := filepath.Join("cmd", "bayes", "testdata", group, tt.name+".golden")
			compareGolden(t, golden, got)
		})
	}
}

func TestSummaryGolden(t *testing.T) {
	if *update {
		writeFixtures(t, filepath.Join(repoRoot, summaryFixtures))
	}
	fx := func(p string) string { return summaryFixtures + "/" + p }
	runCLIGoldens(t, "summary", []cliCase{
		{"ok", []string{"summary", fx("ok")}},
		{"ok_files", []string{"summary", fx("ok/ok_2.csv"), fx("ok/ok_1.csv")}},
		{"merged_runs", []string{"summary", fx("more"), fx("ok")}},
		{"funnel", []string{"summary", fx("funnel")}},
		{"funnel_json", []string{"summary", fx("funnel"), "--format", "json"}},
		{"cmdstan", []string{"summary", "runfiles/testdata/cmdstan_bernoulli.csv"}},
		{"cmdstan_json", []string{"summary", "--format", "json", "runfiles/testdata/cmdstan_bernoulli.csv"}},
		{"missing_file", []string{"summary", fx("nope.csv")}},
		{"no_csv_in_dir", []string{"summary", "cmd/bayes/testdata/cli"}},
		{"not_stan_csv", []string{"summary", fx("ok/summary.csv")}},
		{"not_csv_at_all", []string{"summary", "models/eight_schools.bym"}},
		{"given_twice", []string{"summary", fx("ok"), fx("ok/ok_1.csv")}},
		{"different_models", []string{"summary", fx("more"), fx("funnel")}},
		{"no_args", []string{"summary"}},
		{"bad_format", []string{"summary", fx("ok"), "--format", "yaml"}},
	})
}

// TestSummaryMatchesMemory writes draws with diagnostics' writer and checks
// that bayes summary of the files gives exactly (bit for bit, through the
// JSON report's round-trip numbers) diagnostics.Summarize of the same
// draws in memory, and the same table.
func TestSummaryMatchesMemory(t *testing.T) {
	dir := t.TempDir()
	names := []string{"alpha", "beta[1]", "beta[2]", "Sigma[1,2]"}
	const chains, draws = 3, 150
	cols := make([]diagnostics.Column, len(names))
	for v := range cols {
		cols[v] = diagnostics.Column{Name: names[v], Draws: make([][]float64, chains)}
	}
	stats := make([][]runfiles.Draw, chains)
	for c := range chains {
		cfg := runfiles.DefaultStanCSVConfig()
		cfg.Chain = c + 1
		// Write the chains in reverse file-name order, to check that ids,
		// not names, order them.
		file, err := os.Create(filepath.Join(dir, "x_"+strconv.Itoa(chains-c)+".csv"))
		if err != nil {
			t.Fatal(err)
		}
		w, err := runfiles.NewStanCSVWriter(file, cfg, names)
		if err != nil {
			t.Fatal(err)
		}
		rng := rand.New(rand.NewPCG(7, uint64(c)))
		x := 0.0
		for i := range draws {
			x = 0.6*x + rng.NormFloat64() // autocorrelated, so ESS is not trivial
			row := []float64{x, rng.ExpFloat64() * 1e-3, 1e6 * rng.NormFloat64(), x + rng.NormFloat64()/3}
			d := runfiles.Draw{LP: -rng.ExpFloat64(), Treedepth: 1 + i%10, Divergent: i%37 == 0, Energy: rng.NormFloat64()}
			stats[c] = append(stats[c], d)
			if err := w.WriteDraw(d, row); err != nil {
				t.Fatal(err)
			}
			for v := range cols {
				cols[v].Draws[c] = append(cols[v].Draws[c], row[v])
			}
		}
		file.Close()
	}
	want, err := diagnostics.Summarize(cols)
	if err != nil {
		t.Fatal(err)
	}

	stdout, stderr, code := bayes("summary", dir, "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var doc struct {
		Summary []map[string]any
		Sampler struct {
			Divergences   int
			TreedepthHits int `json:"treedepth_hits"`
		}
	}
	if err := json.Unmarshal([]byte(stdout), &doc); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, stdout)
	}
	if len(doc.Summary) != len(want) {
		t.Fatalf("%d rows; want %d", len(doc.Summary), len(want))
	}
	for i, w := range want {
		row := doc.Summary[i]
		for key, x := range map[string]float64{"mean": w.Mean, "sd": w.SD, "median": w.Median, "q5": w.Q5, "q95": w.Q95,
			"ess_bulk": w.ESSBulk, "ess_tail": w.ESSTail, "rhat": w.Rhat, "mcse_mean": w.MCSEMean, "mcse_sd": w.MCSESD} {
			if got, ok := row[key].(float64); !ok || got != x {
				t.Errorf("%s %s = %v from the files; want %v from memory", w.Name, key, row[key], x)
			}
		}
	}
	sd := diagnostics.CheckSampler(stats, 10)
	if doc.Sampler.Divergences != 3*5 || doc.Sampler.TreedepthHits != 3*15 {
		t.Errorf("divergences, treedepth hits = %d, %d; want %d, %d (i %% 37 == 0 and depth 10 of 150)",
			doc.Sampler.Divergences, doc.Sampler.TreedepthHits, 15, 45)
	}
	if sum := sd.Divergences[0] + sd.Divergences[1] + sd.Divergences[2]; sum != doc.Sampler.Divergences {
		t.Errorf("divergences %d; CheckSampler in memory gives %d", doc.Sampler.Divergences, sum)
	}

	var table bytes.Buffer
	diagnostics.WriteTable(&table, want, doc.Sampler.Divergences)
	diagnostics.WriteWarnings(&table, diagnostics.Warnings(diagnostics.WarningInput{
		Summary: want, Chains: chains, Draws: draws, Stats: stats, MaxTreedepth: 10}))
	stdout, _, _ = bayes("summary", dir)
	if stdout != table.String() {
		t.Errorf("table from files:\n%s\nfrom memory:\n%s", stdout, table.String())
	}
}

func TestReadStanCSVsOrder(t *testing.T) {
	paths, chains, err := runfiles.ReadRuns([]string{
		filepath.Join(repoRoot, summaryFixtures, "more"),
		filepath.Join(repoRoot, summaryFixtures, "ok", "ok_2.csv"),
		filepath.Join(repoRoot, summaryFixtures, "ok", "ok_1.csv"),
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for i, p := range paths {
		got = append(got, filepath.Base(p)+":"+chains[i].Settings["id"])
	}
	want := []string{"ok_1.csv:1", "ok_2.csv:2", "more_3.csv:3", "more_4.csv:4"}
	if !slices.Equal(got, want) {
		t.Errorf("order = %v; want %v", got, want)
	}
}
