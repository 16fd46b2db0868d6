package main

import (
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// unpackLooRuns writes the gzipped runs of loo/testdata/runs (eight
// schools centered, complete pooling, and complete pooling with an
// outlier, all with a log_lik generated quantity) as run directories
// under a temporary directory, and returns it.
func unpackLooRuns(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	files, err := filepath.Glob(filepath.Join(repoRoot, "loo", "testdata", "runs", "*", "*.csv.gz"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no runs in loo/testdata/runs: %v", err)
	}
	for _, path := range files {
		run := filepath.Join(dir, filepath.Base(filepath.Dir(path)))
		if err := os.MkdirAll(run, 0o755); err != nil {
			t.Fatal(err)
		}
		in, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		zr, err := gzip.NewReader(in)
		if err != nil {
			t.Fatal(err)
		}
		out, err := os.Create(filepath.Join(run, strings.TrimSuffix(filepath.Base(path), ".gz")))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.Copy(out, zr); err != nil {
			t.Fatal(err)
		}
		out.Close()
		in.Close()
	}
	return dir
}

// TestLooGolden runs bayes loo on those runs, from their directory so that
// the paths printed are fixed; the outputs are in testdata/loo/NAME.golden.
// The numbers themselves are checked against R's loo in package loo.
func TestLooGolden(t *testing.T) {
	tests := []struct {
		name string
		args []string
	}{
		{"compare", []string{"loo", "eight_schools", "pooled"}},
		{"outlier_pointwise", []string{"loo", "pooled_outlier", "--pointwise"}},
		{"outlier_json", []string{"loo", "pooled_outlier", "--format", "json"}},
		{"compare_json", []string{"loo", "eight_schools", "pooled", "--format", "json"}},
		{"missing_var", []string{"loo", "pooled", "--var", "loglik"}},
		{"different_data", []string{"loo", "eight_schools", "pooled", "--var", "theta"}},
		{"no_run", []string{"loo", "nowhere"}},
		{"bad_format", []string{"loo", "pooled", "--format", "csv"}},
	}
	wd, _ := os.Getwd()
	golden, _ := filepath.Abs(filepath.Join("testdata", "loo"))
	if err := os.Chdir(unpackLooRuns(t)); err != nil {
		t.Fatal(err)
	}
	defer os.Chdir(wd)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stdout, stderr, code := bayes(tt.args...)
			compareGolden(t, filepath.Join(golden, tt.name+".golden"), transcript(tt.args, stdout, stderr, code))
		})
	}
}
