package diagnostics

import (
	"bufio"
	"cmp"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/bayes-dev/bayes/runfiles"
)

// Thresholds of the warnings. R-hat and ESS follow Vehtari et al. (2021),
// section 4 ("R-hat < 1.01", "ESS > 100 per chain", as posterior's and
// ArviZ's summaries flag); E-BFMI follows Stan (LowEBFMI).
//
// The ESS rule is counted for at most ESSChainsCounted chains: it asks each
// chain for enough draws that R-hat and ESS are estimated well, and with
// thousands of short chains (a GPU run) the total it demands grows past
// anything an estimate needs (10,000 chains would need a million). Past 64
// chains the bound stays at 6,400, a Monte Carlo error of 1.25% of a
// posterior standard deviation. Margossian et al. (2023, "Nested R-hat")
// discuss this many-short-chains regime.
const (
	RhatThreshold    = 1.01
	ESSPerChain      = 100
	ESSChainsCounted = 64
)

// Warning kinds, the values of Warning.Kind. They are stable: the JSON
// report carries them and tools match on them.
const (
	WarnDivergences = "divergences"
	WarnRhat        = "rhat"
	WarnESSBulk     = "ess_bulk"
	WarnESSTail     = "ess_tail"
	WarnTreedepth   = "treedepth"
	WarnEBFMI       = "ebfmi"
	WarnImproper    = "improper"
	WarnRejections  = "rejections"
)

// warningNames name each kind of warning in a sentence ("the same remedy
// as for the divergences above").
var warningNames = map[string]string{
	WarnDivergences: "the divergences",
	WarnRhat:        "R-hat",
	WarnESSBulk:     "the bulk ESS",
	WarnESSTail:     "the tail ESS",
	WarnTreedepth:   "the tree depth",
	WarnEBFMI:       "E-BFMI",
	WarnImproper:    "the improper posterior",
	WarnRejections:  "the rejections",
	WarnNestedRhat:  "nested R-hat",
}

// Warning is one problem found in a run, with what to try about it.
type Warning struct {
	Kind    string   // one of the Warn* constants
	Message string   // what was found, with counts and the worst values
	Remedy  string   // what to try; lines after the first are commands
	Vars    []string // the quantities concerned, worst first (R-hat, ESS), or the funnel candidates (divergences)
}

// WarningInput is what the warnings are computed from: plain numbers, so
// that `bayes sample` (draws in memory) and `bayes summary` (draws read
// from Stan CSV files) warn alike.
type WarningInput struct {
	Summary Summary
	// Chains and Draws are the number of chains and of post-warmup draws
	// per chain.
	Chains, Draws int
	// Stats are the sampler statistics of each post-warmup transition,
	// [chain][iteration]; nil when unknown (no sampler warnings then).
	Stats [][]runfiles.Draw
	// MaxTreedepth is the --max-treedepth setting; 0 when unknown.
	MaxTreedepth int
	// Model is the model file named in the suggested commands; "" prints
	// MODEL.bym.
	Model string
	// FunnelCandidates are the parameters whose prior is a location-scale
	// family with a parameter scale (reparam.LocationScaleCandidates): the
	// ones the non-centered form may free from a funnel.
	FunnelCandidates []string
	// Improper are the parameters nothing in the model involves, whose
	// posterior is improper (reparam.ImproperParameters).
	Improper []string
	// Rejections are the reasons the model rejected points while
	// sampling, and Gradients the log density evaluations in all.
	Rejections []Rejection
	Gradients  int64
	// Run, when not nil, says how the draws were made (the report's "run").
	Run *RunInfo
	// Nested, when not nil, is the nested R-hat of each quantity of a run
	// started in superchains (NestedRhats), aligned with Summary.
	Nested *Nested
}

// Rejection is one reason the log density rejected points (returned -Inf)
// over a run.
type Rejection struct {
	Reason  string // "the transformed parameter sigma is below its declared lower bound"
	Example string // the first such point's element and value: "sigma[2] is -0.31, but must be ..."
	Count   int    // the log density evaluations it rejected
}

// SamplerDiagnostics are the run-level checks of the sampler statistics,
// per chain.
type SamplerDiagnostics struct {
	Transitions   int       // post-warmup transitions over all chains
	Divergences   []int     // divergent transitions
	TreedepthHits []int     // transitions whose treedepth__ reached MaxTreedepth; nil when it is unknown
	EBFMI         []float64 // E-BFMI of the chain's energy__ (EBFMI)
}

