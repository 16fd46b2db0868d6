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
// leave the initial points: nested R-hat flags every quantity.
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
		{"warmed up", []string{"--warmup", "300", "--samples", "20"}, true},
		{"no warmup", []string{"--warmup", "0", "--samples", "10", "--stepsize", "0.05", "--init", "5"}, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			stdout, stderr, code := bayes(append(common, tt.args...)...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
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
