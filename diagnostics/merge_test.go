package diagnostics

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"github.com/bayes-dev/bayes/runfiles"
)

func TestColumnsMerge(t *testing.T) {
	read := func(seedShift float64, rows int, names ...string) *runfiles.StanCSV {
		if names == nil {
			names = []string{"mu", "theta[1]"}
		}
		var buf bytes.Buffer
		w, err := runfiles.NewStanCSVWriter(&buf, runfiles.DefaultStanCSVConfig(), names)
		if err != nil {
			t.Fatal(err)
		}
		for i := range rows {
			if err := w.WriteDraw(runfiles.Draw{Divergent: i == 1}, []float64{seedShift + float64(i), -float64(i)}[:len(names)]); err != nil {
				t.Fatal(err)
			}
		}
		s, err := runfiles.ReadStanCSV(&buf)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	a, b := read(0, 3), read(10, 3)
	cols, err := Columns([]string{"a.csv", "b.csv"}, []*runfiles.StanCSV{a, b})
	if err != nil {
		t.Fatal(err)
	}
	if len(cols) != 2 || cols[0].Name != "mu" || cols[1].Name != "theta[1]" {
		t.Fatalf("columns %+v", cols)
	}
	if !slices.EqualFunc(cols[0].Draws, [][]float64{{0, 1, 2}, {10, 11, 12}}, slices.Equal) {
		t.Errorf("mu draws %v", cols[0].Draws)
	}
	if _, err := Columns([]string{"a.csv", "short.csv"}, []*runfiles.StanCSV{a, read(0, 2)}); err == nil || !strings.Contains(err.Error(), "short.csv: 2 draws") {
		t.Errorf("error %v, want one naming short.csv", err)
	}
	other := read(0, 3, "mu")
	if _, err := Columns([]string{"a.csv", "other.csv"}, []*runfiles.StanCSV{a, other}); err == nil || !strings.Contains(err.Error(), "other.csv: columns differ from those of a.csv") {
		t.Errorf("error %v, want one naming other.csv's columns", err)
	}
}
