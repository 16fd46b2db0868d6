package bayes

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/bayes-dev/bayes/sampler"
)

// TestSumToZeroVector samples `sum_to_zero_vector[4] a; a ~ normal(0, 1);`
// (Stan 2.36). Every draw sums to 0; with no log Jacobian (the isometric
// transform) each element's marginal variance is (K-1)/K = 0.75 (Stan
// Reference Manual, "Zero sum vector"). The tolerance, 0.1, is about four
// Monte Carlo standard errors of a variance from 4000 near-independent
// draws (0.75·√(2/4000) ≈ 0.017, doubled for autocorrelation); the seed is
// fixed. A chain started from an init file's a starts at that a, which
// goes through the inverse transform and back.
func TestSumToZeroVector(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"m.bym":       "parameters {\n  sum_to_zero_vector[4] a;\n}\nmodel {\n  a ~ normal(0, 1);\n}\n",
		"init_1.json": `{"a": [1.5, -0.25, 0.5, -1.75]}`,
		"init_2.json": `{"a": [0, 0, 0, 0]}`,
	}
	for name, src := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cfg := sampler.DefaultConfig()
	cfg.Chains, cfg.Warmup, cfg.Samples, cfg.Seed = 4, 500, 1000, 11
	run, err := Sample(context.Background(), Request{Model: filepath.Join(dir, "m.bym"), Sampler: cfg, Device: DeviceCPU})
	if err != nil {
		t.Fatal(err)
	}
	var cols [4]int
	for k := range cols {
		cols[k] = slices.Index(run.Names, []string{"a[1]", "a[2]", "a[3]", "a[4]"}[k])
		if cols[k] < 0 {
			t.Fatalf("no column a[%d] among %v", k+1, run.Names)
		}
	}
	var ss [4]float64
	n := 0
	for c := range cfg.Chains {
		for d := range cfg.Samples {
			sum := 0.0
			for k, col := range cols {
				x := run.Draws[col][c][d]
				sum += x
				ss[k] += x * x
			}
			if math.Abs(sum) > 1e-12 {
				t.Fatalf("chain %d draw %d sums to %g", c+1, d+1, sum)
			}
			n++
		}
	}
	for k := range ss {
		v := ss[k] / float64(n)
		t.Logf("a[%d]: variance %.4f over %d draws", k+1, v, n)
		if math.Abs(v-0.75) > 0.1 {
			t.Errorf("a[%d]: variance %.3f, want 0.75 ± 0.1", k+1, v)
		}
	}

	cfg.Chains, cfg.Warmup, cfg.Samples, cfg.Stepsize, cfg.MaxTreeDepth = 2, 0, 1, 1e-9, 2
	run, err = Sample(context.Background(), Request{Model: filepath.Join(dir, "m.bym"), Sampler: cfg, Device: DeviceCPU,
		InitFile: filepath.Join(dir, "init.json")})
	if err != nil {
		t.Fatal(err)
	}
	want := []float64{1.5, -0.25, 0.5, -1.75}
	for k, col := range cols {
		if got := run.Draws[col][0][0]; math.Abs(got-want[k]) > 1e-6 {
			t.Errorf("a[%d] starts at %v, want %v (init_1.json)", k+1, got, want[k])
		}
	}
}
