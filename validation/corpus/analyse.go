package main

import (
	"fmt"
	"io"
	"maps"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/bayes-dev/bayes/diagnostics"
	"github.com/bayes-dev/bayes/runfiles"
)

// This file is the analysis of the kept runs of one results folder
// (out/corpus/<commit>, with -keep): the variant pairs of the catalogue
// compared by their posterior means, and the chains of every run that has
// not mixed, and of every mixture and LDA run, grouped into modes. It
// reads only the folder (<posterior>.json and <posterior>.run/), never the
// corpus or the commit, so that -analyse DIR rebuilds it from the results
// of any commit; it writes the section between analysisSection's markers.

// keptRun is what the analysis keeps of a finished run whose draws were
// kept: their summaries, not the draws.
type keptRun struct {
	stats   *runStats           // max R-hat and divergences, as the corpus table's
	summary diagnostics.Summary // every model quantity, the chains pooled
	moments [][]chainMoments    // [quantity][chain], in summary's order
	lp      []float64           // each chain's mean lp__
}

// readKept reads the Stan CSV files of a run folder.
func readKept(runDir string) (*keptRun, error) {
	paths, chains, err := runfiles.ReadRuns([]string{runDir}, io.Discard)
	if err != nil {
		return nil, err
	}
	cols, err := diagnostics.Columns(paths, chains)
	if err != nil {
		return nil, err
	}
	summary, err := diagnostics.Summarize(cols)
	if err != nil {
		return nil, err
	}
	k := &keptRun{stats: statsOf(summary, runfiles.Divergences(chains)), summary: summary, moments: momentsOf(cols)}
	for _, c := range chains {
		lp, ok := c.Column("lp__")
		if !ok {
			return nil, fmt.Errorf("%s: no lp__ column", runDir)
		}
		k.lp = append(k.lp, diagnostics.Mean([][]float64{lp}))
	}
	return k, nil
}

// folder is one results folder; it reads each result and run once.
type folder struct {
	dir  string
	runs map[string]loaded
}

type loaded struct {
	res *result  // nil when there is no result
	run *keptRun // nil when there is no finished kept run
	why string   // why run is nil, in the tables' words
}

// get returns a posterior's result and its kept run, or why there is none.
func (f *folder) get(name string) loaded {
	if l, ok := f.runs[name]; ok {
		return l
	}
	l := f.load(name)
	f.runs[name] = l
	return l
}

func (f *folder) load(name string) loaded {
	res, err := loadResult(f.dir, name)
	switch {
	case os.IsNotExist(err):
		return loaded{why: "not run"}
	case err != nil:
		return loaded{why: "result unreadable: " + code(err.Error())}
	case res.Check != "ok":
		return loaded{res: res, why: "check failed"}
	case res.Sample == "":
		return loaded{res: res, why: "not sampled"}
	case res.Sample == "time-out":
		return loaded{res: res, why: "sample timed out"}
	case res.Sample != "ok":
		return loaded{res: res, why: "sample failed"}
	}
	runDir := filepath.Join(f.dir, name+".run")
	if _, err := os.Stat(runDir); err != nil {
		return loaded{res: res, why: "draws not kept"}
	}
	run, err := readKept(runDir)
	if err != nil {
		return loaded{res: res, why: "draws unreadable: " + code(err.Error())}
	}
	return loaded{res: res, run: run}
}

// analysis is the section's content.
type analysis struct {
	label    string // the results folder's name
	results  int    // result files in it
	kept     int    // of them, finished runs with their draws kept
	pairs    []pairReport
	sameData []sameData
	modes    []modeReport
}

// pairReport is one variant pair's line.
type pairReport struct {
	variantPair
	why            string // why it was not compared; "" when it was
	cmp            comparison
	statsA, statsB *runStats
}

// modeReport is one run's modes.
type modeReport struct {
	name    string
	listed  string  // why the run is in the table
	why     string  // why there are no modes; "" when there are
	maxRhat float64 // NaN when unknown
	modes   [][]int // chains, 0-based
	lp      []float64
	shown   []string    // the quantities that separate the chains most
	means   [][]float64 // [mode][shown]
	apart   float64     // the first shown quantity's separation
}

// shownQuantities is how many quantities each mode shows.
const shownQuantities = 3

