package diagnostics

import "testing"

// The size of the reference problem: 8 chains x 5000 draws.
func benchDraws() [][]float64 { return ar1(2024, 8, 5000, 0.5) }

func BenchmarkRhat(b *testing.B) {
	d := benchDraws()
	b.ReportAllocs()
	for b.Loop() {
		Rhat(d)
	}
}

func BenchmarkESSBulk(b *testing.B) {
	d := benchDraws()
	b.ReportAllocs()
	for b.Loop() {
		ESSBulk(d)
	}
}

func BenchmarkESSTail(b *testing.B) {
	d := benchDraws()
	b.ReportAllocs()
	for b.Loop() {
		ESSTail(d)
	}
}

// BenchmarkSummarize is every statistic of one parameter, as the summary
// table computes them.
func BenchmarkSummarize(b *testing.B) {
	cols := []Column{{Name: "mu", Draws: benchDraws()}}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Summarize(cols); err != nil {
			b.Fatal(err)
		}
	}
}
