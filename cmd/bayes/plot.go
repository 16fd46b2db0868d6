package main

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/bayes-dev/bayes/diagnostics/plot"
	"github.com/bayes-dev/bayes/runfiles"
	"github.com/spf13/cobra"
)

type plotFlags struct {
	kinds  []string
	vars   string
	out    string
	format string
}

func newPlotCmd() *cobra.Command {
	var f plotFlags
	cmd := &cobra.Command{
		Use:   "plot RUN_DIR|FILE.csv... [--kind trace,rank,pairs,energy] [--vars NAMES] [--output-dir DIR] [--image-format png|svg]",
		Short: "Draw diagnostic plots from saved draws",
		Long: `plot reads Stan CSV files as bayes summary does (a directory stands for its
*.csv files; chains are merged by their ids) and writes one file per plot
kind, KIND.png or KIND.svg, into --output-dir (by default the directory of the
first file), then prints the paths written.

Kinds: trace, rank (rank histograms), density (per chain), pairs (divergent
draws in red), energy (with E-BFMI per chain), acf (autocorrelation).

--vars chooses the quantities: Stan names (theta[1]), base names standing
for all their elements (theta), or log(NAME). Without it every quantity is
drawn (at most 16 panels), and pairs shows the first two. The funnel of a
hierarchical model shows in the pairs plot of an element against the log of
its scale:

  bayes plot out/ --kind pairs --vars 'theta[1],log(tau)'`,
		Args: minArgs(1, "RUN_DIR or Stan CSV files"),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runPlot(cmd, args, &f)
		},
	}
	fl := cmd.Flags()
	fl.StringSliceVar(&f.kinds, "kind", plot.DefaultKinds,
		"plots to draw: trace, rank, density, pairs, energy, acf")
	fl.StringVar(&f.vars, "vars", "", "quantities to plot, comma-separated, e.g. 'theta[1],log(tau)' or 'Sigma[1,2],mu' (default all)")
	fl.StringVar(&f.out, "output-dir", "", "directory for the plot files (default: the run directory)")
	fl.StringVar(&f.format, "image-format", "png", "image file format: png or svg")
	return cmd
}

func runPlot(cmd *cobra.Command, args []string, f *plotFlags) error {
	if f.format != "png" && f.format != "svg" {
		return fmt.Errorf("--image-format %s: must be png or svg", f.format)
	}
	var kinds []int
	for _, k := range f.kinds {
		i := plot.KindIndex(strings.TrimSpace(k))
		if i < 0 {
			return fmt.Errorf("--kind %s: unknown plot kind; choose from %s", k, plot.KindNames())
		}
		if !slices.Contains(kinds, i) {
			kinds = append(kinds, i)
		}
	}
	paths, chains, err := runfiles.ReadRuns(args, cmd.ErrOrStderr())
	if err != nil {
		return err
	}
	if paths, chains, err = keepDrawn(cmd, paths, chains); err != nil {
		return err
	}
	run, err := plot.RunFromStanCSV(paths, chains)
	if err != nil {
		return err
	}
	out := f.out
	if out == "" {
		out = filepath.Dir(paths[0])
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return fmt.Errorf("--output-dir %s: %w", out, err)
	}
	vars := splitSpecs(f.vars)
	for _, i := range kinds {
		kind := plot.Kinds[i]
		fig, err := kind.Draw(run, vars)
		if err != nil {
			return err
		}
		path := filepath.Join(out, kind.Name+"."+f.format)
		if err := fig.Save(path); err != nil {
			return fmt.Errorf("cannot write plot: %w", err)
		}
		fmt.Fprintln(cmd.OutOrStdout(), path)
	}
	return nil
}

// splitSpecs splits a --vars list at the commas outside brackets and
// parentheses, so that "Sigma[1,2],log(tau)" is two specs.
func splitSpecs(list string) []string {
	var out []string
	depth, start := 0, 0
	for i, r := range list {
		switch r {
		case '[', '(':
			depth++
		case ']', ')':
			depth--
		case ',':
			if depth == 0 {
				out = append(out, list[start:i])
				start = i + 1
			}
		}
	}
	if list != "" {
		out = append(out, list[start:])
	}
	return slices.DeleteFunc(out, func(s string) bool { return strings.TrimSpace(s) == "" })
}
