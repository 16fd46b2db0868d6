package diagnostics

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// golden compares got with testdata/name, or rewrites it under -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("output differs from %s:\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}

// syntheticColumns are deterministic draws standing in for a sampler run:
// 4 chains x 500 AR(1) draws per element, shifted and scaled by element.
func syntheticColumns() []Column {
	names := []string{"mu", "tau", "theta[1]", "theta[2]", "Sigma[1,2]", "a_long_name[10]"}
	cols := make([]Column, len(names))
	for k, n := range names {
		d := ar1(uint64(100+k), 4, 500, 0.3)
		for _, chain := range d {
			for i := range chain {
				chain[i] = float64(k) + (1+float64(k)/2)*chain[i]
			}
		}
		cols[k] = Column{Name: n, Draws: d}
	}
	// A constant column: its diagnostics are undefined (NaN).
	cols = append(cols, Column{Name: "fixed", Draws: [][]float64{{1, 1, 1, 1, 1, 1}, {1, 1, 1, 1, 1, 1}}})
	return cols
}

// literalSummary has fixed values, so the CSV and JSON goldens test the
// formatting alone (full float64 precision would otherwise depend on the
// platform's floating-point contraction): round-trip digits, NaN, ±Inf, a
// name that needs quoting in CSV.
func literalSummary() Summary {
	return Summary{
		{"mu", 4.39, 3.3, 4.4, -1, 9.83, 35585.46, 28589.16, 1.0001, 0.0161875, 1.0 / 3},
		{"Sigma[1,2]", -0.1, 1e-7, 2.5e21, -1e300, 0, 400, 12.5, 1.2, 0.1, 0.2},
		{"fixed", 1, 0, 1, 1, 1, math.NaN(), math.NaN(), math.NaN(), math.Inf(1), math.Inf(-1)},
	}
}

func TestSummaryGolden(t *testing.T) {
	s, err := Summarize(syntheticColumns())
	if err != nil {
		t.Fatal(err)
	}
	lit := literalSummary()
	outputs := []struct {
		file  string
		write func(*bytes.Buffer) error
	}{
		{"summary_table.golden", func(b *bytes.Buffer) error { return WriteTable(b, s, 3) }},
		{"summary_csv.golden", func(b *bytes.Buffer) error { return WriteSummaryCSV(b, lit) }},
		{"summary_json.golden", func(b *bytes.Buffer) error { return WriteSummaryJSON(b, lit) }},
	}
	for _, o := range outputs {
		t.Run(o.file, func(t *testing.T) {
			var b bytes.Buffer
			if err := o.write(&b); err != nil {
				t.Fatal(err)
			}
			golden(t, o.file, b.Bytes())
		})
	}
}

// TestSummaryMatchesFunctions checks that Summarize, which shares one
// workspace between statistics, agrees exactly with the standalone functions.
func TestSummaryMatchesFunctions(t *testing.T) {
	cols := syntheticColumns()
	s, err := Summarize(cols)
	if err != nil {
		t.Fatal(err)
	}
	for i, c := range cols[:len(cols)-1] {
		v := s[i]
		want := VarSummary{c.Name, Mean(c.Draws), SD(c.Draws), Median(c.Draws), Quantile(c.Draws, 0.05),
			Quantile(c.Draws, 0.95), ESSBulk(c.Draws), ESSTail(c.Draws), Rhat(c.Draws), MCSEMean(c.Draws), MCSESD(c.Draws)}
		if v != want {
			t.Errorf("%s: Summarize %+v, functions %+v", c.Name, v, want)
		}
	}
	if v, ok := s.Lookup("fixed"); !ok || !math.IsNaN(v.Rhat) || v.Mean != 1 {
		t.Errorf("constant column summary = %+v, want mean 1 and NaN R-hat", v)
	}
}

// TestTableMatchesNumPyro feeds WriteTable the numbers of the first
// print_summary table of shared/seed/eight_schools_numpyro.txt (NumPyro's
// output for the centered model), copied into testdata/numpyro (its
// README.md), and requires the same text, byte for byte. Where ../shared is
// present the copy must equal the seed file's table.
func TestTableMatchesNumPyro(t *testing.T) {
	table, err := os.ReadFile(filepath.Join("testdata", "numpyro", "print_summary_centered.txt"))
	if err != nil {
		t.Fatal(err)
	}
	const last = "Number of divergences: 1327\n"
	text := string(table)
	if !strings.HasPrefix(text, "                mean       std") || !strings.HasSuffix(text, last) {
		t.Fatal("testdata/numpyro/print_summary_centered.txt does not hold the expected table")
	}
	if seed, err := os.ReadFile(filepath.Join("..", "..", "shared", "seed", "eight_schools_numpyro.txt")); err == nil {
		if !strings.Contains(string(seed), "\n"+text) {
			t.Error("testdata/numpyro/print_summary_centered.txt is not the table of shared/seed/eight_schools_numpyro.txt")
		}
	} else {
		t.Logf("the copy is not compared with the seed file: %v", err)
	}
	want := "\n" + text
	var s Summary
	for _, line := range strings.Split(strings.TrimSpace(strings.TrimSuffix(text, last)), "\n")[1:] {
		var v VarSummary
		if _, err := fmt.Sscan(line, &v.Name, &v.Mean, &v.SD, &v.Median, &v.Q5, &v.Q95, &v.ESSBulk, &v.Rhat); err != nil {
			t.Fatalf("parsing seed line %q: %v", line, err)
		}
		s = append(s, v)
	}
	var b bytes.Buffer
	if err := WriteTable(&b, s, 1327); err != nil {
		t.Fatal(err)
	}
	if b.String() != want {
		t.Errorf("table differs from NumPyro's:\n--- got\n%s--- want\n%s", b.String(), want)
	}
}

func TestSummaryJSONIsValid(t *testing.T) {
	s := literalSummary()
	var b bytes.Buffer
	if err := WriteSummaryJSON(&b, s); err != nil {
		t.Fatal(err)
	}
	dec := json.NewDecoder(bytes.NewReader(b.Bytes()))
	var raw []map[string]json.RawMessage
	if err := dec.Decode(&raw); err != nil {
		t.Fatalf("invalid JSON: %v\n%s", err, b.String())
	}
	if len(raw) != len(s) {
		t.Fatalf("%d objects, want %d", len(raw), len(s))
	}
	for i, obj := range raw {
		if len(obj) != len(summaryFields) {
			t.Errorf("object %d has %d keys, want %d", i, len(obj), len(summaryFields))
		}
		for _, k := range summaryFields {
			if _, ok := obj[k]; !ok {
				t.Errorf("object %d lacks key %q", i, k)
			}
		}
	}
	for _, k := range []string{"rhat", "mcse_mean", "mcse_sd"} {
		if string(raw[2][k]) != "null" {
			t.Errorf("non-finite %s written as %s, want null", k, raw[2][k])
		}
	}
	var mean float64
	if err := json.Unmarshal(raw[1]["median"], &mean); err != nil || mean != 2.5e21 {
		t.Errorf("median read back as %v (%v), want 2.5e21", mean, err)
	}
}
