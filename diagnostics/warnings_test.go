package diagnostics

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/bayes-dev/bayes/runfiles"
)

// healthy is the summary row of a quantity that passes every check for 4
// chains: R-hat 1.001, bulk and tail ESS well above 400.
func healthy(name string) VarSummary {
	return VarSummary{Name: name, Mean: 1, SD: 1, Median: 1, Q5: -0.6, Q95: 2.6,
		ESSBulk: 3500, ESSTail: 2900, Rhat: 1.001, MCSEMean: 0.02, MCSESD: 0.015}
}

// goodStats are n transitions per chain with no divergence, depth 3 and
// alternating energies, whose E-BFMI is near 4 (energy transitions twice
// the spread of the marginal energy), far above 0.3.
func goodStats(chains, n int) [][]runfiles.Draw {
	out := make([][]runfiles.Draw, chains)
	for c := range out {
		out[c] = make([]runfiles.Draw, n)
		for i := range out[c] {
			out[c][i] = runfiles.Draw{Treedepth: 3, Energy: float64(10 + i%2)}
		}
	}
	return out
}

// wellInput is a run of 4 chains x 1000 draws where all is well.
func wellInput() WarningInput {
	return WarningInput{
		Summary:      Summary{healthy("mu"), healthy("tau"), healthy("theta[1]"), healthy("theta[2]")},
		Chains:       4,
		Draws:        1000,
		Stats:        goodStats(4, 1000),
		MaxTreedepth: 10,
		Model:        "models/eight_schools.bym",
	}
}

// warningCases each break one thing in wellInput.
var warningCases = []struct {
	name  string
	edit  func(in *WarningInput)
	kinds []string
}{
	{"all_well", func(in *WarningInput) {}, nil},
	{"unknown_stats", func(in *WarningInput) { in.Stats = nil }, nil},
	// NaN diagnostics (a constant quantity) are undefined, not bad.
	{"nan_ignored", func(in *WarningInput) {
		in.Summary = append(in.Summary, VarSummary{Name: "fixed", Rhat: math.NaN(), ESSBulk: math.NaN(), ESSTail: math.NaN()})
	}, nil},
	// 1327 of 4000 divergent: 3 chains of 1000 with 442, 442, 443.
	{"divergences", func(in *WarningInput) { diverge(in, 1327) }, []string{WarnDivergences}},
	{"divergences_funnel", func(in *WarningInput) {
		diverge(in, 1327)
		in.FunnelCandidates = []string{"theta"}
	}, []string{WarnDivergences}},
	{"divergences_funnel_two", func(in *WarningInput) {
		diverge(in, 1)
		in.Model = ""
		in.FunnelCandidates = []string{"theta", "eta"}
	}, []string{WarnDivergences}},
	// Seven quantities above 1.01 (1.0101 included, 1.01 itself not): the
	// worst five are named, largest first.
	{"rhat", func(in *WarningInput) {
		for i, r := range []float64{1.02, 1.0101, 1.3, 1.01, 1.05, 1.011, 1.9, 1.2} {
			v := healthy("x[" + string(rune('1'+i)) + "]")
			v.Rhat = r
			in.Summary = append(in.Summary, v)
		}
	}, []string{WarnRhat}},
	{"ess_bulk", func(in *WarningInput) {
		in.Summary[1].ESSBulk = 43.2
		in.Summary[3].ESSBulk = 399.9
		in.Summary[2].ESSBulk = 400 // the limit itself passes
	}, []string{WarnESSBulk}},
	{"ess_tail", func(in *WarningInput) { in.Summary[0].ESSTail = 12 }, []string{WarnESSTail}},
	{"ess_one_chain", func(in *WarningInput) {
		in.Chains, in.Stats = 1, goodStats(1, 1000)
		in.Summary = Summary{healthy("theta")}
		in.Summary[0].ESSBulk, in.Summary[0].ESSTail = 99, 150
	}, []string{WarnESSBulk}},
	// 312 of 4000 at depth 10; depth 11 (beyond the setting) counts too.
	{"treedepth", func(in *WarningInput) {
		for i := range 312 {
			in.Stats[i%4][i].Treedepth = 10 + i%2
		}
	}, []string{WarnTreedepth}},
	{"treedepth_unknown_limit", func(in *WarningInput) {
		in.Stats[0][0].Treedepth = 10
		in.MaxTreedepth = 0
	}, nil},
	// Chains 2 and 4 random-walk in energy: E-BFMI = 999 / Σ(i-499.5)² ≈ 1.2e-5.
	// 10,000 chains: the ESS bound is counted for 64 of them (6400), not
	// 10,000 x 100. An ESS of 7000 passes; 5000 does not.
	{"ess_many_chains_ok", func(in *WarningInput) {
		in.Chains = 10000
		for i := range in.Summary {
			in.Summary[i].ESSBulk, in.Summary[i].ESSTail = 7000, 7000
		}
	}, nil},
	{"ess_many_chains", func(in *WarningInput) {
		in.Chains = 10000
		for i := range in.Summary {
			in.Summary[i].ESSBulk, in.Summary[i].ESSTail = 7000, 7000
		}
		in.Summary[1].ESSBulk = 5000
	}, []string{WarnESSBulk}},
	{"ebfmi", func(in *WarningInput) {
		for _, c := range []int{1, 3} {
			for i := range in.Stats[c] {
				in.Stats[c][i].Energy = float64(i)
			}
		}
	}, []string{WarnEBFMI}},
	{"ebfmi_funnel", func(in *WarningInput) {
		for i := range in.Stats[0] {
			in.Stats[0][i].Energy = float64(i)
		}
		in.FunnelCandidates = []string{"theta"}
	}, []string{WarnEBFMI}},
	// 5000 chains of 20 draws, the odd ones drifting in energy (E-BFMI
	// 19/665 = 0.029 for a pure drift, up to 0.06 as they also alternate):
	// the 2500 low chains are counted and the lowest five named, lowest
	// first, ties in chain order.
	{"ebfmi_many_chains", func(in *WarningInput) {
		in.Chains, in.Draws, in.Stats = 5000, 20, goodStats(5000, 20)
		for i := range in.Summary {
			in.Summary[i].ESSBulk, in.Summary[i].ESSTail = 7000, 7000
		}
		for c := 1; c < 5000; c += 2 {
			for i := range in.Stats[c] {
				in.Stats[c][i].Energy = float64(i) + float64(c%997)/1000*float64(i%2)
			}
		}
	}, []string{WarnEBFMI}},
	{"everything", func(in *WarningInput) {
		diverge(in, 40)
		in.Summary[1].Rhat, in.Summary[1].ESSBulk, in.Summary[1].ESSTail = 1.08, 45, 80
		in.Stats[2][7].Treedepth = 10
		for i := range in.Stats[2] {
			in.Stats[2][i].Energy = float64(i % 100)
		}
		in.FunnelCandidates = []string{"theta"}
	}, []string{WarnDivergences, WarnRhat, WarnESSBulk, WarnESSTail, WarnTreedepth, WarnEBFMI}},
}

