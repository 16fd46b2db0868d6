package main

import (
	"fmt"
	"github.com/bayes-dev/bayes/compiler/reparam"

	bayeslib "github.com/bayes-dev/bayes"
	"github.com/bayes-dev/bayes/lang/printer"
	"github.com/spf13/cobra"
)

func newReparamCmd() *cobra.Command {
	var noncentered, rawSuffix, data string
	cmd := &cobra.Command{
		Use:   "reparam MODEL.bym --noncentered theta[,tau...|auto [--data FILE.json]]",
		Short: "Print the model rewritten to a non-centered parameterisation",
		Long: `reparam rewrites each named parameter whose prior is a location-scale family,
theta ~ normal(mu, tau), into theta_raw ~ std_normal() in parameters and
theta = mu + tau * theta_raw in transformed parameters, and prints the model.
theta keeps its name, so summaries line up with the centered model.

auto looks at every parameter with a hierarchical location-scale prior and,
with --data, rewrites those the data say little about: a group whose data
pin it down less tightly than the groups spread (few observations, or noisy
ones) samples better non-centered; one with much data, centered (Betancourt
& Girolami 2015). It says what it chose and why. Without --data it rewrites
every such parameter. The same rewrite also serves 'bayes sample
--noncentered', which chooses with the run's data.`,
		Args: exactArgs(1, "MODEL.bym"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if noncentered == "" {
				return fmt.Errorf("reparam: --noncentered is required: name the parameters to rewrite (a,b) or auto")
			}
			prog, _, err := bayeslib.LoadModel(args[0], data, noncentered, rawSuffix, false, cmd.ErrOrStderr())
			if err != nil {
				return err
			}
			_, err = cmd.OutOrStdout().Write(printer.Format(prog))
			return err
		},
	}
	cmd.Flags().StringVar(&noncentered, "noncentered", "", "parameters to rewrite: a,b or auto")
	cmd.Flags().StringVar(&data, "data", "", "with --noncentered auto: JSON data file (CmdStan format) that decides which parameters to rewrite")
	cmd.Flags().StringVar(&rawSuffix, "raw-suffix", reparam.DefaultRawSuffix, "suffix of the new standardised parameters")
	return cmd
}
