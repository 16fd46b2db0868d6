package main

import (
	"encoding/json"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestReparamAutoTwoRegimes is issue 20's case end to end: a model with
// eight schools' site theta and a varying-intercept site a with 50 groups
// of 1000 observations (simulated here, fixed seed). With --data, auto
// rewrites theta, keeps a centered and says so in one line; without, it
// rewrites both and says why.
func TestReparamAutoTwoRegimes(t *testing.T) {
	model := filepath.Join(repoRoot, "compiler", "reparam", "testdata", "reparam", "auto", "two_regimes.bym")
	r := rand.New(rand.NewPCG(20, 3))
	var g []int
	var y []float64
	for j := range 50 {
		a := r.NormFloat64()
		for range 1000 {
			g = append(g, j+1)
			y = append(y, a+r.NormFloat64())
		}
	}
	src, err := json.Marshal(map[string]any{
		"J": 8, "y_s": []float64{28, 8, -3, 7, -1, 1, 18, 12}, "sigma_s": []float64{15, 10, 16, 11, 9, 11, 10, 18},
		"N": len(y), "K": 50, "g": g, "y": y})
	if err != nil {
		t.Fatal(err)
	}
	data := filepath.Join(t.TempDir(), "two_regimes.json")
	if err := os.WriteFile(data, src, 0o644); err != nil {
		t.Fatal(err)
	}

	stdout, stderr, code := bayes("reparam", model, "--noncentered", "auto", "--data", data)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	want := "note: --noncentered auto: theta: non-centered (8 groups, 1 observation each); a: centered (50 groups, 1000 observations each)\n"
	if !strings.HasPrefix(stderr, want) {
		t.Errorf("stderr does not begin with\n%s\ngot\n%s", want, stderr)
	}
	if !strings.Contains(stdout, "theta_raw ~ std_normal();") || strings.Contains(stdout, "  a_raw ~") {
		t.Errorf("want theta rewritten and a centered:\n%s", stdout)
	}

	stdout, stderr, code = bayes("reparam", model, "--noncentered", "auto")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if want := "note: no --data: every hierarchical site rewritten; give --data to choose per site\n"; !strings.HasPrefix(stderr, want) {
		t.Errorf("stderr does not begin with\n%s\ngot\n%s", want, stderr)
	}
	if !strings.Contains(stdout, "theta_raw ~ std_normal();") || !strings.Contains(stdout, "  a_raw ~ std_normal();") {
		t.Errorf("want both sites rewritten:\n%s", stdout)
	}
}
