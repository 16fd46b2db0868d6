package main

import (
	"fmt"

	"github.com/bayes-dev/bayes/diagnostics"
	"github.com/bayes-dev/bayes/runfiles"
	"github.com/spf13/cobra"
)

func newSummaryCmd() *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "summary RUN_DIR|FILE.csv... [--format table|json]",
		Short: "Summarise saved draws: the table and warnings of sample, from Stan CSV files",
		Long: `summary reads Stan CSV files, one chain each, as bayes sample --output-dir and
CmdStan write them, and prints the summary table and the warnings that bayes
sample prints. A directory stands for all its *.csv files except summary.csv,
with the generated quantities bayes generate added there (gq-<chain>.csv).

Files from several runs merge into one summary: each file's chain id (the "id"
line of its header) places it, so chains split across machines with
--chain-offset come together in order. The files must have the same columns,
and no chain may appear twice. Chains of different lengths (a run stopped or
killed part-way) are cut to the shortest, as bayes sample's own summary does,
and the summary says so.

With --format json, it prints one JSON document instead: the summary rows, the
sampler diagnostics (divergences, tree depth hits and E-BFMI per chain) and
the warnings; its keys are listed in the documentation of
diagnostics.WriteReportJSON and are stable.

  bayes summary out/
  bayes summary run1/ run2/ --format json`,
		Args: minArgs(1, "RUN_DIR or Stan CSV files"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if format != "table" && format != "json" {
				return fmt.Errorf("--format %s: must be table or json", format)
			}
			paths, chains, err := runfiles.ReadRuns(args, cmd.ErrOrStderr())
			if err != nil {
				return err
			}
			if paths, chains, err = keepDrawn(cmd, paths, chains); err != nil {
				return err
			}
			noteSeeds(cmd, chains)
			in, err := diagnostics.WarningInputFromStanCSV(paths, chains)
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			if format == "json" {
				return diagnostics.WriteReportJSON(out, in)
			}
			if err := diagnostics.WriteTable(out, in.Summary, runfiles.Divergences(chains)); err != nil {
				return err
			}
			if in.Nested != nil {
				if err := diagnostics.WriteNestedRhat(out, in.Summary, in.Nested, len(chains)); err != nil {
					return err
				}
			}
			return diagnostics.WriteWarnings(out, diagnostics.Warnings(in))
		},
	}
	cmd.Flags().StringVar(&format, "format", "table", "output format: table (NumPyro's layout, then warnings) or json")
	return cmd
}

// noteSeeds says when the files come from runs with different seeds: they
// merge (each chain's stream is its own), but the jobs of one split run
// usually share --seed, so this is often a stale file.
func noteSeeds(cmd *cobra.Command, chains []*runfiles.StanCSV) {
	seeds := map[string]bool{}
	for _, c := range chains {
		seeds[c.Settings["seed"]] = true
	}
	if len(seeds) > 1 {
		fmt.Fprintf(cmd.ErrOrStderr(), "note: the files come from runs with %d different seeds; they are summarised as one set of chains\n", len(seeds))
	}
}

// keepDrawn readies the chains of a run that may have stopped early: files
// with no draw yet are left out and the rest cut to one length, saying so.
func keepDrawn(cmd *cobra.Command, paths []string, chains []*runfiles.StanCSV) ([]string, []*runfiles.StanCSV, error) {
	paths, chains, empty, err := runfiles.DropEmpty(paths, chains)
	if err != nil {
		return nil, nil, err
	}
	if len(empty) > 0 {
		fmt.Fprintf(cmd.ErrOrStderr(), "note: leaving out %s: no post-warmup draws (a run stopped early?)\n", diagnostics.JoinFirst(empty, 10))
	}
	if n, cut := runfiles.TrimToShortest(chains); cut {
		fmt.Fprintf(cmd.ErrOrStderr(), "note: the chains have different numbers of draws (a run stopped early?); each is cut to the shortest, %d draws\n", n)
	}
	return paths, chains, nil
}
