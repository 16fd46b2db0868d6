package fit

import (
	"testing"

	"github.com/bayes-dev/bayes/sampler"
)

// fakeBlock is a Block of 2 chains, 3 sampling rows each, whose divergent
// rows are given.
type fakeBlock struct {
	divergent [2][3]bool
	grads     int64
}

func (fakeBlock) Iterations() int                { return 1003 }
func (fakeBlock) Warmup() bool                   { return false }
func (fakeBlock) First() int                     { return 0 }
func (fakeBlock) Rows() int                      { return 3 }
func (fakeBlock) Draw(c, r int) []float64        { return nil }
func (b fakeBlock) Stats(c, r int) sampler.Stats { return sampler.Stats{Divergent: b.divergent[c][r]} }
func (fakeBlock) Stepsize(c int) float64         { return 0.1 * float64(c+1) }
func (fakeBlock) InvMetric(c int) []float64      { return nil }
func (fakeBlock) Position(c int) []float64       { return nil }
func (b fakeBlock) Gradients() int64             { return b.grads }

// TestReportBlock: after each block every chain is reported, in lockstep,
// with its step size, its sampling divergences so far (counted over the
// blocks) and the chains' mean gradient count.
func TestReportBlock(t *testing.T) {
	progress := make([]sampler.ChainProgress, 2)
	var got []sampler.ChainProgress
	report := func(p *sampler.ChainProgress) { got = append(got, *p) }
	reportBlock(progress, fakeBlock{divergent: [2][3]bool{{true, false, true}, {}}, grads: 100}, report)
	reportBlock(progress, fakeBlock{divergent: [2][3]bool{{}, {false, true, false}}, grads: 300}, report)
	want := []sampler.ChainProgress{
		{Chain: 0, Done: 1003, Divergences: 2, Stepsize: 0.1, Gradients: 50, Lockstep: true},
		{Chain: 1, Done: 1003, Divergences: 0, Stepsize: 0.2, Gradients: 50, Lockstep: true},
		{Chain: 0, Done: 1003, Divergences: 2, Stepsize: 0.1, Gradients: 150, Lockstep: true},
		{Chain: 1, Done: 1003, Divergences: 1, Stepsize: 0.2, Gradients: 150, Lockstep: true},
	}
	if len(got) != len(want) {
		t.Fatalf("%d reports, want %d", len(got), len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("report %d: %+v, want %+v", i, got[i], want[i])
		}
	}
}
