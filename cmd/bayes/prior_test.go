package main

import (
	"os"
	"path/filepath"
	"testing"
)

// TestPriorGolden runs `bayes prior-predictive` command lines whose whole
// output (and, with --output-dir, the CSV) is fixed in testdata/prior/NAME.golden.
func TestPriorGolden(t *testing.T) {
	tests := []struct {
		name string
		args []string
		csv  bool // also compare DIR/prior_predictive.csv
	}{
		{"eight_schools", []string{"prior-predictive", "models/eight_schools.bym", "--data", "data/schools.json", "--draws", "1000", "--seed", "1"}, false},
		{"eight_schools_csv", []string{"prior-predictive", "cmd/bayes/testdata/prior/noncentered.bym", "--data", "data/schools.json", "--draws", "4", "--seed", "7"}, true},
		{"flat_prior", []string{"prior-predictive", "cmd/bayes/testdata/prior/flat.bym", "--data", "cmd/bayes/testdata/prior/flat.json", "--seed", "1"}, false},
		{"no_data", []string{"prior-predictive", "models/eight_schools.bym"}, false},
		// A target += term that is no density of one variable, and
		// generated quantities: notes say they are not drawn.
		{"target_term", []string{"prior-predictive", "cmd/bayes/testdata/prior/target_term.bym", "--data", "data/schools.json", "--draws", "100", "--seed", "2"}, false},
	}
	wd, _ := os.Getwd()
	if err := os.Chdir(repoRoot); err != nil {
		t.Fatal(err)
	}
	defer os.Chdir(wd)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := tt.args
			dir := t.TempDir()
			if tt.csv {
				args = append(append([]string(nil), args...), "--output-dir", dir)
			}
			stdout, stderr, code := bayes(args...)
			got := transcript(tt.args, stdout, stderr, code)
			if tt.csv {
				csv, err := os.ReadFile(filepath.Join(dir, "prior_predictive.csv"))
				if err != nil {
					t.Fatal(err)
				}
				got += "--- prior_predictive.csv\n" + string(csv)
			}
			golden := filepath.Join("cmd", "bayes", "testdata", "prior", tt.name+".golden")
			compareGolden(t, golden, got)
		})
	}
}
