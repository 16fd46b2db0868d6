package diagnostics

import (
	"compress/gzip"
	"encoding/csv"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

// sharedDir returns ../shared relative to the repository root, skipping the
// test when it is absent.
func sharedDir(t testing.TB) string {
	t.Helper()
	dir := filepath.Join("..", "..", "shared")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("shared reference data not available (%v); golden comparison with posterior skipped", err)
	}
	return dir
}

// readCSVFile reads a (possibly gzipped) CSV file into header and records.
func readCSVFile(t testing.TB, path string) ([]string, [][]string) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var r io.Reader = f
	if filepath.Ext(path) == ".gz" {
		gz, err := gzip.NewReader(f)
		if err != nil {
			t.Fatal(err)
		}
		defer gz.Close()
		r = gz
	}
	recs, err := csv.NewReader(r).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return recs[0], recs[1:]
}

// referenceDraws reads the reference draws (columns chain, iteration, then
// one column per variable; chain-major) into draws[variable][chain][iter].
func referenceDraws(t testing.TB, path string) ([]string, [][][]float64) {
	t.Helper()
	header, recs := readCSVFile(t, path)
	names := header[2:]
	draws := make([][][]float64, len(names))
	for _, rec := range recs {
		chain, err := strconv.Atoi(rec[0])
		if err != nil {
			t.Fatal(err)
		}
		for j := range names {
			v, err := strconv.ParseFloat(rec[2+j], 64)
			if err != nil {
				t.Fatal(err)
			}
			for len(draws[j]) < chain {
				draws[j] = append(draws[j], nil)
			}
			draws[j][chain-1] = append(draws[j][chain-1], v)
		}
	}
	return names, draws
}

// TestPosteriorReference compares every statistic against the R package
// posterior 1.4.0 (rhat, ess_bulk, ess_tail, mcse_mean, mcse_sd on an
// iterations x chains matrix per column), as computed on the same draws in
// shared/reference-diagnostics (see its README.md): eight schools, centered
// and non-centered, 8 chains x 5000 draws of Stan 2.21. Tolerance 1e-6
// relative, as the README asks.
func TestPosteriorReference(t *testing.T) {
	dir := filepath.Join(sharedDir(t), "reference-diagnostics")
	const tol = 1e-6
	for _, model := range []string{"centered", "noncentered"} {
		t.Run(model, func(t *testing.T) {
			names, draws := referenceDraws(t, filepath.Join(dir, "eight_schools_"+model+"_draws.csv.gz"))
			header, recs := readCSVFile(t, filepath.Join(dir, "eight_schools_"+model+"_diagnostics.csv"))
			index := map[string]int{}
			for i, n := range names {
				index[n] = i
			}
			stats := map[string]func([][]float64) float64{
				"rhat":      Rhat,
				"ess_bulk":  ESSBulk,
				"ess_tail":  ESSTail,
				"mcse_mean": MCSEMean,
				"mcse_sd":   MCSESD,
			}
			worst := 0.0
			defer func() { t.Logf("largest relative error against posterior: %.2g", worst) }()
			if len(recs) == 0 {
				t.Fatal("no reference rows")
			}
			for _, rec := range recs {
				j, ok := index[rec[0]]
				if !ok {
					t.Fatalf("reference variable %q not in draws", rec[0])
				}
				for k, stat := range header[1:] {
					f, ok := stats[stat]
					if !ok {
						t.Fatalf("unknown reference statistic %q", stat)
					}
					want, err := strconv.ParseFloat(rec[1+k], 64)
					if err != nil {
						t.Fatal(err)
					}
					got := f(draws[j])
					rel := math.Abs(got-want) / math.Abs(want)
					worst = max(worst, rel)
					if !(rel <= tol) {
						t.Errorf("%s %s = %.10g, posterior %.10g (relative error %.2g)", rec[0], stat, got, want, rel)
					}
				}
			}
		})
	}
}
