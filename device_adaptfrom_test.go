package bayes

import (
	"context"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/bayes-dev/bayes/cnuts/cnutstest"
	"github.com/bayes-dev/bayes/diagnostics"
	"github.com/bayes-dev/bayes/sampler"
)

// TestDeviceAdaptFrom: `bayes sample --device c --adapt-from DIR` of a
// --device c run (seed 7, 4 chains, 1000 warmup iterations) reuses its
// metric bit for bit and its step size as where warmup starts: with
// AdaptFromWarmup (150) warmup iterations it evaluates fewer gradients than
// the cold run, and its posterior means of mu, tau and theta[1] lie within
// 4 standard errors of posteriordb's reference (the run's MCSE and the
// reference's, as cnuts's TestEightSchools). The device run's state.json
// holds each chain's step size, metric and position and no random stream,
// so that --resume of it is one clear error.
func TestDeviceAdaptFrom(t *testing.T) {
	skipWithoutCC(t)
	tmp := t.TempDir()
	cold := schools(t)
	cold.Device, cold.Quiet, cold.Log = DeviceC, true, &strings.Builder{}
	cold.Sampler.Chains, cold.Sampler.Warmup, cold.Sampler.Samples, cold.Sampler.Seed = 4, 1000, 1000, 7
	cold.OutputDir = filepath.Join(tmp, "cold")
	coldRun, err := Sample(context.Background(), cold)
	if err != nil {
		t.Fatal(err)
	}
	saved, err := ReadAdaptFrom(cold.OutputDir)
	if err != nil {
		t.Fatal(err)
	}
	for c, cs := range saved.ChainStates {
		if len(cs.Position) != saved.Dim || len(cs.InvMetric) != saved.Dim || !(cs.Stepsize > 0) || cs.RNG != nil || cs.Iterations != 1000 {
			t.Fatalf("chain %d's saved state: %d coordinates, %d metric entries, step size %v, rng %v, %d iterations; want %d, %d, positive, none, 1000",
				c+1, len(cs.Position), len(cs.InvMetric), cs.Stepsize, cs.RNG, cs.Iterations, saved.Dim, saved.Dim)
		}
		if !slices.Equal(cs.InvMetric, coldRun.Adaptations[c].InvMetric) || cs.Stepsize != coldRun.Adaptations[c].Stepsize {
			t.Errorf("chain %d's saved step size and metric are not those the run adapted", c+1)
		}
	}

	again := schools(t)
	again.Device, again.Quiet, again.Log = DeviceC, true, &strings.Builder{}
	again.Sampler.Chains, again.Sampler.Warmup, again.Sampler.Samples, again.Sampler.Seed = 4, AdaptFromWarmup, 1000, 8
	again.AdaptFrom, again.OutputDir = cold.OutputDir, filepath.Join(tmp, "again")
	run, err := Sample(context.Background(), again)
	if err != nil {
		t.Fatal(err)
	}
	for c, a := range run.Adaptations {
		if !slices.Equal(a.InvMetric, saved.ChainStates[c].InvMetric) {
			t.Errorf("chain %d sampled with another metric than the saved one", c+1)
		}
	}
	if run.Gradients >= coldRun.Gradients {
		t.Errorf("%d gradients with --adapt-from, %d cold: want fewer", run.Gradients, coldRun.Gradients)
	}
	t.Logf("gradients: cold %d, --adapt-from %d", coldRun.Gradients, run.Gradients)
	checkSchoolsReference(t, run.Result.Columns())

	resume := schools(t)
	resume.Resume, resume.Sampler.Chains, resume.Sampler.Seed = cold.OutputDir, 4, 7
	if _, err := Sample(context.Background(), resume); err == nil || !strings.Contains(err.Error(), "made by the GPU sampler (--device c or cuda), which saves no chain's random stream") {
		t.Errorf("--resume of a device run: %v, want the device's refusal", err)
	}
}

// TestDeviceAdaptFromSources: --device c --adapt-from takes a --device cpu
// run with the diagonal metric and a --device c run with the dense one;
// a low-rank run gets one message naming the metric and the device.
func TestDeviceAdaptFromSources(t *testing.T) {
	skipWithoutCC(t)
	tmp := t.TempDir()
	for _, c := range []struct {
		name   string
		device string
		metric sampler.Metric
		want   string // "" for a run
	}{
		{"cpu diag", DeviceCPU, sampler.Diag, ""},
		{"c dense", DeviceC, sampler.Dense, ""},
		{"cpu low-rank", DeviceCPU, sampler.LowRank, "the run's metric is low_rank_e: the GPU sampler (--device c) runs the diagonal and dense metrics"},
	} {
		t.Run(c.name, func(t *testing.T) {
			first := schools(t)
			first.Device, first.Sampler.Metric, first.Quiet = c.device, c.metric, true
			first.OutputDir = filepath.Join(tmp, c.name)
			if _, err := Sample(context.Background(), first); err != nil {
				t.Fatal(err)
			}
			again := schools(t)
			again.Device, again.Sampler.Metric, again.Quiet, again.Log = DeviceC, c.metric, true, &strings.Builder{}
			again.AdaptFrom = first.OutputDir
			run, err := Sample(context.Background(), again)
			if c.want != "" {
				if err == nil || !strings.Contains(err.Error(), c.want) {
					t.Errorf("got %v, want %q", err, c.want)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			saved, err := ReadAdaptFrom(first.OutputDir)
			if err != nil {
				t.Fatal(err)
			}
			if run.Report.Run.Device == "cpu" {
				t.Errorf("the run went to the CPU, want --device c")
			}
			for ch, a := range run.Adaptations {
				if !slices.Equal(a.InvMetric, saved.ChainStates[ch].InvMetric) {
					t.Errorf("chain %d sampled with another metric than the saved one", ch+1)
				}
			}
		})
	}
}

// checkSchoolsReference holds the posterior means of mu, tau and theta[1]
// to posteriordb's reference of the non-centered eight schools (the copy
// in cnuts/testdata): within 4 standard errors, the run's MCSE and the
// reference's sd/sqrt(ess_bulk) together.
func checkSchoolsReference(t *testing.T, cols []diagnostics.Column) {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("cnuts", "testdata", "posteriordb", "eight_schools_noncentered_reference.json"))
	if err != nil {
		t.Fatal(err)
	}
	var ref cnutstest.Reference
	if err := json.Unmarshal(raw, &ref); err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, p := range ref.Parameters {
		if p.Name != "mu" && p.Name != "tau" && p.Name != "theta[1]" {
			continue
		}
		i := slices.IndexFunc(cols, func(c diagnostics.Column) bool { return c.Name == p.Name })
		if i < 0 {
			t.Fatalf("no column %s", p.Name)
		}
		x := cols[i].Draws
		mean, mcse := cnutstest.PoolMean(x), diagnostics.MCSEMean(x)
		se := math.Hypot(mcse, p.SD/math.Sqrt(p.ESSBulk))
		t.Logf("%s: mean %.3f (reference %.3f), MCSE %.3f", p.Name, mean, p.Mean, mcse)
		if math.Abs(mean-p.Mean) > 4*se {
			t.Errorf("posterior mean of %s = %.3f, reference %.3f: more than 4 standard errors (%.3f) apart", p.Name, mean, p.Mean, se)
		}
		checked++
	}
	if checked != 3 {
		t.Fatalf("%d of mu, tau, theta[1] in the reference", checked)
	}
}
