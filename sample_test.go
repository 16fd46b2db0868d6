package bayes

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/bayes-dev/bayes/diagnostics"
	"github.com/bayes-dev/bayes/sampler"
)

// schools is a short run of the non-centered eight schools on the CPU.
func schools(t *testing.T) Request {
	cfg := sampler.DefaultConfig()
	cfg.Chains, cfg.Warmup, cfg.Samples, cfg.Seed = 2, 100, 50, 3
	return Request{Model: filepath.Join("models", "eight_schools_noncentered.bym"),
		Data: filepath.Join("data", "schools.json"), Sampler: cfg, Device: DeviceCPU}
}

// TestSampleRejectsBadRequests: each setting Sample cannot run is one
// error that names it, before any work, never a panic.
func TestSampleRejectsBadRequests(t *testing.T) {
	for _, c := range []struct {
		name string
		edit func(*Request)
		want string
	}{
		{"device", func(r *Request) { r.Device = "tpu" }, `Request.Device tpu: must be one of auto, cpu, cuda, c`},
		{"precision", func(r *Request) { r.Precision = 16 }, "Request.Precision 16"},
		{"threads", func(r *Request) { r.Threads = -1 }, "Request.Threads -1: must be 0 or more"},
		{"output format", func(r *Request) { r.OutputFormat = "parquet" }, "Request.OutputFormat parquet"},
		{"plots without a directory", func(r *Request) { r.Plots = true }, "Plots true: needs OutputDir"},
		{"output format without a directory", func(r *Request) { r.OutputFormat = "npy" }, "OutputFormat npy: needs OutputDir"},
		{"no chains", func(r *Request) { r.Sampler = sampler.Config{} }, "start from sampler.DefaultConfig()"},
		{"thin 0", func(r *Request) { r.Sampler.Thin = 0 }, "Request.Sampler.Thin 0"},
		{"no model", func(r *Request) { r.Model = "models/nope.bym" }, "nope.bym"},
		{"precision 32 on the CPU", func(r *Request) { r.Precision = 32 }, "--precision 32 is for the GPU sampler"},
		{"warmup", func(r *Request) { r.Sampler.Warmup = -1 }, "Warmup"},
	} {
		t.Run(c.name, func(t *testing.T) {
			req := schools(t)
			c.edit(&req)
			run, err := Sample(context.Background(), req)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %v, want one containing %q", err, c.want)
			}
			if run != nil {
				t.Errorf("a run came back with the error")
			}
		})
	}
}

// recorder is a Progress that records its calls.
type recorder struct {
	calls []string
	done  []int
}

func (r *recorder) Start(chains, iterations int) {
	r.calls = append(r.calls, fmt.Sprintf("start %d %d", chains, iterations))
	r.done = make([]int, chains)
}

func (r *recorder) Update(p *sampler.ChainProgress) { r.done[p.Chain] = max(r.done[p.Chain], p.Done) }
func (r *recorder) Done()                           { r.calls = append(r.calls, "done") }

// TestSampleRun: a run follows its Progress from start to done, notes the
// seed it picked, streams the draws to OutputDir, and Save adds the
// summary and the plots there.
func TestSampleRun(t *testing.T) {
	req := schools(t)
	var p recorder
	var notes strings.Builder
	req.Progress, req.Log, req.RandomSeed = &p, &notes, true
	req.OutputDir, req.Plots = t.TempDir(), true
	run, err := Sample(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"start 2 150", "done"}; !slices.Equal(p.calls, want) || !slices.Equal(p.done, []int{150, 150}) {
		t.Errorf("progress: calls %v, iterations %v; want %v, 150 each", p.calls, p.done, want)
	}
	if want := fmt.Sprintf("seed: %d (", run.Seed); !strings.Contains(notes.String(), want) || run.Seed == req.Sampler.Seed {
		t.Errorf("notes %q: want the picked seed %d", notes.String(), run.Seed)
	}
	if len(run.Stats) != 2 || len(run.Stats[1]) != 50 || len(run.Summary) != len(run.Names) || run.Report.Run.Device != "cpu" {
		t.Errorf("run of %d chains, %d summary rows for %d names, device %q; want 2 chains of 50 draws, a row per name, the CPU",
			len(run.Stats), len(run.Summary), len(run.Names), run.Report.Run.Device)
	}
	var saved strings.Builder
	if err := run.Save(&saved); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"eight_schools_noncentered_1.csv", "eight_schools_noncentered_2.csv",
		"summary.csv", "summary.json", "trace.png", "rank.png", "density.png", "pairs.png", "energy.png", "acf.png"} {
		if _, err := os.Stat(filepath.Join(req.OutputDir, f)); err != nil {
			t.Errorf("the output directory lacks %s: %v", f, err)
		}
	}
	if n := strings.Count(saved.String(), "wrote "); n != 6 {
		t.Errorf("Save named %d plots, want 6: %q", n, saved.String())
	}
	// summary.json is the report bayes sample --format json prints, with
	// the summary rows under "summary", not a bare list of them.
	got, err := os.ReadFile(filepath.Join(req.OutputDir, "summary.json"))
	if err != nil {
		t.Fatal(err)
	}
	var report bytes.Buffer
	if err := diagnostics.WriteReportJSON(&report, run.Report); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, report.Bytes()) {
		t.Errorf("summary.json is not the run's report (--format json):\n%.300s", got)
	}
}

// TestSampleCancelled: a run cancelled before any draw is an error that
// wraps context.Canceled, as bayes sample's exit status 130 needs.
func TestSampleCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := Sample(ctx, schools(t))
	if !errors.Is(err, context.Canceled) {
		t.Errorf("error %v, want context.Canceled", err)
	}
}