// CheckSampler computes the sampler diagnostics of stats, [chain][iteration].
// maxTreedepth 0 means unknown.
func CheckSampler(stats [][]runfiles.Draw, maxTreedepth int) SamplerDiagnostics {
	d := SamplerDiagnostics{Divergences: make([]int, len(stats)), EBFMI: make([]float64, len(stats))}
	if maxTreedepth > 0 {
		d.TreedepthHits = make([]int, len(stats))
	}
	var energy []float64
	for c, chain := range stats {
		d.Transitions += len(chain)
		energy = energy[:0]
		for _, s := range chain {
			if s.Divergent {
				d.Divergences[c]++
			}
			// Stan counts a transition as saturated when its depth reached
			// the limit (CmdStan's diagnose, "treedepth__ >= max_depth").
			if maxTreedepth > 0 && s.Treedepth >= maxTreedepth {
				d.TreedepthHits[c]++
			}
			energy = append(energy, s.Energy)
		}
		d.EBFMI[c] = EBFMI(energy)
	}
	return d
}

// warningChecks are the checks, one row each, in the order the warnings are
// printed: a model whose posterior is improper first (it explains the
// rest), then sampler problems that bias the draws, then mixing, then
// efficiency.
var warningChecks = [...]func(in *WarningInput, sd *SamplerDiagnostics) (Warning, bool){
	checkImproper,
	checkRejections,
	checkDivergences,
	checkRhat,
	checkNestedRhat,
	checkESSBulk,
	checkESSTail,
	checkTreedepth,
	checkEBFMI,
}

// Warnings returns the warnings of a run, each with what to try, in the
// spirit of CmdStan's diagnose and ArviZ; none when all is well. Quantities
// whose diagnostics are undefined (NaN: constant draws) are not flagged.
func Warnings(in WarningInput) []Warning {
	var sd *SamplerDiagnostics
	if in.Stats != nil {
		d := CheckSampler(in.Stats, in.MaxTreedepth)
		sd = &d
	}
	var out []Warning
	for _, check := range warningChecks {
		if w, ok := check(&in, sd); ok {
			out = append(out, w)
		}
	}
	return out
}

func checkImproper(in *WarningInput, _ *SamplerDiagnostics) (Warning, bool) {
	if len(in.Improper) == 0 {
		return Warning{}, false
	}
	return Warning{
		Kind:    WarnImproper,
		Message: ImproperMessage(in.Improper) + " The draws of it mean nothing, and the warnings below may follow from it.",
		Remedy: "give it a prior in the model block (for example " + in.Improper[0] + " ~ normal(0, 10), on a scale that suits it), " +
			"bound it on both sides, or remove it if it is not used.",
		Vars: in.Improper,
	}, true
}

// ImproperMessage says that the parameters names are involved in nothing
// and so have an improper posterior; bayes sample says it before sampling
// too.
func ImproperMessage(names []string) string {
	what, verb := "parameter "+names[0], "appears"
	if len(names) > 1 {
		what, verb = "parameters "+JoinFirst(names, maxListed), "appear"
	}
	return fmt.Sprintf("%s %s in no ~ statement, target increment or transformed parameter the model uses: "+
		"with no prior and no likelihood its posterior is flat over an unbounded support, which is improper.", what, verb)
}

func checkRejections(in *WarningInput, _ *SamplerDiagnostics) (Warning, bool) {
	if len(in.Rejections) == 0 {
		return Warning{}, false
	}
	var parts []string
	n := 0
	for _, r := range in.Rejections {
		n += r.Count
		parts = append(parts, fmt.Sprintf("%s in %d (first: %s)", r.Reason, r.Count, r.Example))
	}
	of := ""
	if in.Gradients > 0 {
		of = fmt.Sprintf(" of %d", in.Gradients)
	}
	return Warning{
		Kind: WarnRejections,
		Message: fmt.Sprintf("the model rejected %d%s log density evaluations: %s. The sampler takes a rejected point "+
			"as a divergence, so the divergences counted include these.", n, of, strings.Join(parts, "; ")),
		Remedy: "a transformed parameter's declared bound is a check, not a constraint: declare the quantity " +
			"as a parameter with that bound, or change the model so that it stays within it (Stan Reference Manual, " +
			"\"Program block: transformed parameters\").",
	}, true
}

