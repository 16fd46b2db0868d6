package bayes

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bayes-dev/bayes/sampler"
)

// TestDeviceDenseMetric: `bayes sample --device c --metric dense` runs the
// C sampler built for the dense metric end to end: the CSV says dense_e
// and holds each chain's adapted Dim x Dim inverse metric. --metric unit
// and low-rank stay refused on the device with one message.
func TestDeviceDenseMetric(t *testing.T) {
	skipWithoutCC(t)
	req := schools(t)
	req.Device, req.Sampler.Metric, req.Quiet = DeviceC, sampler.Dense, true
	req.Log, req.OutputDir = &strings.Builder{}, t.TempDir()
	run, err := Sample(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	if got := run.Report.Run.Metric; got != "dense_e" || len(run.Stats) != 2 || len(run.Stats[0]) != 50 {
		t.Errorf("run with metric %q, %d chains; want dense_e, 2 chains of 50 draws", got, len(run.Stats))
	}
	csv, err := os.ReadFile(filepath.Join(req.OutputDir, "eight_schools_noncentered_1.csv"))
	if err != nil {
		t.Fatal(err)
	}
	s := string(csv)
	_, block, _ := strings.Cut(s, "# Elements of inverse mass matrix:\n")
	rows := 0
	for _, line := range strings.Split(block, "\n") {
		if !strings.HasPrefix(line, "# ") || strings.Count(line, ",") != 9 {
			break
		}
		rows++
	}
	if !strings.Contains(s, "metric = dense_e") || rows != 10 {
		t.Errorf("chain 1's CSV: want metric = dense_e and a 10 x 10 inverse metric, found %d rows of 10:\n%.2000s", rows, s)
	}
	for _, m := range []sampler.Metric{sampler.Unit, sampler.LowRank} {
		req.Sampler.Metric = m
		if _, err := Sample(context.Background(), req); err == nil || !strings.Contains(err.Error(), "adapts only the diagonal and dense metrics") {
			t.Errorf("--device c --metric %s: error %v, want the device's refusal", m, err)
		}
	}
}
