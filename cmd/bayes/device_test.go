package main

import (
	"encoding/json"
	"math"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	bayeslib "github.com/bayes-dev/bayes"
)

// TestSampleDeviceC runs the GPU sampler's code path end to end on the
// CPU (--device c: the same C source, built with cc): the non-centered
// eight schools must agree with the reference posterior of
// ../shared/anchors/README.md (mu 4.42, tau 3.60, theta[1] 6.22) within
// 5 Monte Carlo standard errors of the run's own estimates, and the report
// must say how the draws were made. The saved draws summarise to the
// same table.
func TestSampleDeviceC(t *testing.T) {
	if _, err := exec.LookPath("cc"); err != nil {
		t.Skipf("no C compiler: cc is not on PATH (%v)", err)
	}
	dir := t.TempDir()
	args := []string{"sample", filepath.Join(repoRoot, "models", "eight_schools_noncentered.bym"),
		"--data", filepath.Join(repoRoot, "data", "schools.json"), "--device", "c", "--chains", "4",
		"--seed", "3", "--quiet", "--format", "json", "--output-dir", dir}
	stdout, stderr, code := bayes(args...)
	if code != 0 {
		t.Fatalf("exit status %d: %s", code, stderr)
	}
	var rep struct {
		Summary []struct {
			Variable string
			Mean     float64
			McseMean float64 `json:"mcse_mean"`
			Rhat     float64
			ESSBulk  float64 `json:"ess_bulk"`
		}
		Run struct {
			Device, Regime string
			Seconds        float64
			Gradients      int64
		}
	}
	if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Run.Regime != "chains" || rep.Run.Gradients < 4*2000 || !(rep.Run.Seconds > 0) {
		t.Errorf("run %+v: want the chains regime, at least a gradient per iteration, a positive time", rep.Run)
	}
	want := map[string]float64{"mu": 4.42, "tau": 3.60, "theta[1]": 6.22}
	for _, row := range rep.Summary {
		ref, ok := want[row.Variable]
		if !ok {
			continue
		}
		delete(want, row.Variable)
		if math.Abs(row.Mean-ref) > 5*row.McseMean || row.Rhat > 1.01 || row.ESSBulk < 1000 {
			t.Errorf("%s: mean %.3f (MCSE %.3f, R-hat %.3f, ESS %.0f); reference %.2f", row.Variable, row.Mean, row.McseMean, row.Rhat, row.ESSBulk, ref)
		}
	}
	if len(want) > 0 {
		t.Errorf("the summary lacks %v", want)
	}
	summary, stderr, code := bayes("summary", dir, "--format", "json")
	if code != 0 {
		t.Fatalf("bayes summary of the run: exit status %d: %s", code, stderr)
	}
	var saved, sampled struct{ Summary json.RawMessage }
	if err := json.Unmarshal([]byte(summary), &saved); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(stdout), &sampled); err != nil {
		t.Fatal(err)
	}
	if len(saved.Summary) < 100 || string(saved.Summary) != string(sampled.Summary) {
		t.Errorf("bayes summary of the saved draws differs from the run's summary")
	}
}

// TestSampleManyChainsNPY: from bayeslib.NPYMinChains chains on, --output-dir holds
// one draws.npy (and draws.json) instead of a CSV file per chain, and bayes
// summary of the directory prints the run's summary. Both samplers write it.
func TestSampleManyChainsNPY(t *testing.T) {
	for _, device := range []string{"c", "cpu"} {
		t.Run(device, func(t *testing.T) {
			if _, err := exec.LookPath("cc"); err != nil && device == "c" {
				t.Skipf("no C compiler: cc is not on PATH (%v)", err)
			}
			dir := t.TempDir()
			stdout, stderr, code := bayes("sample", filepath.Join(repoRoot, "models", "eight_schools_noncentered.bym"),
				"--data", filepath.Join(repoRoot, "data", "schools.json"), "--device", device,
				"--chains", strconv.Itoa(bayeslib.NPYMinChains), "--warmup", "100", "--samples", "30", "--seed", "4",
				"--quiet", "--output-dir", dir)
			if code != 0 {
				t.Fatalf("exit status %d: %s", code, stderr)
			}
			files, _ := filepath.Glob(filepath.Join(dir, "*"))
			var names []string
			for _, f := range files {
				names = append(names, filepath.Base(f))
			}
			// Both samplers save their adaptation (state.json), which
			// --adapt-from reuses; only the Go sampler's can be resumed.
			want := []string{"draws.json", "draws.npy", "state.json", "summary.csv", "summary.json"}
			if !slices.Equal(names, want) {
				t.Errorf("the output directory holds %v, want %v", names, want)
			}
			summary, stderr, code := bayes("summary", dir)
			if code != 0 {
				t.Fatalf("bayes summary: exit status %d: %s", code, stderr)
			}
			if summary != stdout {
				t.Errorf("bayes summary of draws.npy:\n%s\nthe run printed:\n%s", summary, stdout)
			}
			// A CSV run into the same directory would be merged with the
			// npy run by bayes summary: it says so.
			_, stderr, code = bayes("sample", filepath.Join(repoRoot, "models", "eight_schools_noncentered.bym"),
				"--data", filepath.Join(repoRoot, "data", "schools.json"), "--device", "cpu", "--chains", "2",
				"--warmup", "50", "--samples", "20", "--seed", "4", "--output-dir", dir)
			if code != 0 || !strings.Contains(stderr, "also holds draws.npy from another run") {
				t.Errorf("a CSV run beside draws.npy: exit status %d, stderr %q; want a note about draws.npy", code, stderr)
			}
		})
	}
}
