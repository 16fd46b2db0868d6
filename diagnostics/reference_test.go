package diagnostics

import (
	"compress/gzip"
	"encoding/csv"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
)

// sharedDir returns ../shared relative to the repository root, skipping the
// test when it is absent.
func sharedDir(t testing.TB) string {
	t.Helper()
	dir := filepath.Join("..", "..", "shared")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("skipping: ../shared is absent (%v): it holds posterior's values for every column; TestPosteriorReferenceCopy checks two from testdata", err)
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

// posteriorStats are the statistics of the reference files, by their
// column names there.
var posteriorStats = map[string]func([][]float64) float64{
	"rhat":      Rhat,
	"ess_bulk":  ESSBulk,
	"ess_tail":  ESSTail,
	"mcse_mean": MCSEMean,
	"mcse_sd":   MCSESD,
}

// checkPosterior compares each statistic of draws ([chain][iteration]) with
// posterior's value in rec (the columns of header), to 1e-6 relative, as
// shared/reference-diagnostics/README.md asks, and returns the largest
// relative error.
func checkPosterior(t *testing.T, name string, draws [][]float64, header, rec []string) float64 {
	t.Helper()
	const tol = 1e-6
	worst := 0.0
	for k, stat := range header {
		f, ok := posteriorStats[stat]
		if !ok {
			t.Fatalf("unknown reference statistic %q", stat)
		}
		want, err := strconv.ParseFloat(rec[k], 64)
		if err != nil {
			t.Fatal(err)
		}
		got := f(draws)
		rel := math.Abs(got-want) / math.Abs(want)
		worst = max(worst, rel)
		if !(rel <= tol) {
			t.Errorf("%s %s = %.10g, posterior %.10g (relative error %.2g)", name, stat, got, want, rel)
		}
	}
	return worst
}

// TestPosteriorReference compares every statistic against the R package
// posterior 1.4.0 (rhat, ess_bulk, ess_tail, mcse_mean, mcse_sd on an
// iterations x chains matrix per column), as computed on the same draws in
// shared/reference-diagnostics (see its README.md): eight schools, centered
// and non-centered, 8 chains x 5000 draws of Stan 2.21, every column.
// TestPosteriorReferenceCopy checks two of the columns without ../shared;
// here their copies in testdata/posterior must equal the shared files.
func TestPosteriorReference(t *testing.T) {
	dir := filepath.Join(sharedDir(t), "reference-diagnostics")
	copies := posteriorCopies(t)
	for _, model := range []string{"centered", "noncentered"} {
		t.Run(model, func(t *testing.T) {
			names, draws := referenceDraws(t, filepath.Join(dir, "eight_schools_"+model+"_draws.csv.gz"))
			header, recs := readCSVFile(t, filepath.Join(dir, "eight_schools_"+model+"_diagnostics.csv"))
			index := map[string]int{}
			for i, n := range names {
				index[n] = i
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
				worst = max(worst, checkPosterior(t, rec[0], draws[j], header[1:], rec[1:]))
				c, ok := copies[model+" "+rec[0]]
				if !ok {
					continue
				}
				if !slices.Equal(c.rec, rec[1:]) {
					t.Errorf("testdata/posterior: %s %s: %v, shared: %v", model, rec[0], c.rec, rec[1:])
				}
				if !slices.EqualFunc(c.draws, draws[j], slices.Equal) {
					t.Errorf("testdata/posterior: the draws of %s %s differ from the shared file's", model, rec[0])
				}
				delete(copies, model+" "+rec[0])
			}
		})
	}
	for name := range copies {
		t.Errorf("testdata/posterior holds %s, which the shared files do not", name)
	}
}

// posteriorCopy is one column of testdata/posterior: its draws
// ([chain][iteration]) and posterior's statistics (posteriorStats' names,
// in the order of diagnostics.csv's header).
type posteriorCopy struct {
	draws           [][]float64
	header          []string
	rec             []string
	model, variable string
}

// posteriorCopies reads testdata/posterior (its README.md), keyed "model
// variable".
func posteriorCopies(t *testing.T) map[string]posteriorCopy {
	t.Helper()
	dir := filepath.Join("testdata", "posterior")
	header, recs := readCSVFile(t, filepath.Join(dir, "diagnostics.csv"))
	if len(recs) == 0 || len(header) < 3 || header[0] != "model" || header[1] != "variable" {
		t.Fatalf("%s/diagnostics.csv: header %v, %d rows; want model, variable, statistics...", dir, header, len(recs))
	}
	out := map[string]posteriorCopy{}
	for _, rec := range recs {
		cols, recs := readCSVFile(t, filepath.Join(dir, "eight_schools_"+rec[0]+"_"+rec[1]+".csv.gz"))
		draws := make([][]float64, len(cols))
		for c, name := range cols {
			if name != "chain."+strconv.Itoa(c+1) {
				t.Fatalf("%s %s: column %d is %q, want chain.%d", rec[0], rec[1], c+1, name, c+1)
			}
			for _, row := range recs {
				v, err := strconv.ParseFloat(row[c], 64)
				if err != nil {
					t.Fatal(err)
				}
				draws[c] = append(draws[c], v)
			}
		}
		out[rec[0]+" "+rec[1]] = posteriorCopy{draws: draws, header: header[2:], rec: rec[2:], model: rec[0], variable: rec[1]}
	}
	return out
}

// TestPosteriorReferenceCopy runs TestPosteriorReference's comparison on
// the two columns copied into testdata/posterior, so that a checkout
// without ../shared still checks every statistic against posterior: the
// centered run's tau (a funnel: R-hat 1.008, bulk ESS 549, tail ESS 193 of
// 40,000) and the non-centered run's mu (bulk ESS 42,190, above the number
// of draws).
func TestPosteriorReferenceCopy(t *testing.T) {
	copies := posteriorCopies(t)
	if len(copies) != 2 {
		t.Fatalf("testdata/posterior holds %d columns, want 2", len(copies))
	}
	for name, c := range copies {
		t.Run(name, func(t *testing.T) {
			if len(c.draws) != 8 || len(c.draws[0]) != 5000 {
				t.Fatalf("%d chains of %d draws, want 8 of 5000", len(c.draws), len(c.draws[0]))
			}
			worst := checkPosterior(t, c.variable, c.draws, c.header, c.rec)
			t.Logf("largest relative error against posterior: %.2g", worst)
		})
	}
}