func checkDivergences(in *WarningInput, sd *SamplerDiagnostics) (Warning, bool) {
	if sd == nil {
		return Warning{}, false
	}
	n := sum(sd.Divergences)
	if n == 0 {
		return Warning{}, false
	}
	w := Warning{
		Kind: WarnDivergences,
		Message: fmt.Sprintf("%d of %d transitions (%s) ended with a divergence: the sampler could not follow "+
			"the posterior's curvature there, so the draws may be biased.", n, sd.Transitions, percent(n, sd.Transitions)),
		Remedy: "increase --adapt-delta (e.g. 0.95) or reparameterise the model; " +
			"the pairs plot shows where the divergences happen (bayes plot --kind pairs).",
	}
	if len(in.FunnelCandidates) > 0 {
		w.Vars = in.FunnelCandidates
		w.Remedy = reparamRemedy(in)
	}
	return w, true
}

// reparamRemedy suggests the non-centered form of the funnel candidates,
// with the exact commands.
func reparamRemedy(in *WarningInput) string {
	model := cmp.Or(in.Model, "MODEL.bym")
	vars := strings.Join(in.FunnelCandidates, ",")
	what := in.FunnelCandidates[0] + " has a location-scale prior whose scale is a parameter"
	if len(in.FunnelCandidates) > 1 {
		what = joinAnd(in.FunnelCandidates) + " have location-scale priors whose scales are parameters"
	}
	return what + ", a funnel that NUTS diverges in; the non-centered form removes it " +
		"(Stan User's Guide, \"Reparameterization\"). See it, then sample it:\n" +
		"bayes reparam " + model + " --noncentered " + vars + "\n" +
		"bayes sample " + model + " --noncentered " + vars + " ..."
}

func checkRhat(in *WarningInput, _ *SamplerDiagnostics) (Warning, bool) {
	bad := worst(in.Summary, func(v VarSummary) float64 { return v.Rhat }, func(x float64) bool { return x > RhatThreshold }, true)
	if len(bad) == 0 {
		return Warning{}, false
	}
	return Warning{
		Kind: WarnRhat,
		Message: fmt.Sprintf("R-hat is above %g for %s (%s): the chains have not mixed, so the estimates are unreliable.",
			RhatThreshold, countOf(len(bad), len(in.Summary)), listWorst(bad, rhatString)),
		Remedy: "run longer chains (more --warmup and --samples) and look at the trace and rank plots " +
			"(bayes plot --kind trace,rank); a parameter that stays stuck needs a reparameterisation or a more informative prior.",
		Vars: names(bad),
	}, true
}

func checkESSBulk(in *WarningInput, _ *SamplerDiagnostics) (Warning, bool) {
	return checkESS(in, WarnESSBulk, "bulk", func(v VarSummary) float64 { return v.ESSBulk },
		"posterior means and medians are unreliable")
}

func checkESSTail(in *WarningInput, _ *SamplerDiagnostics) (Warning, bool) {
	return checkESS(in, WarnESSTail, "tail", func(v VarSummary) float64 { return v.ESSTail },
		"the 5% and 95% quantiles are unreliable")
}

func checkESS(in *WarningInput, kind, which string, ess func(VarSummary) float64, consequence string) (Warning, bool) {
	limit := float64(ESSPerChain * min(max(in.Chains, 1), ESSChainsCounted))
	bad := worst(in.Summary, ess, func(x float64) bool { return x < limit }, false)
	if len(bad) == 0 {
		return Warning{}, false
	}
	total := ""
	switch {
	case in.Chains > ESSChainsCounted:
		total = fmt.Sprintf(" (%g: counted for at most %d of the %d chains)", limit, ESSChainsCounted, in.Chains)
	case in.Chains > 1:
		total = fmt.Sprintf(" (%g for %d chains)", limit, in.Chains)
	}
	return Warning{
		Kind: kind,
		Message: fmt.Sprintf("%s ESS is below %d per chain%s for %s (%s): %s.",
			which, ESSPerChain, total, countOf(len(bad), len(in.Summary)), listWorst(bad, essString), consequence),
		Remedy: "draw more (--samples); if the ESS per draw stays low, reparameterise the model.",
		Vars:   names(bad),
	}, true
}

func checkTreedepth(in *WarningInput, sd *SamplerDiagnostics) (Warning, bool) {
	if sd == nil || sd.TreedepthHits == nil {
		return Warning{}, false
	}
	n := sum(sd.TreedepthHits)
	if n == 0 {
		return Warning{}, false
	}
	return Warning{
		Kind: WarnTreedepth,
		Message: fmt.Sprintf("%d of %d transitions (%s) hit the maximum tree depth of %d (2^%d leapfrog steps): "+
			"exploration is slow, though not biased.", n, sd.Transitions, percent(n, sd.Transitions), in.MaxTreedepth, in.MaxTreedepth),
		Remedy: fmt.Sprintf("increase --max-treedepth (e.g. %d); strongly correlated parameters cause this too: try --metric dense.",
			in.MaxTreedepth+2),
	}, true
}

