package diagnostics

import (
	"bufio"
	"bytes"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// manyChainColumns are deterministic many-chain inputs (thousands of short
// chains, as the GPU backend writes them) that reach every path of the
// summary: well-mixing, antithetic and slowly mixing chains (the last needs
// more lags than essCore computes directly, so it takes the FFT path), an
// odd number of draws (the middle draw of each chain is dropped when
// splitting), ties (rounded draws), constant chains among varying ones,
// infinite and NaN draws, ±0, and a constant column.
func manyChainColumns() []Column {
	transform := func(d [][]float64, f func(c, i int, v float64) float64) [][]float64 {
		for c, chain := range d {
			for i, v := range chain {
				chain[i] = f(c, i, v)
			}
		}
		return d
	}
	cols := []Column{
		{"ar_0.3", ar1(7001, 2000, 60, 0.3)},
		{"ar_0.3_odd", ar1(7002, 2001, 51, 0.3)},
		{"antithetic", ar1(7003, 1500, 40, -0.6)},
		{"slow", ar1(7004, 400, 200, 0.97)},
		{"slow_odd", ar1(7005, 300, 151, 0.9)},
		{"shifted", transform(ar1(7006, 1000, 80, 0.5), func(_, _ int, v float64) float64 { return 1e3 + 1e-2*v })},
		{"ties", transform(ar1(7007, 1000, 50, 0.4), func(_, _ int, v float64) float64 { return math.Round(2 * v) })},
		{"signed_zero", transform(ar1(7008, 500, 40, 0.2), func(_, i int, v float64) float64 {
			switch i % 3 {
			case 0:
				return 0
			case 1:
				return math.Copysign(0, -1)
			}
			return v
		})},
		{"flat_chains", transform(ar1(7009, 800, 60, 0.3), func(c, _ int, v float64) float64 {
			if c%2 == 0 {
				return float64(c % 7)
			}
			return v
		})},
		{"half_flat", transform(ar1(7010, 600, 60, 0.3), func(_, i int, v float64) float64 {
			if i < 30 {
				return 2.5
			}
			return v
		})},
		{"inf", transform(ar1(7011, 700, 40, 0.3), func(c, i int, v float64) float64 {
			if c == 3 && i == 5 {
				return math.Inf(1)
			}
			return v
		})},
		{"nan", transform(ar1(7012, 700, 40, 0.3), func(c, i int, v float64) float64 {
			if c == 9 && i == 1 {
				return math.NaN()
			}
			return v
		})},
		{"constant", transform(ar1(7013, 1000, 20, 0), func(_, _ int, _ float64) float64 { return 0.1 })},
		{"exp", transform(ar1(7014, 1200, 64, 0.1), func(_, _ int, v float64) float64 { return math.Exp(3 * v) })},
		{"two_draws", ar1(7015, 3000, 2, 0.1)},
		{"tiny_chains", ar1(7016, 5000, 7, 0.1)},
	}
	return cols
}

// manyChainStats are the statistics compared with the golden file: the
// summary row, then the standalone functions that share its parts.
func manyChainStats(t *testing.T) (names []string, stats [][]float64) {
	t.Helper()
	cols := manyChainColumns()
	s, err := Summarize(cols)
	if err != nil {
		t.Fatal(err)
	}
	for i, c := range cols {
		vals := s[i].values()
		row := append(vals[:],
			ESSBasic(c.Draws), RhatBasic(c.Draws), MCSEQuantile(c.Draws, 0.5), ESSQuantile(c.Draws, 1))
		names = append(names, c.Name)
		stats = append(stats, row)
	}
	return names, stats
}

// TestSummarizeManyChainsGolden compares the summary of many short chains
// with testdata/summary_many.golden, which holds the numbers the previous,
// unoptimised implementation (before essCore, ranking and Columns were
// reworked for tens of thousands of chains) gave on the same inputs, to
// 17 significant digits. The rework must not change results beyond 1e-12
// relative; NaN and infinities must match exactly.
func TestSummarizeManyChainsGolden(t *testing.T) {
	names, stats := manyChainStats(t)
	path := filepath.Join("testdata", "summary_many.golden")
	if *update {
		var b bytes.Buffer
		b.WriteString("# name mean sd median q5 q95 ess_bulk ess_tail rhat mcse_mean mcse_sd ess_basic rhat_basic mcse_q50 ess_q1\n")
		for i, n := range names {
			b.WriteString(n)
			for _, x := range stats[i] {
				b.WriteString(" " + strconv.FormatFloat(x, 'g', -1, 64))
			}
			b.WriteByte('\n')
		}
		if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want := readManyGolden(t, path)
	if len(want) != len(names) {
		t.Fatalf("%s has %d rows, want %d", path, len(want), len(names))
	}
	const tol = 1e-12
	worst := 0.0
	for i, n := range names {
		t.Run(n, func(t *testing.T) {
			w := want[n]
			if len(w) != len(stats[i]) {
				t.Fatalf("golden row has %d values, want %d", len(w), len(stats[i]))
			}
			for k, got := range stats[i] {
				ok := got == w[k] || math.IsNaN(got) && math.IsNaN(w[k])
				if !ok && !math.IsInf(w[k], 0) {
					rel := math.Abs(got-w[k]) / math.Abs(w[k])
					worst = max(worst, rel)
					ok = rel <= tol
				}
				if !ok {
					t.Errorf("statistic %d = %.17g, previous implementation %.17g", k, got, w[k])
				}
			}
		})
	}
	t.Logf("largest relative difference from the previous implementation: %.2g", worst)
}

func readManyGolden(t *testing.T, path string) map[string][]float64 {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	defer f.Close()
	out := map[string][]float64{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) == 0 || strings.HasPrefix(fields[0], "#") {
			continue
		}
		row := make([]float64, len(fields)-1)
		for k, s := range fields[1:] {
			if row[k], err = strconv.ParseFloat(s, 64); err != nil {
				t.Fatal(fmt.Errorf("%s: %s: %w", path, fields[0], err))
			}
		}
		out[fields[0]] = row
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}
