package diagnostics

import (
	"fmt"
	"testing"
)

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

// BenchmarkSummarizeManyChains is the summary of a GPU-sized run: 10,000
// chains of 500 draws of 4 quantities (AR(1), fixed seeds), the shape where
// the passes over all draws, not the per-chain work, dominate.
func BenchmarkSummarizeManyChains(b *testing.B) {
	cols := make([]Column, 4)
	for k := range cols {
		cols[k] = Column{Name: fmt.Sprintf("q[%d]", k+1), Draws: ar1(uint64(3000+k), 10000, 500, 0.2*float64(k))}
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Summarize(cols); err != nil {
			b.Fatal(err)
		}
	}
}
