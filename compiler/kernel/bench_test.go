package kernel

import (
	"testing"

	"github.com/bayes-dev/bayes/compiler/ir/irtest"
)

// Benchmarks (never timed tests, STYLE "Benchmarks"): each model's compiled
// gradient beside the hand-written Go gradient of the same log density, in
// the same run. Targets: within 1.5x of hand-written on the large
// models, 3x on eight schools, 0 allocs; building and compiling the
// N = 100 000 model under 0.5 s.

func benchModels() []irtest.Model {
	return []irtest.Model{
		irtest.EightSchools(true),
		irtest.EightSchools(false),
		irtest.LogisticRegression(10000, 20),
		irtest.VaryingIntercept(100000, 100),
	}
}

func BenchmarkGradient(b *testing.B) {
	for _, m := range benchModels() {
		q := irtest.Point(m.Dim)
		grad := make([]float64, m.Dim)
		b.Run(m.Name+"/kernel", func(b *testing.B) {
			k, _ := compileModel(b, m)
			b.ReportAllocs()
			for b.Loop() {
				k.LogDensityGrad(grad, q)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N), "ns/gradient")
		})
		b.Run(m.Name+"/fullpass", func(b *testing.B) {
			_, p := compileModel(b, m)
			k := compile(p, compileOpts{block: maxLen(p), families: true}) // one full pass per op
			b.ReportAllocs()
			for b.Loop() {
				k.LogDensityGrad(grad, q)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N), "ns/gradient")
		})
		b.Run(m.Name+"/nofamilies", func(b *testing.B) {
			_, p := compileModel(b, m)
			k := compile(p, compileOpts{block: BlockSize}) // one instruction per node
			b.ReportAllocs()
			for b.Loop() {
				k.LogDensityGrad(grad, q)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N), "ns/gradient")
		})
		b.Run(m.Name+"/hand", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				m.Hand(grad, q)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N), "ns/gradient")
		})
	}
}

// BenchmarkBuildCompile times building, differentiating, optimising and
// compiling the N = 100 000 varying-intercept model (data simulation excluded).
func BenchmarkBuildCompile(b *testing.B) {
	m := irtest.VaryingIntercept(100000, 100)
	b.ReportAllocs()
	for b.Loop() {
		compileModel(b, m)
	}
}
