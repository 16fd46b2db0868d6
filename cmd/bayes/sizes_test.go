package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"
)

// sizeOneModel has the constrained parameters whose size-1 value is fixed
// (a simplex[1] is 1, a cholesky_factor_corr[1] and corr_matrix[1] are
// [1]), beside one that moves.
const sizeOneModel = `parameters {
  simplex[1] s;
  cholesky_factor_corr[1] L;
  corr_matrix[1] C;
  array[2] simplex[1] a;
  real mu;
}
model {
  mu ~ normal(0, 1);
}
`

// TestSampleSizeOne: `bayes sample` of a model with size-1 constrained
// parameters writes exactly 1 for each of them in every draw, from the CPU
// kernel and from the GPU sampler's C built for the CPU (--device c, when
// cc exists).
func TestSampleSizeOne(t *testing.T) {
	dir := t.TempDir()
	model := filepath.Join(dir, "size_one.bym")
	if err := os.WriteFile(model, []byte(sizeOneModel), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, device := range []string{"cpu", "c"} {
		t.Run(device, func(t *testing.T) {
			if _, err := exec.LookPath("cc"); err != nil && device == "c" {
				t.Skipf("no C compiler: cc is not on PATH (%v)", err)
			}
			out := filepath.Join(dir, device)
			_, stderr, code := bayes("sample", model, "--device", device, "--chains", "2", "--warmup", "100",
				"--samples", "100", "--seed", "5", "--quiet", "--output-dir", out)
			if code != 0 {
				t.Fatalf("exit status %d: %s", code, stderr)
			}
			for chain := 1; chain <= 2; chain++ {
				csv := readCSV(t, filepath.Join(out, fmt.Sprintf("size_one_%d.csv", chain)))
				if len(csv.Draws) != 100 {
					t.Fatalf("chain %d: %d draws, want 100", chain, len(csv.Draws))
				}
				for _, col := range []string{"s.1", "L.1.1", "C.1.1", "a.1.1", "a.2.1"} {
					j := slices.Index(csv.Columns, col)
					if j < 0 {
						t.Fatalf("chain %d: no column %s in %v", chain, col, csv.Columns)
					}
					for i, d := range csv.Draws {
						if d[j] != 1 {
							t.Fatalf("chain %d draw %d: %s = %v, want 1", chain, i+1, col, d[j])
						}
					}
				}
			}
		})
	}
}
