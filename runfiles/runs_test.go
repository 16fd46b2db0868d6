package runfiles

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// writeChainFile writes one chain's Stan CSV file with the given model name,
// chain id and columns (every value 1).
func writeChainFile(t *testing.T, dir, file, model string, id int, names []string) string {
	t.Helper()
	path := filepath.Join(dir, file)
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cfg := DefaultStanCSVConfig()
	cfg.Model, cfg.Chain = model, id
	w, err := NewStanCSVWriter(f, cfg, names)
	if err != nil {
		t.Fatal(err)
	}
	params := make([]float64, len(names))
	for i := range params {
		params[i] = 1
	}
	for i := 0; i < 5; i++ {
		w.WriteDraw(Draw{LP: -1, Stepsize: 1, Treedepth: 1, NLeapfrog: 1}, params)
	}
	return path
}

// TestReadRunsRefusals: the ways a set of files cannot be one run.
func TestReadRunsRefusals(t *testing.T) {
	dir := t.TempDir()
	a := writeChainFile(t, dir, "m_1.csv", "m", 1, []string{"x"})
	b := writeChainFile(t, dir, "m_2.csv", "m", 2, []string{"x", "y"})
	other := writeChainFile(t, dir, "other_1.csv", "other", 3, []string{"x"})
	again := writeChainFile(t, dir, "copy_of_m_1.csv", "m", 1, []string{"x"})
	os.WriteFile(filepath.Join(dir, "prior_predictive.csv"), []byte("mu,tau\n1,2\n"), 0o644)

	tests := []struct {
		name string
		args []string
		want string
	}{
		{"same file twice", []string{a, a}, "m_1.csv is given twice"},
		{"two models", []string{a, other}, "come from different models (m and other)"},
		{"one chain in two files", []string{a, again}, "both hold chain 1"},
		{"not a Stan CSV", []string{filepath.Join(dir, "prior_predictive.csv")}, "not a Stan CSV file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := ReadRuns(tt.args, nil)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("ReadRuns(%v): %v, want an error containing %q", tt.args, err, tt.want)
			}
		})
	}
	// Files of one model with different columns read (diagnostics.Columns
	// refuses to merge them).
	_, chains, err := ReadRuns([]string{a, b}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(chains) != 2 || slices.Equal(chains[0].Columns, chains[1].Columns) {
		t.Errorf("ReadRuns of different columns: %d chains, columns %v", len(chains), chains[0].Columns)
	}
}

// TestReadRunsDirectory: a directory stands for its draws files only.
func TestReadRunsDirectory(t *testing.T) {
	dir := t.TempDir()
	writeChainFile(t, dir, "m_2.csv", "m", 2, []string{"x"})
	writeChainFile(t, dir, "m_1.csv", "m", 1, []string{"x"})
	os.WriteFile(filepath.Join(dir, "summary.csv"), []byte("variable,mean\nx,1\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "prior_predictive.csv"), []byte("mu\n1\n"), 0o644)
	paths, _, err := ReadRuns([]string{dir}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) != 2 || filepath.Base(paths[0]) != "m_1.csv" || filepath.Base(paths[1]) != "m_2.csv" {
		t.Errorf("paths = %v, want m_1.csv then m_2.csv", paths)
	}
}

// TestDropEmptyAndTrim: a run stopped early leaves a chain with no draw and
// chains of different lengths; the summary keeps what it can.
func TestDropEmptyAndTrim(t *testing.T) {
	dir := t.TempDir()
	full := writeChainFile(t, dir, "m_1.csv", "m", 1, []string{"x"})
	f, err := os.Create(filepath.Join(dir, "m_2.csv"))
	if err != nil {
		t.Fatal(err)
	}
	cfg := DefaultStanCSVConfig()
	cfg.Model, cfg.Chain = "m", 2
	if _, err := NewStanCSVWriter(f, cfg, []string{"x"}); err != nil {
		t.Fatal(err)
	}
	f.Close()
	paths, chains, err := ReadRuns([]string{dir}, nil)
	if err != nil {
		t.Fatal(err)
	}
	kept, keptChains, empty, err := DropEmpty(paths, chains)
	if err != nil || len(kept) != 1 || kept[0] != full || len(empty) != 1 {
		t.Fatalf("DropEmpty: kept %v, empty %v, err %v", kept, empty, err)
	}
	if _, _, _, err := DropEmpty(empty, []*StanCSV{chains[1]}); err == nil {
		t.Error("DropEmpty of only empty files: no error")
	}
	keptChains = append(keptChains, &StanCSV{Draws: keptChains[0].Draws[:3]})
	if n, cut := TrimToShortest(keptChains); n != 3 || !cut || len(keptChains[0].Draws) != 3 {
		t.Errorf("TrimToShortest: %d, %v, first chain %d draws", n, cut, len(keptChains[0].Draws))
	}
}
