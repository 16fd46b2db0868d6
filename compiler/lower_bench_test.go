package compiler

import (
	"math/rand/v2"
	"path/filepath"
	"runtime"
	"testing"
)

// BenchmarkPosteriorGradient times one log density and gradient of each
// posteriordb model (model.bym) and each corpus posterior (model.stan)
// that compiles, at a random point; filter with -bench
// 'PosteriorGradient/NAME'. Besides ns/op (wall) it reports cpu-ns/op, the
// thread's CPU time per gradient (Linux): on a machine shared with other
// jobs, wall time also counts the waits for a core.
func BenchmarkPosteriorGradient(b *testing.B) {
	root := filepath.Join("..", "..", "shared")
	models, _ := filepath.Glob(filepath.Join(root, "posteriordb", "*", "model.bym"))
	corpus, _ := filepath.Glob(filepath.Join(root, "corpus", "posteriordb", "*", "model.stan"))
	if len(models)+len(corpus) == 0 {
		b.Skip("posteriordb and corpus models not available: the shared folder is absent")
	}
	for _, path := range append(models, corpus...) {
		name := filepath.Base(filepath.Dir(path))
		dataFile := filepath.Join(filepath.Dir(path), "data.json")
		b.Run(name, func(b *testing.B) {
			if !compiles(path, dataFile) {
				b.Skip("does not compile")
			}
			m := compileFiles(b, path, dataFile)
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
		})
	}
}
