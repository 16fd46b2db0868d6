package bench

import (
	"path/filepath"
	"testing"

	"github.com/bayes-dev/bayes/compiler"
	"github.com/bayes-dev/bayes/data"
	"github.com/bayes-dev/bayes/lang"
	"github.com/bayes-dev/bayes/sampler"
)

// eightSchools compiles the seed's non-centered eight schools
// (models/eight_schools_noncentered.bym, the same program as
// models/eight_schools.bym --noncentered theta) with data/schools.json.
func eightSchools(tb testing.TB) *compiler.Model {
	tb.Helper()
	prog, err := lang.LoadModel(filepath.Join("..", "models", "eight_schools_noncentered.bym"))
	if err != nil {
		tb.Fatal(err)
	}
	data, err := data.ReadFile(prog, filepath.Join("..", "data", "schools.json"))
	if err != nil {
		tb.Fatal(err)
	}
	model, err := compiler.CompileModel(prog, data)
	if err != nil {
		tb.Fatal(err)
	}
	return model
}

// seedConfig is the headline workload's sampler configuration: `bayes
// sample --chains 8 --warmup 1000 --samples 5000 --seed 1` (Stan's
// defaults otherwise).
func seedConfig() sampler.Config {
	cfg := sampler.DefaultConfig()
	cfg.Chains, cfg.Seed = 8, 1
	cfg.Warmup, cfg.Samples = 1000, 5000
	return cfg
}

// runCounting samples the workload once and returns the number of
// gradient evaluations (leapfrog steps, n_leapfrog__) of all chains, warmup
// included. fit keeps only post-warmup statistics, so this counts through
// the sampler's own sink.
func runCounting(tb testing.TB, model *compiler.Model) int {
	cfg := seedConfig()
	perChain := make([]int, cfg.Chains) // one writer per element: no lock
	sink := sampler.Sink{Draw: func(d *sampler.Draw) error {
		perChain[d.Chain] += d.Stats.NLeapfrog
		return nil
	}}
	kernel := func(int) sampler.Kernel { return model.NewKernel() }
	if err := sampler.Run(cfg, kernel, sink); err != nil {
		tb.Fatal(err)
	}
	total := 0
	for _, n := range perChain {
		total += n
	}
	return total
}

// TestEightSchoolsGradientCountUnchanged is a change detector, not a
// correctness check: want is the count the program itself reported, that of
// `bayes sample` at commit 78f3c28 (sampler and kernel changes since then
// are bit-for-bit), not an independent fact. It shows a change to the
// sampler or the kernel that changes the draws, which the benchmark's
// gradients/s would silently absorb. Whether the draws are right is checked
// elsewhere: sampler's TestEightSchoolsAgainstStan (posterior means against
// Stan's within Monte Carlo error) and TestTransitionMatchesReference (a
// naive NUTS, bit for bit). A change meant to alter the draws updates want,
// saying why in its commit.
func TestEightSchoolsGradientCountUnchanged(t *testing.T) {
	if testing.Short() {
		t.Skip("samples 8 x 6000 iterations")
	}
	const want = 464654
	if got := runCounting(t, eightSchools(t)); got != want {
		t.Errorf("gradient evaluations: got %d, want %d (the count of commit 78f3c28: the draws changed)", got, want)
	}
}

// BenchmarkEightSchoolsSampler times sampling alone (compile, summary and
// output excluded) and reports gradients per second of sampler wall time,
// all gradients counted. For one thread run it in a process of its own with
// GOMAXPROCS=1 and -test.cpu 1, as bench/eight_schools.sh does: here the
// first setting of a -cpu 1,2 list measured as fast as the second.
func BenchmarkEightSchoolsSampler(b *testing.B) {
	model := eightSchools(b)
	grads := 0
	for b.Loop() {
		grads += runCounting(b, model)
	}
	b.ReportMetric(float64(grads)/b.Elapsed().Seconds(), "gradients/s")
	b.ReportMetric(float64(grads)/float64(b.N), "gradients/op")
}
