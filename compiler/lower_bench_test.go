package compiler

import (
	"flag"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// BenchmarkPosteriorGradient times one log density and gradient of each
// posteriordb model at a random point. Besides ns/op (wall) it reports
// cpu-ns/op, the thread's CPU time per gradient (Linux): on a machine
// shared with other jobs, wall time also counts the waits for a core.
func BenchmarkPosteriorGradient(b *testing.B) {
	dir := filepath.Join("..", "..", "shared", "posteriordb")
	models, _ := filepath.Glob(filepath.Join(dir, "*", "model.bym"))
	if len(models) == 0 {
		b.Skip("posteriordb models not available")
	}
	for _, path := range models {
		b.Run(filepath.Base(filepath.Dir(path)), func(b *testing.B) {
			benchGradient(b, path, filepath.Join(filepath.Dir(path), "data.json"))
		})
	}
}

// corpusBench lists the corpus posteriors that BenchmarkCorpusGradient
// times: by default the two that ran past the corpus time cap (issue 14).
var corpusBench = flag.String("corpus", "iohmm_reg_simulated-iohmm_reg,rstan_downloads-prophet",
	"comma-separated posteriors of ../shared/corpus/posteriordb for BenchmarkCorpusGradient")

// BenchmarkCorpusGradient is BenchmarkPosteriorGradient for the corpus
// posteriors named by -corpus, from their Stan source as posteriordb has it.
func BenchmarkCorpusGradient(b *testing.B) {
	dir := filepath.Join("..", "..", "shared", "corpus", "posteriordb")
	for _, name := range strings.Split(*corpusBench, ",") {
		model := filepath.Join(dir, name, "model.stan")
		if _, err := os.Stat(model); err != nil {
			b.Skipf("corpus posterior not available: %v", err)
		}
		b.Run(name, func(b *testing.B) {
			benchGradient(b, model, filepath.Join(dir, name, "data.json"))
		})
	}
}

// benchGradient times the kernel's LogDensityGrad of one model at a random
// point, with the thread's CPU time per gradient as cpu-ns/op.
func benchGradient(b *testing.B, model, dataFile string) {
	benchKernel(b, compileFiles(b, model, dataFile))
}

// benchKernel is benchGradient of a compiled model.
func benchKernel(b *testing.B, m *Model) {
	k := m.NewKernel()
	q := randomPoint(rand.New(rand.NewPCG(1, 2)), k.Dim())
	g := make([]float64, k.Dim())
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	b.ReportAllocs()
	start, ok := threadCPU()
	n := 0
	for b.Loop() {
		k.LogDensityGrad(g, q)
		n++
	}
	if end, ok2 := threadCPU(); ok && ok2 && n > 0 {
		b.ReportMetric(float64((end-start).Nanoseconds())/float64(n), "cpu-ns/op")
	}
}
