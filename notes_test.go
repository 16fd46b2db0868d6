package bayes

import (
	"strings"
	"testing"

	"github.com/bayes-dev/bayes/sampler"
)

// TestRunNotes: settings that run but adapt nothing, or keep too few
// draws for n_eff and R-hat, get a note naming their flags.
func TestRunNotes(t *testing.T) {
	cases := []struct {
		name                  string
		warmup, samples, thin int
		want                  []string
	}{
		{"defaults", 1000, 1000, 1, nil},
		{"thin 1000 of 100", 1000, 100, 1000, []string{"--thin 1000 keeps 1 of --samples 100 per chain: n_eff and r_hat need at least 6 draws per chain and will be nan; lower --thin or raise --samples"}},
		{"thin keeps 6", 1000, 100, 19, nil},
		{"thin keeps 5", 1000, 100, 20, []string{"--thin 20 keeps 5 of --samples 100 per chain"}},
		{"few samples", 1000, 3, 1, []string{"--samples 3 keeps 3 draws per chain: n_eff and r_hat need at least 6 draws per chain and will be nan; raise --samples"}},
		{"warmup 0", 0, 1000, 1, []string{"--warmup 0: the step size and metric are not adapted: NUTS runs with --stepsize 1 and the identity metric throughout"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cfg := sampler.DefaultConfig()
			cfg.Warmup, cfg.Samples, cfg.Thin = c.warmup, c.samples, c.thin
			got := runNotes(cfg)
			if len(got) != len(c.want) {
				t.Fatalf("notes %q, want %d", got, len(c.want))
			}
			for i := range got {
				if !strings.HasPrefix(got[i], c.want[i]) {
					t.Errorf("note %q\nwant %q...", got[i], c.want[i])
				}
			}
		})
	}
}
