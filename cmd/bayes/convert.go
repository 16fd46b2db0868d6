package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	bayeslib "github.com/bayes-dev/bayes"
	"github.com/bayes-dev/bayes/runfiles"
	"github.com/bayes-dev/bayes/zarr"
	"github.com/spf13/cobra"
)

func newConvertCmd() *cobra.Command {
	var to, output, logLik, postPred, model, data string
	cmd := &cobra.Command{
		Use:   "convert RUN_DIR --to zarr [--output PATH] [--log-lik log_lik] [--model FILE.bym [--data FILE.json]]",
		Short: "Write an existing run's draws as a Zarr store in ArviZ's schema",
		Long: `convert reads a run of bayes sample (RUN_DIR: its Stan CSV files or its
draws.npy) and writes the store bayes sample --output-format zarr would have
written, RUN_DIR/draws.zarr (--output names another): groups posterior,
sample_stats, log_likelihood (the generated quantity --log-lik names),
posterior_predictive (those --posterior-predictive names),
warmup_posterior and warmup_sample_stats for a run that saved its warmup,
and, given the model (--model), observed_data and constant_data from its data
file (--data, or the one the run's files name). In Python:

  import xarray as xr
  posterior = xr.open_zarr("RUN_DIR/draws.zarr", group="posterior")

  bayes convert out/ --to zarr
  bayes convert out/ --to zarr --model models/eight_schools.bym`,
		Args: exactArgs(1, "RUN_DIR"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if to != "zarr" {
				return fmt.Errorf("--to %q: must be zarr", to)
			}
			dir := args[0]
			if output == "" {
				if info, err := os.Stat(dir); err == nil && !info.IsDir() {
					dir = filepath.Dir(dir)
				}
				output = filepath.Join(dir, bayeslib.ZarrStore)
			}
			paths, chains, err := runfiles.ReadRuns(args, cmd.ErrOrStderr())
			if err != nil {
				return err
			}
			// A run of --output-format zarr reads from its store: writing
			// the store over itself would only lose a killed run's shape.
			if strings.HasPrefix(paths[0], filepath.Clean(output)+" (chain ") {
				return fmt.Errorf("%s: the run's draws are already this Zarr store", output)
			}
			spec := zarr.Spec{LogLik: logLik, PosteriorPredictive: strings.Split(postPred, ","), Attrs: map[string]any{"converted_from": args[0]}}
			if model != "" {
				if data == "" {
					data = chains[0].Settings["data.file"]
				}
				prog, d, err := bayeslib.LoadModel(model, data, "", "", true, cmd.ErrOrStderr())
				if err != nil {
					return err
				}
				spec.Observed, spec.Constant = bayeslib.DataGroups(prog, d)
			}
			if err := zarr.FromRun(output, chains, spec); err != nil {
				return fmt.Errorf("%s: %w", output, err)
			}
			fmt.Fprintf(cmd.OutOrStdout(), "wrote %s (%d chains)\n", output, len(chains))
			return nil
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&to, "to", "", "the format to write: zarr")
	fl.StringVar(&output, "output", "", "where to write the store (default RUN_DIR/draws.zarr)")
	fl.StringVar(&logLik, "log-lik", bayeslib.DefaultLogLik, "the generated quantity that holds the pointwise log likelihood, for the log_likelihood group")
	fl.StringVar(&postPred, "posterior-predictive", "", "the generated quantities (y_rep, or a,b) for the posterior_predictive group")
	fl.StringVar(&model, "model", "", "the run's model, to write the data file's variables to observed_data and constant_data")
	fl.StringVar(&data, "data", "", "with --model: the data file (default: the one the run's files name)")
	return cmd
}
