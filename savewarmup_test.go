package bayes

import (
	"context"
	"path/filepath"
	"testing"
)

// TestSaveWarmup: with SaveWarmup the files hold the warmup draws first,
// thinned as the sampling draws are (ceil(200/3) = 67 rows), the Stan CSV
// header says save_warmup = 1, the warmup rows have their generated
// quantities, and the sampling draws are those of the same run without
// the warmup draws, bit for bit: in Stan CSV files and in draws.npy.
func TestSaveWarmup(t *testing.T) {
	for _, format := range []string{"csv", "npy"} {
		t.Run(format, func(t *testing.T) {
			tmp := t.TempDir()
			req := schools(t)
			req.Model = gqSchools(t, tmp)
			req.Sampler.Warmup, req.Sampler.Samples, req.Sampler.Thin = 200, 90, 3
			req.OutputFormat = format
			plain := req
			plain.OutputDir = filepath.Join(tmp, "plain")
			if _, err := Sample(context.Background(), plain); err != nil {
				t.Fatal(err)
			}
			warm := req
			warm.SaveWarmup, warm.OutputDir = true, filepath.Join(tmp, "warm")
			if _, err := Sample(context.Background(), warm); err != nil {
				t.Fatal(err)
			}
			a, b := readChains(t, warm.OutputDir, format == "npy"), readChains(t, plain.OutputDir, format == "npy")
			for c := range a {
				if a[c].Settings["save_warmup"] != "1" || b[c].Settings["save_warmup"] != "0" {
					t.Errorf("save_warmup = %q and %q, want 1 and 0", a[c].Settings["save_warmup"], b[c].Settings["save_warmup"])
				}
				if len(a[c].Warmup) != 67 || len(b[c].Warmup) != 0 {
					t.Fatalf("%d and %d warmup rows, want 67 and 0", len(a[c].Warmup), len(b[c].Warmup))
				}
				sameRows(t, "sampling draws", a[c].Draws, b[c].Draws)
				gq := len(a[c].Columns) - 1 // y_new
				for i, row := range a[c].Warmup {
					if row[gq] == 0 || i > 0 && row[gq] == a[c].Warmup[i-1][gq] {
						t.Fatalf("warmup row %d: y_new %v: its generated quantities were not drawn", i+1, row[gq])
					}
				}
			}
		})
	}
}
