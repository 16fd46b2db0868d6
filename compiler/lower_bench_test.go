package compiler

import (
	"math/rand/v2"
	"path/filepath"
	"runtime"
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
		name := filepath.Base(filepath.Dir(path))
		b.Run(name, func(b *testing.B) {
			m := compileFiles(b, path, filepath.Join(filepath.Dir(path), "data.json"))
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
