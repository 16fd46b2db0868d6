package compiler

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/bayes-dev/bayes/compiler/extern"
)

// hierData writes data for hier_*.bym: g groups of k rows drawn from the
// model at mu = 1, tau = 0.5, beta = -0.7, sigma = 0.8, x standard
// normal, from a fixed seed.
func hierData(t testing.TB, g, k int) string {
	rng := rand.New(rand.NewPCG(16, 6))
	y, x := make([][]float64, g), make([][]float64, g)
	for i := range y {
		alpha := 1 + 0.5*rng.NormFloat64()
		y[i], x[i] = make([]float64, k), make([]float64, k)
		for j := range y[i] {
			x[i][j] = rng.NormFloat64()
			y[i][j] = alpha - 0.7*x[i][j] + 0.8*rng.NormFloat64()
		}
	}
	return dataFile(t, "hier.json", map[string]any{"G": g, "K": k, "y": y, "x": x})
}

// dataFile writes data as a JSON file named name in a temporary folder
// and returns its path.
func dataFile(t testing.TB, name string, data map[string]any) string {
	js, err := json.Marshal(data)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, js, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// mapRectJobs is the number of jobs of each map_rect extern of m, and
// their outputs.
func mapRectJobs(m *Model) (jobs, outs []int) {
	for _, e := range m.Program.G.Externs {
		if r, ok := e.(*extern.MapRect); ok {
			jobs, outs = append(jobs, len(r.Jobs)), append(outs, r.Out())
		}
	}
	return jobs, outs
}

// TestMapRectThreads: with 2 or 4 threads per chain, and with several
// chains at once, map_rect's log density and gradient are bit for bit
// those with 1 thread, at random points; and they are the model's written
// without map_rect, to rounding. maprect.bym's jobs return 2 values
// each, which the model weights by their place (a use other than a sum:
// each job's outputs get their own adjoints); hier_maprect.bym has 64
// jobs of one value; maprect_ragged.bym's jobs return 1, 2 and 0 values.
func TestMapRectThreads(t *testing.T) {
	hier := hierData(t, 64, 10)
	for _, c := range []struct {
		name, model, plain, data string
		jobs, outs               int
	}{
		{"weighted", "maprect.bym", "maprect_plain.bym", higherTestdata("maprect.json"), 3, 6},
		{"hier", "hier_maprect.bym", "hier_plain.bym", hier, 64, 64},
		{"ragged", "maprect_ragged.bym", "maprect_ragged_plain.bym", "", 3, 3},
	} {
		t.Run(c.name, func(t *testing.T) {
			m := compileFiles(t, higherTestdata(c.model), c.data)
			if jobs, outs := mapRectJobs(m); !slices.Equal(jobs, []int{c.jobs}) || !slices.Equal(outs, []int{c.outs}) {
				t.Fatalf("map_rect externs with %v jobs and %v outputs, want [%d] and [%d]", jobs, outs, c.jobs, c.outs)
			}
			sameForThreads(t, m, compileFiles(t, higherTestdata(c.plain), c.data).NewKernel(), 7)
		})
	}
}

// TestMapRectSerialForC: the C emitter refuses map_rect's extern op with
// a message that says what runs it; compiled with Serial, as the C and
// CUDA samplers are, the model has no extern op, emits, and has the log
// density and gradient of the threaded form, to rounding (the jobs
// inlined: the same arithmetic but for the chain rule's order).
func TestMapRectSerialForC(t *testing.T) {
	ms := serialForC(t, "maprect.bym", "maprect.json", "map_rect over threads runs on the CPU sampler only (--device cuda or c runs its jobs inlined)")
	m := compileFiles(t, higherTestdata("maprect.bym"), higherTestdata("maprect.json"))
	k, ks := m.NewKernel(), ms.NewKernel()
	q := randomPoint(rand.New(rand.NewPCG(16, 8)), k.Dim())
	g, gs := make([]float64, k.Dim()), make([]float64, k.Dim())
	lp, lps := k.LogDensityGrad(g, q), ks.LogDensityGrad(gs, q)
	if math.Abs(lp-lps) > 1e-12*math.Max(1, math.Abs(lps)) {
		t.Errorf("lp %.17g, serial %.17g", lp, lps)
	}
	for i := range g {
		if math.Abs(g[i]-gs[i]) > 1e-12*math.Max(1, math.Abs(gs[i])) {
			t.Errorf("d lp/d q[%d] = %.17g, serial %.17g", i, g[i], gs[i])
		}
	}
}

// BenchmarkMapRectGradient: the gradient of a hierarchical regression,
// 64 groups of 100 rows, written with map_rect (64 jobs) on 1 and 2
// threads, and without it (plain, the baseline: one program).
func BenchmarkMapRectGradient(b *testing.B) {
	js := hierData(b, 64, 100)
	plain := compileFiles(b, higherTestdata("hier_plain.bym"), js)
	mr := compileFiles(b, higherTestdata("hier_maprect.bym"), js)
	q := randomPoint(rand.New(rand.NewPCG(16, 9)), plain.Dim())
	benchThreads(b, plain, mr, q)
}
