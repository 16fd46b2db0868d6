package bayes

import (
	"context"
	"math"
	"path/filepath"
	"slices"
	"testing"

	"github.com/bayes-dev/bayes/sampler"
)

// TestChangePointFunctionDraws: the Stan User's Guide's change-point model
// with its marginalisation in a user-defined function gives the draws of
// the guide's own program (compiler/testdata/funcs), bit for bit: the
// parameters, the transformed parameter lp (the function's value) and the
// change point s drawn in generated quantities by categorical_logit_rng.
func TestChangePointFunctionDraws(t *testing.T) {
	run := func(model string) *Run {
		cfg := sampler.DefaultConfig()
		cfg.Chains, cfg.Warmup, cfg.Samples, cfg.Seed = 2, 100, 50, 11
		dir := filepath.Join("compiler", "testdata", "funcs")
		r, err := Sample(context.Background(), Request{Model: filepath.Join(dir, model),
			Data: filepath.Join(dir, "coal.json"), Sampler: cfg, Device: DeviceCPU})
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	fn, ref := run("changepoint_fn.bym"), run("changepoint.bym")
	if !slices.Equal(fn.Names, ref.Names) || !slices.Contains(fn.Names, "s") {
		t.Fatalf("outputs %v, the reference's %v; want both with the change point s", fn.Names, ref.Names)
	}
	for v, name := range fn.Names {
		for c := range fn.Draws[v] {
			for i, x := range fn.Draws[v][c] {
				if y := ref.Draws[v][c][i]; math.Float64bits(x) != math.Float64bits(y) {
					t.Fatalf("%s, chain %d, draw %d: %v, the reference %v", name, c+1, i+1, x, y)
				}
			}
		}
	}
}
