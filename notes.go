package bayes

import (
	"fmt"

	"github.com/bayes-dev/bayes/sampler"
)

// minDrawsForESS is the fewest kept draws per chain for which n_eff (bulk
// ESS) is a number: split chains of 3 draws each (diagnostics.ESSBasic).
// With fewer, n_eff is nan, and so is R-hat below 4.
const minDrawsForESS = 6

// runNotes are the notes on settings that run but do not do what a user
// may expect, named by their flags, said before the chains start: a
// warmup of 0 adapts nothing, and thinning (or few samples) can leave too
// few draws for n_eff and R-hat.
func runNotes(cfg sampler.Config) []string {
	var notes []string
	if cfg.Warmup == 0 && cfg.AdaptFrom != nil {
		notes = append(notes, "--warmup 0 with --adapt-from: the run's step size and metric are used as they are, from the initial values on")
	} else if cfg.Warmup == 0 {
		notes = append(notes, fmt.Sprintf("--warmup 0: the step size and metric are not adapted: NUTS runs with --stepsize %s and the identity metric throughout, "+
			"so expect divergences or slow mixing unless they suit the posterior (the default --warmup 1000 adapts both)", fmtNum(cfg.Stepsize)))
	}
	kept := (cfg.Samples + cfg.Thin - 1) / cfg.Thin
	if kept < minDrawsForESS {
		what := fmt.Sprintf("--samples %d keeps %d %s per chain", cfg.Samples, kept, plural(kept, "draw", "draws"))
		fix := "raise --samples"
		if cfg.Thin > 1 {
			what = fmt.Sprintf("--thin %d keeps %d of --samples %d per chain", cfg.Thin, kept, cfg.Samples)
			fix = "lower --thin or raise --samples"
		}
		notes = append(notes, fmt.Sprintf("%s: n_eff and r_hat need at least %d draws per chain and will be nan; %s", what, minDrawsForESS, fix))
	}
	return notes
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
