package bayes

import (
	"context"
	"strings"
	"testing"

	"github.com/bayes-dev/bayes/sampler"
)

// TestDeviceNutpie: `bayes sample --device c --adapt nutpie` adapts the
// diagonal metric as nutpie does on the device (the metric and warmup left
// to bayes: diag_e and NutpieWarmup), and the low-rank metric under
// --adapt nutpie stays refused there with one message; --device auto
// leaves --adapt nutpie to the CPU.
func TestDeviceNutpie(t *testing.T) {
	skipWithoutCC(t)
	req := schools(t)
	req.Device, req.Quiet, req.Log = DeviceC, true, &strings.Builder{}
	req.Sampler.Adapt, req.Auto = sampler.AdaptNutpie, AutoAdaptation{Metric: true, Warmup: true}
	run, err := Sample(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	if r := run.Report.Run; r.Adapt != "nutpie" || r.Metric != "diag_e" || r.Warmup != sampler.NutpieWarmup || r.Device == "cpu" {
		t.Errorf("run on %s with adapt %s, metric %s, warmup %d; want the device's nutpie, diag_e, %d", r.Device, r.Adapt, r.Metric, r.Warmup, sampler.NutpieWarmup)
	}
	for c, a := range run.Adaptations {
		if a.InvMetric[0] == 1 {
			t.Errorf("chain %d's inverse metric %v: not adapted", c+1, a.InvMetric)
		}
	}

	lowRank := req
	lowRank.Sampler.Metric, lowRank.Auto = sampler.LowRank, AutoAdaptation{}
	want := "--adapt nutpie with --metric low_rank_e is for the CPU sampler (--device cpu): the GPU sampler (--device c) adapts only the diagonal metric as nutpie does"
	if _, err := Sample(context.Background(), lowRank); err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("--device c --adapt nutpie --metric low-rank: %v, want %q", err, want)
	}

	auto := req
	auto.Device, auto.Sampler.Chains = DeviceAuto, 2
	run, err = Sample(context.Background(), auto)
	if err != nil {
		t.Fatal(err)
	}
	if run.Report.Run.Device != "cpu" {
		t.Errorf("--device auto --adapt nutpie ran on %s, want the CPU", run.Report.Run.Device)
	}
}