func checkEBFMI(in *WarningInput, sd *SamplerDiagnostics) (Warning, bool) {
	if sd == nil {
		return Warning{}, false
	}
	var low []flagged
	for c, b := range sd.EBFMI {
		if b < LowEBFMI {
			low = append(low, flagged{fmt.Sprintf("chain %d", c+1), b})
		}
	}
	if len(low) == 0 {
		return Warning{}, false
	}
	w := Warning{
		Kind: WarnEBFMI,
		Message: fmt.Sprintf("E-BFMI is below %g in %s: momentum resampling moves through the energy levels slowly, "+
			"so the tails may be missed.", LowEBFMI, lowChains(low, len(sd.EBFMI))),
		Remedy: "reparameterise the model (heavy tails and funnels cause this); the energy plot shows it (bayes plot --kind energy).",
	}
	if len(in.FunnelCandidates) > 0 {
		w.Vars = in.FunnelCandidates
		w.Remedy = reparamRemedy(in)
	}
	return w, true
}

// truncated2 writes x >= 0 with two decimals, cut rather than rounded:
// 0.2996 is below 0.3 and must not print as 0.30. The decimal digits are
// cut, not x*100 floored, which takes 0.57 to 0.56.
func truncated2(x float64) string {
	s := strconv.FormatFloat(x, 'f', 10, 64)
	return s[:strings.IndexByte(s, '.')+3]
}

// lowChains names the chains of low, in chain order, with their E-BFMI:
// "chain 2 (0.24) and chain 4 (0.18)". Past maxListed chains (a run of
// thousands of chains can have thousands) it counts them and names the
// lowest maxListed, lowest first, as the R-hat and ESS warnings do:
// "7 of 8 chains (the lowest: chain 5 (0.15), ... and 2 more)".
func lowChains(low []flagged, chains int) string {
	capped := len(low) > maxListed
	if capped {
		slices.SortStableFunc(low, func(a, b flagged) int { return cmp.Compare(a.value, b.value) })
	}
	parts := make([]string, len(low))
	for i, f := range low {
		parts[i] = fmt.Sprintf("%s (%s)", f.name, truncated2(f.value))
	}
	if !capped {
		return joinAnd(parts)
	}
	return fmt.Sprintf("%d of %d chains (the lowest: %s)", len(low), chains, JoinFirst(parts, maxListed))
}

// flagged is a quantity flagged by a check, with the value that flagged it.
type flagged struct {
	name  string
	value float64
}

// worst returns the quantities whose stat is flagged by bad, worst first:
// the largest values when high is set, else the smallest.
func worst(s Summary, stat func(VarSummary) float64, bad func(float64) bool, high bool) []flagged {
	var out []flagged
	for _, v := range s {
		if x := stat(v); !math.IsNaN(x) && bad(x) {
			out = append(out, flagged{v.Name, x})
		}
	}
	slices.SortStableFunc(out, func(a, b flagged) int {
		if high {
			return cmp.Compare(b.value, a.value)
		}
		return cmp.Compare(a.value, b.value)
	})
	return out
}

// maxListed is how many flagged quantities a message names.
const maxListed = 5

// listWorst names the first maxListed quantities with their values, as
// name=value (no space, so that wrapping keeps each pair on one line).
func listWorst(fs []flagged, format func(float64) string) string {
	var parts []string
	for _, f := range fs {
		parts = append(parts, f.name+"="+format(f.value))
	}
	return JoinFirst(parts, maxListed)
}

// JoinFirst joins the first n items with commas and counts the rest ("a,
// b and 3 more"), for messages about thousands of chains or quantities.
func JoinFirst(items []string, n int) string {
	s := strings.Join(items[:min(len(items), n)], ", ")
	if len(items) > n {
		s += fmt.Sprintf(" and %d more", len(items)-n)
	}
	return s
}

// rhatString rounds R-hat up to 3 decimals, so that a flagged 1.0101 does
// not print as an unflagged 1.010.
func rhatString(x float64) string { return fmt.Sprintf("%.3f", math.Ceil(x*1000)/1000) }

// essString rounds an ESS down, so that a flagged 399.9 does not print as
// an unflagged 400.
func essString(x float64) string { return fmt.Sprintf("%.0f", math.Floor(x)) }