// analyse reads the results folder dir against the catalogue.
func analyse(dir, label string, cat catalogue) (*analysis, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	f := &folder{dir: dir, runs: map[string]loaded{}}
	a := &analysis{label: label, sameData: cat.sameData}
	results := map[string]*result{}
	for _, e := range entries {
		name, ok := strings.CutSuffix(e.Name(), ".json")
		if !ok || e.IsDir() {
			continue
		}
		res, err := loadResult(dir, name)
		if err != nil {
			continue // not a result (the harness writes nothing else here)
		}
		results[name] = res
		a.results++
		if _, err := os.Stat(filepath.Join(dir, name+".run")); err == nil && res.Sample == "ok" {
			a.kept++
		}
	}
	if a.results == 0 {
		return nil, fmt.Errorf("%s: no results (<posterior>.json) in it; give a folder of out/corpus, as out/corpus/<commit>", dir)
	}

	for _, p := range cat.pairs {
		r := pairReport{variantPair: p}
		la, lb := f.get(p.a), f.get(p.b)
		switch {
		case la.run == nil && lb.run == nil:
			r.why = "A " + la.why + "; B " + lb.why
		case la.run == nil:
			r.why = "A " + la.why
		case lb.run == nil:
			r.why = "B " + lb.why
		default:
			r.cmp, r.statsA, r.statsB = compareMeans(la.run.summary, lb.run.summary), la.run.stats, lb.run.stats
		}
		a.pairs = append(a.pairs, r)
	}

	// The runs to list are chosen by their results' max R-hat, so that
	// only those runs' draws are read.
	names := slices.Collect(maps.Keys(results))
	for _, name := range slices.Compact(slices.Sorted(slices.Values(append(names, cat.multimodal...)))) {
		always := slices.Contains(cat.multimodal, name)
		res := results[name]
		high := res != nil && res.Stats != nil && res.Stats.MaxRhat > mixedRhat
		if !always && !high {
			continue
		}
		l := f.get(name)
		m := modeReport{name: name, maxRhat: math.NaN(), why: l.why}
		switch {
		case always && high:
			m.listed = "mixture/LDA; R-hat > 1.01"
		case always:
			m.listed = "mixture/LDA"
		default:
			m.listed = "R-hat > 1.01"
		}
		if l.res != nil && l.res.Stats != nil {
			m.maxRhat = l.res.Stats.MaxRhat
		}
		if l.run != nil {
			m.fill(l.run)
		}
		a.modes = append(a.modes, m)
	}
	return a, nil
}

// fill groups the run's chains into modes and picks what to show of them.
func (m *modeReport) fill(run *keptRun) {
	m.maxRhat = run.stats.MaxRhat
	m.modes = findModes(run.moments)
	if m.modes == nil { // no quantities: every chain alone says nothing
		m.why = "no quantities"
		return
	}
	shown := mostSeparating(run.moments, shownQuantities)
	for _, k := range shown {
		m.shown = append(m.shown, run.summary[k].Name)
	}
	if len(shown) > 0 {
		m.apart = separation(run.moments[shown[0]])
	}
	for _, mode := range m.modes {
		var lp float64
		for _, c := range mode {
			lp += run.lp[c]
		}
		m.lp = append(m.lp, lp/float64(len(mode)))
		means := make([]float64, len(shown))
		for i, k := range shown {
			means[i] = modeMean(run.moments[k], mode)
		}
		m.means = append(m.means, means)
	}
}

// verdict words a compared pair's outcome: a run that has not mixed is
// said to be so, never counted as agreeing.
func (r pairReport) verdict() string {
	var notMixed []string
	if r.statsA.MaxRhat > mixedRhat {
		notMixed = append(notMixed, "A")
	}
	if r.statsB.MaxRhat > mixedRhat {
		notMixed = append(notMixed, "B")
	}
	switch {
	case len(notMixed) > 0:
		return "not judged: " + strings.Join(notMixed, " and ") + " not mixed"
	case r.cmp.values == 0:
		return "nothing to compare"
	case r.cmp.ratio <= agreeMCSE:
		return "yes"
	}
	return "no"
}

