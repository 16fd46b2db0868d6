package main

import (
	"fmt"
	"strings"

	bayeslib "github.com/bayes-dev/bayes"
	"github.com/bayes-dev/bayes/diagnostics"
	"github.com/spf13/cobra"
)

func newGenerateCmd() *cobra.Command {
	var req bayeslib.GenerateRequest
	cmd := &cobra.Command{
		Use:   "generate MODEL.bym --fitted RUN_DIR [--data FILE.json] [--log-lik log_lik]",
		Short: "Run a model's generated quantities over the draws of a finished run",
		Long: `generate runs the generated quantities block of MODEL.bym over every draw of a
finished run, as CmdStan's standalone generate_quantities does: add a
posterior predictive y_rep, or the log_lik that bayes loo needs, to a run
sampled without them. The model's parameters and transformed parameters must
be the run's (names and shapes, in the same order); the rest of the model may
differ, and its generated quantities block may be new or edited.

The quantities are written beside the run's draws: for a run of Stan CSV files,
RUN_DIR/gq-<chain id>.csv for each chain (CmdStan's header, one column per
element, one row per draw); for a run of draws.npy, RUN_DIR/gq.npy and
gq.json; for a Zarr store, arrays in its log_likelihood group (--log-lik) and
posterior_predictive group (the others). bayes summary, plot and loo RUN_DIR
then read them with the draws; a quantity the run already has is replaced.

Each chain draws from the random stream bayes sample gives its generated
quantities (from the run's seed and the chain's id), so a block run here
gives, bit for bit, the draws it gives when it is in the model that samples.

  bayes generate models/eight_schools_ppc.bym --data data/schools.json --fitted out/
  bayes loo out/`,
		Args: exactArgs(1, "MODEL.bym"),
		RunE: func(cmd *cobra.Command, args []string) error {
			req.Model, req.Log = args[0], cmd.ErrOrStderr()
			g, err := bayeslib.Generate(cmd.Context(), req)
			if err != nil {
				return err
			}
			draws := fmt.Sprintf("%d draws", g.Draws)
			if g.WarmupDraws > 0 {
				draws += fmt.Sprintf(" (and %d warmup draws)", g.WarmupDraws)
			}
			out := cmd.OutOrStdout()
			fmt.Fprintf(out, "generated %s for %s of %d chains\n", strings.Join(variables(g.Names), ", "), draws, g.Chains)
			_, err = fmt.Fprintf(out, "wrote %s\n", diagnostics.JoinFirst(g.Files, 8))
			return err
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&req.Fitted, "fitted", "", "the run's directory (bayes sample --output-dir) whose draws the quantities are generated from")
	fl.StringVar(&req.Data, "data", "", "JSON data file (CmdStan format); default: the one the run's files name")
	fl.StringVar(&req.LogLik, "log-lik", bayeslib.DefaultLogLik, "for a Zarr run: the generated quantity for the log_likelihood group")
	return cmd
}

// variables names the variables of Stan element names with their shapes:
// "y_rep[8]" for y_rep[1] ... y_rep[8], "Sigma[3,3]", "mu".
func variables(names []string) []string {
	var out []string
	shapes := map[string][]string{}
	for _, n := range names {
		base, idx, _ := strings.Cut(n, "[")
		if _, ok := shapes[base]; !ok {
			out = append(out, base)
		}
		shapes[base] = strings.Split(strings.TrimSuffix(idx, "]"), ",")
	}
	for i, base := range out {
		if last := shapes[base]; len(last) > 0 && last[0] != "" {
			out[i] = base + "[" + strings.Join(last, ",") + "]"
		}
	}
	return out
}