func names(fs []flagged) []string {
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = f.name
	}
	return out
}

// countOf says "the only quantity", "1 of 12 quantities" or "3 of 12
// quantities".
func countOf(n, total int) string {
	if n == 1 && total == 1 {
		return "the only quantity"
	}
	if n == 1 {
		return fmt.Sprintf("1 of %d quantities", total)
	}
	return fmt.Sprintf("%d of %d quantities", n, total)
}

// percent formats n/total as a percentage with one decimal, or two
// significant digits below 0.1%.
func percent(n, total int) string {
	p := 100 * float64(n) / float64(total)
	if p < 0.1 {
		return fmt.Sprintf("%.2g%%", p)
	}
	return fmt.Sprintf("%.1f%%", p)
}

// joinAnd joins "a", "a and b", "a, b and c".
func joinAnd(items []string) string {
	if len(items) <= 1 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}

func sum(xs []int) int {
	n := 0
	for _, x := range xs {
		n += x
	}
	return n
}

// wrapWidth is the width WriteWarnings wraps its prose to.
const wrapWidth = 88

// WriteWarnings writes each warning as a paragraph: a blank line,
// "warning: " and the message, then "  try: " and the remedy, prose
// wrapped to 88 columns; the remedy's command lines are indented and never
// wrapped, so they can be copied. No warnings write nothing.
func WriteWarnings(w io.Writer, ws []Warning) error {
	bw := bufio.NewWriter(w)
	seen := map[string]string{} // remedy -> the kind of the warning that gave it
	for _, wa := range ws {
		fmt.Fprintln(bw)
		writeWrapped(bw, "warning: ", "  ", wa.Message)
		if kind, ok := seen[wa.Remedy]; ok {
			// The same remedy fixes both: say it once, naming the warning
			// that gave it, which need not be the one just above.
			fmt.Fprintf(bw, "  try: the same remedy as for %s above.\n", warningNames[kind])
			continue
		}
		seen[wa.Remedy] = wa.Kind
		lines := strings.Split(wa.Remedy, "\n")
		writeWrapped(bw, "  try: ", "    ", lines[0])
		for _, cmd := range lines[1:] {
			fmt.Fprintf(bw, "    %s\n", cmd)
		}
	}
	return bw.Flush()
}

// writeWrapped writes text after first, wrapped at word boundaries to
// wrapWidth, continuation lines after indent.
func writeWrapped(w *bufio.Writer, first, indent, text string) {
	w.WriteString(first)
	col := len(first)
	for i, word := range strings.Fields(text) {
		if i > 0 && col+1+len(word) > wrapWidth {
			w.WriteString("\n" + indent)
			col = len(indent)
		} else if i > 0 {
			w.WriteByte(' ')
			col++
		}
		w.WriteString(word)
		col += len(word)
	}
	w.WriteByte('\n')
}

// WarningInputFromStanCSV summarises Stan CSV files, one per chain, merged
// as Columns merges them (names[i] names chains[i] in errors), and gathers
// the sampler statistics and the max_depth setting the warnings need. Stats
// are left nil unless every file has the divergent__, treedepth__ and
// energy__ columns; MaxTreedepth is the first file's max_depth, 0 when
// absent.
func WarningInputFromStanCSV(names []string, chains []*runfiles.StanCSV) (WarningInput, error) {
	s, err := summarizeStanCSV(names, chains)
	if err != nil {
		return WarningInput{}, err
	}
	in := WarningInput{Summary: s, Chains: len(chains), Draws: len(chains[0].Draws)}
	// Columns checked that every file has the first's columns.
	div := slices.Index(chains[0].Columns, "divergent__")
	depth := slices.Index(chains[0].Columns, "treedepth__")
	energy := slices.Index(chains[0].Columns, "energy__")
	if div >= 0 && depth >= 0 && energy >= 0 {
		n := len(chains[0].Draws)
		all := make([]runfiles.Draw, len(chains)*n)
		in.Stats = make([][]runfiles.Draw, len(chains))
		for c, f := range chains {
			in.Stats[c] = all[c*n : (c+1)*n : (c+1)*n]
			for i, row := range f.Draws {
				in.Stats[c][i] = runfiles.Draw{Divergent: row[div] != 0, Treedepth: int(row[depth]), Energy: row[energy]}
			}
		}
	}
	if d, err := strconv.Atoi(chains[0].Settings["max_depth"]); err == nil && d > 0 {
		in.MaxTreedepth = d
	}
	in.Nested = nestedFromStanCSV(names, chains)
	return in, nil
}