// diverge marks n transitions divergent, spread over the chains.
func diverge(in *WarningInput, n int) {
	for i := range n {
		in.Stats[i%3][i/3].Divergent = true
	}
}

func TestWarnings(t *testing.T) {
	for _, tt := range warningCases {
		t.Run(tt.name, func(t *testing.T) {
			in := wellInput()
			tt.edit(&in)
			ws := Warnings(in)
			var kinds []string
			for _, w := range ws {
				kinds = append(kinds, w.Kind)
				if w.Message == "" || w.Remedy == "" {
					t.Errorf("%s: empty message or remedy: %+v", w.Kind, w)
				}
			}
			if !slices.Equal(kinds, tt.kinds) {
				t.Errorf("kinds = %v; want %v", kinds, tt.kinds)
			}
			var buf bytes.Buffer
			if err := WriteWarnings(&buf, ws); err != nil {
				t.Fatal(err)
			}
			if tt.kinds == nil {
				if buf.Len() != 0 {
					t.Errorf("all is well, but WriteWarnings wrote:\n%s", buf.String())
				}
				return
			}
			for _, line := range strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n") {
				if len(line) > wrapWidth && !strings.HasPrefix(line, "    bayes ") {
					t.Errorf("line longer than %d: %q", wrapWidth, line)
				}
			}
			golden(t, "warnings/"+tt.name+".golden", buf.Bytes())
		})
	}
}

func TestCheckSampler(t *testing.T) {
	in := wellInput()
	diverge(&in, 5) // chains 1, 2, 3 get 2, 2, 1
	in.Stats[3][0].Treedepth = 10
	in.Stats[3][1].Treedepth = 12
	in.Stats[3][2].Treedepth = 9
	got := CheckSampler(in.Stats, 10)
	if got.Transitions != 4000 {
		t.Errorf("Transitions = %d; want 4000", got.Transitions)
	}
	if want := []int{2, 2, 1, 0}; !slices.Equal(got.Divergences, want) {
		t.Errorf("Divergences = %v; want %v", got.Divergences, want)
	}
	if want := []int{0, 0, 0, 2}; !slices.Equal(got.TreedepthHits, want) {
		t.Errorf("TreedepthHits = %v; want %v", got.TreedepthHits, want)
	}
	// Alternating 10, 11 over 1000 draws: 999 differences of 1 over 1000
	// deviations of 0.5, 999 / 250 (by hand).
	for c, b := range got.EBFMI {
		if math.Abs(b-999.0/250) > 1e-12 {
			t.Errorf("EBFMI[%d] = %v; want %v", c, b, 999.0/250)
		}
	}
	if got := CheckSampler(in.Stats, 0); got.TreedepthHits != nil {
		t.Errorf("unknown max treedepth gave hits %v; want nil", got.TreedepthHits)
	}
}

