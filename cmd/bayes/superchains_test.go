package main

import (
	"encoding/json"
	"path/filepath"
	"testing"
)

// TestSuperchainsNestedRhat samples 64 short chains in 8 superchains. With
// 300 warmup iterations every chain has forgotten its superchain's initial
// point: nested R-hat stays below 1.01 for every quantity (its value under
// stationarity is about sqrt(1 + 1/(M N_eff)) with M N = 160 draws per
// superchain), and there is no nested R-hat warning. Without warmup, from
// initial values uniform(-5, 5) and a step size of 0.05, ten draws cannot
// leave the initial points: nested R-hat flags every quantity. bayes
// summary of the run's files (Stan CSV, and draws.npy) reports the same
// nested R-hat: the headers name each chain's superchain.
func TestSuperchainsNestedRhat(t *testing.T) {
	model := filepath.Join(repoRoot, "models", "eight_schools_noncentered.bym")
	data := filepath.Join(repoRoot, "data", "schools.json")
	common := []string{"sample", model, "--data", data, "--chains", "64", "--superchains", "8", "--seed", "5",
		"--quiet", "--format", "json", "--device", "cpu"}
	for _, tt := range []struct {
		name      string
		args      []string
		converged bool
	}{
		{"warmed up", []string{"--warmup", "300", "--samples", "20", "--output-format", "csv"}, true},
		{"no warmup", []string{"--warmup", "0", "--samples", "10", "--stepsize", "0.05", "--init", "5", "--output-format", "npy"}, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			stdout, stderr, code := bayes(append(common, append(tt.args, "--output-dir", dir)...)...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			summary, stderr, code := bayes("summary", dir, "--format", "json")
			if code != 0 {
				t.Fatalf("summary: exit %d: %s", code, stderr)
			}
			if got, want := nestedPart(t, summary), nestedPart(t, stdout); got != want {
				t.Errorf("bayes summary's nested_rhat differs from bayes sample's:\n%s\n---\n%s", got, want)
			}
			var doc struct {
				NestedRhat struct {
					Superchains int `json:"superchains"`
					Values      []struct {
						Variable   string   `json:"variable"`
						NestedRhat *float64 `json:"nested_rhat"`
					} `json:"values"`
				} `json:"nested_rhat"`
				Warnings []struct {
					Kind string   `json:"kind"`
					Vars []string `json:"vars"`
				} `json:"warnings"`
			}
			if err := json.Unmarshal([]byte(stdout), &doc); err != nil {
				t.Fatal(err)
			}
			if doc.NestedRhat.Superchains != 8 || len(doc.NestedRhat.Values) != 18 {
				t.Fatalf("nested_rhat %+v, want 8 superchains and 18 quantities", doc.NestedRhat)
			}
			flagged := 0
			for _, v := range doc.NestedRhat.Values {
				if v.NestedRhat == nil {
					t.Fatalf("%s: nested R-hat is null", v.Variable)
				}
				if *v.NestedRhat > 1.01 {
					flagged++
				}
			}
			warned := 0
			for _, w := range doc.Warnings {
				if w.Kind == "nested_rhat" {
					warned = len(w.Vars)
				}
			}
			if want := map[bool]int{true: 0, false: 18}[tt.converged]; flagged != want || warned != want {
				t.Errorf("%d quantities above 1.01 and %d in the warning, want %d", flagged, warned, want)
			}
		})
	}
}

// nestedPart is the nested_rhat object of a JSON report, as JSON.
func nestedPart(t *testing.T, report string) string {
	t.Helper()
	var doc struct {
		NestedRhat json.RawMessage `json:"nested_rhat"`
	}
	if err := json.Unmarshal([]byte(report), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.NestedRhat == nil {
		t.Fatal("the report has no nested_rhat")
	}
	return string(doc.NestedRhat)
}
