package main

import (
	"fmt"

	"github.com/bayes-dev/bayes/diagnostics"
	"github.com/bayes-dev/bayes/loo"
	"github.com/bayes-dev/bayes/runfiles"
	"github.com/spf13/cobra"
)

func newLooCmd() *cobra.Command {
	var variable, format string
	var pointwise bool
	cmd := &cobra.Command{
		Use:   "loo RUN_DIR... [--var log_lik] [--pointwise] [--format table|json]",
		Short: "Estimate predictive accuracy by PSIS-LOO cross-validation, and compare models",
		Long: `loo estimates how well a model predicts data it was not fitted to, by
Pareto-smoothed importance-sampling leave-one-out cross-validation (PSIS-LOO;
Vehtari, Gelman and Gabry 2017), from the draws of a run: elpd_loo (the
expected log predictive density of each observation left out, summed), p_loo
(the effective number of parameters) and looic = -2 elpd_loo, with their
standard errors, as R's loo package (2.5.1) computes them.

The model must give the log-likelihood of each observation as a generated
quantity, log_lik by convention (--var names another); bayes generate adds
it to a run sampled without it:

  generated quantities {
    vector[N] log_lik;
    for (n in 1:N) log_lik[n] = normal_lpdf(y[n] | mu[n], sigma);
  }

Each RUN_DIR is one run: a directory of bayes sample --output-dir (its Stan
CSV files or draws.npy), or one Stan CSV file. Each observation gets a Pareto
k: above 0.7 its importance sampling is unreliable, and a warning names it.

Given several runs, of models fitted to the same data, loo also ranks them
as loo_compare does: elpd_diff is each model's elpd_loo minus the best's, and
se_diff its standard error.

  bayes loo out/
  bayes loo centered/ pooled/ --format json`,
		Args: minArgs(1, "RUN_DIR"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if format != "table" && format != "json" {
				return fmt.Errorf("--format %s: must be table or json", format)
			}
			var results []*loo.Result
			for _, run := range args {
				r, err := looOfRun(cmd, run, variable)
				if err != nil {
					return err
				}
				results = append(results, r)
			}
			var cs []loo.Comparison
			if len(results) > 1 {
				var err error
				if cs, err = loo.Compare(args, results); err != nil {
					return err
				}
			}
			out := cmd.OutOrStdout()
			if format == "json" {
				return loo.WriteJSON(out, args, results, cs)
			}
			for m, r := range results {
				if m > 0 {
					fmt.Fprintln(out)
				}
				if len(results) > 1 {
					fmt.Fprintf(out, "== %s ==\n", args[m])
				}
				if err := loo.WriteTable(out, r, pointwise); err != nil {
					return err
				}
				ws := r.Warnings()
				if len(results) > 1 {
					for i := range ws {
						ws[i].Message = args[m] + ": " + ws[i].Message
					}
				}
				if err := diagnostics.WriteWarnings(out, ws); err != nil {
					return err
				}
			}
			if cs != nil {
				fmt.Fprintln(out, "\nModel comparison, best first (loo_compare):")
				return loo.WriteCompare(out, cs)
			}
			return nil
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&variable, "var", loo.DefaultVar, "the generated quantity that holds the pointwise log-likelihood")
	fl.BoolVar(&pointwise, "pointwise", false, "also print each observation's elpd_loo, p_loo, looic, Pareto k, n_eff and r_eff")
	fl.StringVar(&format, "format", "table", "output format: table or json (every number, every observation)")
	return cmd
}

// looOfRun reads one run's draws and computes its PSIS-LOO.
func looOfRun(cmd *cobra.Command, run, variable string) (*loo.Result, error) {
	paths, chains, err := runfiles.ReadRuns([]string{run}, cmd.ErrOrStderr())
	if err != nil {
		return nil, err
	}
	if paths, chains, err = keepDrawn(cmd, paths, chains); err != nil {
		return nil, err
	}
	names, ll, err := loo.ReadLogLik(paths, chains, variable)
	if err != nil {
		return nil, err
	}
	r, err := loo.Compute(variable, names, ll)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", run, err)
	}
	return r, nil
}