// render writes the section: a summary line, the variants table, the
// same-data sets that are not variants, and the modes table. Like the
// corpus table it depends on the results alone (no clock, no paths), so
// that rebuilding it from the same runs changes nothing.
func (a *analysis) render() string {
	var b strings.Builder
	fmt.Fprintf(&b, "\nThe kept runs of results folder `%s`: %d results, %d finished runs with their draws kept.\n\n",
		a.label, a.results, a.kept)

	counts := map[string]int{}
	for _, p := range a.pairs {
		switch {
		case p.why != "":
			counts["missing"]++
		case strings.HasPrefix(p.verdict(), "not judged"):
			counts["not judged"]++
		default:
			counts[p.verdict()]++
		}
	}
	fmt.Fprintf(&b, "**Variants.** %d pair%s: %d agree, %d differ, %d not judged (a run not mixed), "+
		"%d with nothing to compare, %d not compared (a run missing).\n\n",
		len(a.pairs), plural(len(a.pairs)), counts["yes"], counts["no"], counts["not judged"], counts["nothing to compare"], counts["missing"])
	b.WriteString("| A | B | compared | largest \\|diff\\| / MCSE | agree | max R-hat A | max R-hat B | divergences A, B |\n")
	b.WriteString("|---|---|---|---:|---|---:|---:|---:|\n")
	for _, p := range a.pairs {
		cells := []string{"`" + p.a + "`", "`" + p.b + "`", "not compared: " + p.why, "", "", "", "", ""}
		if p.why == "" {
			compared := strings.Join(p.cmp.shapes, ", ") + fmt.Sprintf(" (%d value%s)", p.cmp.values, plural(p.cmp.values))
			worst := ""
			if p.cmp.values > 0 {
				worst = fmt.Sprintf("%.2f (`%s`)", p.cmp.ratio, p.cmp.worst)
			}
			cells = []string{cells[0], cells[1], compared, worst, p.verdict(), rhat(p.statsA.MaxRhat), rhat(p.statsB.MaxRhat),
				fmt.Sprintf("%d, %d", p.statsA.Divergences, p.statsB.Divergences)}
		}
		b.WriteString("| " + strings.Join(cells, " | ") + " |\n")
	}
	if len(a.sameData) > 0 {
		b.WriteString("\nSame data, read and found to be different posteriors (not compared):\n\n")
		for _, s := range a.sameData {
			fmt.Fprintf(&b, "- `%s`: %s.\n", strings.Join(s.names, "`, `"), s.why)
		}
	}

	var several, one, none int
	for _, m := range a.modes {
		switch {
		case m.why != "":
			none++
		case len(m.modes) > 1:
			several++
		default:
			one++
		}
	}
	fmt.Fprintf(&b, "\n**Modes.** %d run%s listed (max R-hat above %.2f, or a mixture or LDA model): %d with two or more modes, "+
		"%d with one, %d not analysed (no finished run with its draws kept).\n\n", len(a.modes), plural(len(a.modes)), mixedRhat, several, one, none)
	b.WriteString("| posterior | listed for | max R-hat | modes | apart (sd) | mode | chains | mean lp__ | means |\n")
	b.WriteString("|---|---|---:|---|---:|---:|---|---:|---|\n")
	for _, m := range a.modes {
		if m.why != "" {
			fmt.Fprintf(&b, "| `%s` | %s | %s | %s |  |  |  |  |  |\n", m.name, m.listed, rhat(m.maxRhat), m.why)
			continue
		}
		for i, mode := range m.modes {
			head := []string{"", "", "", "", ""}
			if i == 0 {
				head = []string{"`" + m.name + "`", m.listed, rhat(m.maxRhat), strconv.Itoa(len(m.modes)), sds(m.apart)}
			}
			chains := make([]string, len(mode))
			for j, c := range mode {
				chains[j] = strconv.Itoa(c + 1)
			}
			means := make([]string, len(m.shown))
			for j, q := range m.shown {
				means[j] = fmt.Sprintf("`%s` %s", q, strconv.FormatFloat(m.means[i][j], 'g', 4, 64))
			}
			cells := append(head, strconv.Itoa(i+1), strings.Join(chains, ", "), fmt.Sprintf("%.1f", m.lp[i]), strings.Join(means, ", "))
			b.WriteString("| " + strings.Join(cells, " | ") + " |\n")
		}
	}
	b.WriteString("\n")
	return b.String()
}

// rhat writes a max R-hat as the corpus table does; empty when unknown.
func rhat(x float64) string {
	if math.IsNaN(x) {
		return ""
	}
	return fmt.Sprintf("%.4f", x)
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

func sds(x float64) string {
	if math.IsInf(x, 1) {
		return "inf"
	}
	return fmt.Sprintf("%.1f", x)
}

// writeAnalysis analyses the results folder dir and writes the section
// into the file validation; it returns the analysis for the caller's
// progress line.
func writeAnalysis(dir, label, validation string, cat catalogue) (*analysis, error) {
	a, err := analyse(dir, label, cat)
	if err != nil {
		return nil, err
	}
	return a, replaceSection(validation, analysisSection, a.render())
}

// line is the analysis in one line, for the progress output.
func (a *analysis) line() string {
	compared, several := 0, 0
	for _, p := range a.pairs {
		if p.why == "" {
			compared++
		}
	}
	for _, m := range a.modes {
		if len(m.modes) > 1 {
			several++
		}
	}
	return fmt.Sprintf("kept runs of %s: %d of %d variant pairs compared; %d runs listed for modes, %d with two or more",
		a.label, compared, len(a.pairs), len(a.modes), several)
}