func TestPercent(t *testing.T) {
	tests := []struct {
		n, total int
		want     string
	}{
		{1327, 40000, "3.3%"},
		{1, 4000, "0.025%"},
		{1, 1000, "0.1%"},
		{4000, 4000, "100.0%"},
	}
	for _, tt := range tests {
		if got := percent(tt.n, tt.total); got != tt.want {
			t.Errorf("percent(%d, %d) = %q; want %q", tt.n, tt.total, got, tt.want)
		}
	}
}

// TestWarningInputFromStanCSV reads the CmdStan fixture of package
// runfiles, whose test parses it.
func TestWarningInputFromStanCSV(t *testing.T) {
	f, err := os.Open(filepath.Join("..", "runfiles", "testdata", "cmdstan_bernoulli.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	csv, err := runfiles.ReadStanCSV(f)
	if err != nil {
		t.Fatal(err)
	}
	in, err := WarningInputFromStanCSV([]string{"cmdstan_bernoulli.csv"}, []*runfiles.StanCSV{csv})
	if err != nil {
		t.Fatal(err)
	}
	// From the fixture's rows after "Adaptation terminated": 5 draws, the
	// last divergent; treedepth__ 1, 1, 2, 1, 2; max_depth = 10.
	if in.Chains != 1 || in.Draws != 5 || in.MaxTreedepth != 10 {
		t.Errorf("chains, draws, max treedepth = %d, %d, %d; want 1, 5, 10", in.Chains, in.Draws, in.MaxTreedepth)
	}
	if len(in.Stats) != 1 || len(in.Stats[0]) != 5 || !in.Stats[0][4].Divergent || in.Stats[0][2].Treedepth != 2 ||
		in.Stats[0][0].Energy != 6.80039 {
		t.Errorf("stats = %+v", in.Stats)
	}
	if len(in.Summary) != 1 || in.Summary[0].Name != "theta" {
		t.Errorf("summary = %+v; want theta alone", in.Summary)
	}
}

// TestWarningsRepeatedRemedyNamesItsWarning: a remedy given again names the
// warning that first gave it, which need not be the one just above (the
// E-BFMI warning of a funnel repeats the divergences' remedy after an ESS
// warning with another remedy).
func TestWarningsRepeatedRemedyNamesItsWarning(t *testing.T) {
	ws := []Warning{
		{Kind: WarnDivergences, Message: "divergences", Remedy: "reparameterise"},
		{Kind: WarnESSBulk, Message: "low bulk ESS", Remedy: "draw more"},
		{Kind: WarnESSTail, Message: "low tail ESS", Remedy: "draw more"},
		{Kind: WarnEBFMI, Message: "low E-BFMI", Remedy: "reparameterise"},
	}
	var buf bytes.Buffer
	if err := WriteWarnings(&buf, ws); err != nil {
		t.Fatal(err)
	}
	want := `
warning: divergences
  try: reparameterise

warning: low bulk ESS
  try: draw more

warning: low tail ESS
  try: the same remedy as for the bulk ESS above.

warning: low E-BFMI
  try: the same remedy as for the divergences above.
`
	if buf.String() != want {
		t.Errorf("got:\n%s\nwant:\n%s", buf.String(), want)
	}
}

// TestWarningNames: every kind of warning has a name for the remedy's
// back-reference.
func TestWarningNames(t *testing.T) {
	for _, k := range []string{WarnDivergences, WarnRhat, WarnESSBulk, WarnESSTail, WarnTreedepth, WarnEBFMI} {
		if warningNames[k] == "" {
			t.Errorf("warning kind %q has no name in warningNames", k)
		}
	}
}

// An E-BFMI just below the bound prints below it: 0.2996 as 0.29, not
// the 0.30 that rounding gives; a value with two decimals prints as it is
// (0.57 * 100 is 56.99999999999999 in floating point).
func TestLowChainsRoundsDown(t *testing.T) {
	got := lowChains([]flagged{{"chain 2", 0.2996}, {"chain 3", 0.57}, {"chain 4", 0.18}}, 4)
	if want := "chain 2 (0.29), chain 3 (0.57) and chain 4 (0.18)"; got != want {
		t.Errorf("lowChains = %q; want %q", got, want)
	}
}
