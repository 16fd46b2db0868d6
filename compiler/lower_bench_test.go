package compiler

import (
	"math/rand/v2"
	"path/filepath"
	"testing"
)

// BenchmarkPosteriorGradient times one log density and gradient of each
// posteriordb model at a random point.
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
			b.ReportAllocs()
			for b.Loop() {
				k.LogDensityGrad(g, q)
			}
		})
	}
}
