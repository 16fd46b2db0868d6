package bayes

import (
	"fmt"
	"github.com/bayes-dev/bayes/compiler/reparam"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/bayes-dev/bayes/diagnostics"
	"github.com/bayes-dev/bayes/diagnostics/plot"
)

// Save writes the run's summary beside its draws in Request.OutputDir:
// summary.csv (diagnostics.WriteSummaryCSV) and summary.json, the whole
// report that bayes sample --format json prints (diagnostics.
// WriteReportJSON: summary, sampler diagnostics, warnings, run), and with
// Request.Plots the plot.DefaultKinds as PNG files, naming each plot
// written on w. Without an output directory it does nothing. Sample
// leaves it to its caller, so that bayes sample prints its table first.
func (r *Run) Save(w io.Writer) error {
	if r.outputDir == "" {
		return nil
	}
	if err := writeSummaryFiles(r.outputDir, r.Report); err != nil {
		return err
	}
	if r.plots {
		return r.writePlots(w)
	}
	return nil
}

func writeSummaryFiles(dir string, report diagnostics.WarningInput) error {
	for _, out := range []struct {
		name  string
		write func(io.Writer) error
	}{
		{"summary.csv", func(w io.Writer) error { return diagnostics.WriteSummaryCSV(w, report.Summary) }},
		{"summary.json", func(w io.Writer) error { return diagnostics.WriteReportJSON(w, report) }},
	} {
		path := filepath.Join(dir, out.name)
		file, err := os.Create(path)
		if err != nil {
			return fmt.Errorf("cannot write summary: %w", err)
		}
		err = out.write(file)
		if cerr := file.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return fmt.Errorf("cannot write %s: %w", path, err)
		}
	}
	return nil
}

// writePlots draws plot.DefaultKinds of the run into its output directory.
// For a model with a funnel candidate the pair is the funnel's picture,
// log(scale) against the candidate's first element.
func (r *Run) writePlots(w io.Writer) error {
	run := &plot.Run{Names: r.Names, Draws: r.Draws}
	for _, chain := range r.Stats {
		div := make([]bool, len(chain))
		energy := make([]float64, len(chain))
		for i, s := range chain {
			div[i], energy[i] = s.Divergent, s.Energy
		}
		run.Divergent = append(run.Divergent, div)
		run.Energy = append(run.Energy, energy)
	}
	pair := funnelPair(r.candidates, r.Names)
	for _, name := range plot.DefaultKinds {
		var vars []string
		if name == "pairs" {
			vars = pair
		}
		fig, err := plot.Kinds[plot.KindIndex(name)].Draw(run, vars)
		if err != nil {
			return fmt.Errorf("%s plot: %w", name, err)
		}
		path := filepath.Join(r.outputDir, name+".png")
		if err := fig.Save(path); err != nil {
			return fmt.Errorf("cannot write plot: %w", err)
		}
		fmt.Fprintln(w, "wrote", path)
	}
	return nil
}

// funnelPair is the pair that shows the funnel of the first candidate
// with a scale: its first element against log(scale); nil when none has
// one.
func funnelPair(cands []reparam.Candidate, names []string) []string {
	for _, c := range cands {
		if c.Scale != "" {
			first := c.Name
			if slices.Contains(names, c.Name+"[1]") {
				first = c.Name + "[1]"
			}
			return []string{first, "log(" + c.Scale + ")"}
		}
	}
	return nil
}

// noteStaleChains notes draws files in dir that this run will not
// overwrite: chain files of this model with ids outside first..last (all
// of them when this run writes draws.npy), or a draws.npy beside this
// run's CSV files. bayes summary of the directory would merge them with
// this run's chains.
func noteStaleChains(log io.Writer, dir, name string, first, last int, npy bool) {
	entries, _ := os.ReadDir(dir)
	var stale []string
	for _, e := range entries {
		id, ok := strings.CutPrefix(strings.TrimSuffix(e.Name(), ".csv"), name+"_")
		n, err := strconv.Atoi(id)
		csv := ok && err == nil && strings.HasSuffix(e.Name(), ".csv")
		if csv && (npy || n < first || n > last) || e.Name() == "draws.npy" && !npy {
			stale = append(stale, e.Name())
		}
	}
	if len(stale) > 0 {
		fmt.Fprintf(log, "note: %s also holds %s from another run; bayes summary %s would merge them with this run's chains\n",
			dir, diagnostics.JoinFirst(stale, 10), dir)
	}
}
