package main

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"

	bayeslib "github.com/bayes-dev/bayes"
	"github.com/bayes-dev/bayes/lang"
	"github.com/bayes-dev/bayes/simulate"
	"github.com/spf13/cobra"
)

func newPriorCmd() *cobra.Command {
	var (
		dataFile  string
		draws     int
		seed      int64
		outputDir string
	)
	cmd := &cobra.Command{
		Use:   "prior-predictive MODEL.bym --data FILE.json [--draws 1000] [--seed N] [--output-dir DIR]",
		Short: "Draw parameters and data from the prior, with no MCMC",
		Long: `prior-predictive draws each parameter from its prior and then each observed
variable (data on the left of a ~ in the model block) from its likelihood,
ancestrally, as NumPyro's Predictive does. It prints each variable's shape,
mean and variance, and with --output-dir writes the draws to
DIR/prior_predictive.csv. Every parameter needs a proper prior (~).`,
		Args: exactArgs(1, "MODEL.bym"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if draws < 1 {
				return fmt.Errorf("--draws %d: must be at least 1", draws)
			}
			if outputDir != "" {
				if err := os.MkdirAll(outputDir, 0o755); err != nil {
					return fmt.Errorf("--output-dir %s: %w", outputDir, err)
				}
			}
			prog, err := lang.LoadModel(args[0])
			if err != nil {
				return err
			}
			data, err := bayeslib.LoadData(prog, dataFile, cmd.ErrOrStderr())
			if err != nil {
				return err
			}
			if seed < -1 {
				return fmt.Errorf("--seed %d: must be -1 (pick one) or a non-negative integer", seed)
			}
			s := uint64(seed)
			if seed == -1 {
				s = rand.Uint64() >> 1
				fmt.Fprintf(cmd.ErrOrStderr(), "seed: %d (pass --seed %d to repeat these draws)\n", s, s)
			}
			for _, n := range simulate.PriorNotes(prog) {
				fmt.Fprintln(cmd.ErrOrStderr(), "note:", n)
			}
			d, err := simulate.PriorPredictive(prog, data.Vars, draws, s)
			if err != nil {
				if fe := prog.InFile(err); fe != err {
					return fe // a positioned error, with its source line
				}
				return fmt.Errorf("%s: %w", args[0], err)
			}
			if err := simulate.WriteStats(cmd.OutOrStdout(), d); err != nil {
				return err
			}
			if outputDir == "" {
				return nil
			}
			f, err := os.Create(filepath.Join(outputDir, "prior_predictive.csv"))
			if err != nil {
				return err
			}
			if err := simulate.WriteCSV(f, d); err != nil {
				f.Close()
				return err
			}
			return f.Close()
		},
	}
	cmd.Flags().StringVar(&dataFile, "data", "", "JSON data file (CmdStan format): sizes and covariates")
	cmd.Flags().IntVar(&draws, "draws", 1000, "number of draws")
	cmd.Flags().Int64Var(&seed, "seed", -1, "random seed; -1 picks one and reports it")
	cmd.Flags().StringVar(&outputDir, "output-dir", "", "folder to write prior_predictive.csv to")
	return cmd
}
