package compiler

import (
	"math/rand/v2"
	"testing"
)

// Benchmarks (never timed tests, STYLE "Benchmarks"): each model's compiled
// gradient beside the hand-written Go gradient of the same log density, in
// the same run. Targets (DESIGN §9): within 1.5x of hand-written on the large
// models, 3x on eight schools, 0 allocs; building and compiling the
// N = 100 000 model under 0.5 s.

func benchModels() []model {
	return []model{
		eightSchools(true),
		eightSchools(false),
		logisticRegression(10000, 20),
		varyingIntercept(100000, 100),
	}
}

func benchPoint(dim int) []float64 {
	rng := rand.New(rand.NewPCG(3, 3))
	q := make([]float64, dim)
	for i := range q {
		q[i] = rng.Float64() - 0.5
	}
	return q
}

func BenchmarkGradient(b *testing.B) {
	for _, m := range benchModels() {
		q := benchPoint(m.dim)
		grad := make([]float64, m.dim)
		b.Run(m.name+"/kernel", func(b *testing.B) {
			k, _ := compileModel(b, m)
			b.ReportAllocs()
			for b.Loop() {
				k.LogDensityGrad(grad, q)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N), "ns/gradient")
		})
		b.Run(m.name+"/fullpass", func(b *testing.B) {
			_, p := compileModel(b, m)
			k := compile(p, compileOpts{block: maxLen(p), families: true}) // one full pass per op
			b.ReportAllocs()
			for b.Loop() {
				k.LogDensityGrad(grad, q)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N), "ns/gradient")
		})
		b.Run(m.name+"/nofamilies", func(b *testing.B) {
			_, p := compileModel(b, m)
			k := compile(p, compileOpts{block: BlockSize}) // one instruction per node
			b.ReportAllocs()
			for b.Loop() {
				k.LogDensityGrad(grad, q)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N), "ns/gradient")
		})
		b.Run(m.name+"/hand", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				m.hand(grad, q)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N), "ns/gradient")
		})
	}
}

// BenchmarkBuildCompile times building, differentiating, optimising and
// compiling the N = 100 000 varying-intercept model (data simulation excluded).
func BenchmarkBuildCompile(b *testing.B) {
	m := varyingIntercept(100000, 100)
	b.ReportAllocs()
	for b.Loop() {
		compileModel(b, m)
	}
}
