package fit

import (
	"sync"

	"github.com/bayes-dev/bayes/sampler"
)

// DrawWriter is a further output of a run (a Zarr store: package zarr),
// told of each draw as it is made. A row is the sampler statistics in
// runfiles.SamplerColumns order, then the output values (Names, then
// GQNames). Calls for different chains may be concurrent; one chain's
// draws come in order, numbered from 0 among its sampling draws (warmup
// draws, with CSV.SaveWarmup, among its warmup draws).
type DrawWriter interface {
	WriteDraw(chain, draw int, row []float64) error
	WriteWarmupDraw(chain, draw int, row []float64) error
	SetAdaptation(chain int, stepsize float64, invMetric []float64)
	// Close is called once, when sampling has ended or stopped early.
	Close() error
}

// writerState is a run's per-chain state for Options.Writer.
type writerState struct {
	once   sync.Once   // makes rows and warmup: chains start concurrently
	rows   [][]float64 // per chain: the row being built
	warmup []int       // per chain: warmup draws written
}

// writerRow fills co's row buffer with s and co.out.
func (r *run) writerRow(co *chainOutput, s sampler.Stats) []float64 {
	r.writer.once.Do(func() {
		r.writer.rows = make([][]float64, len(r.chains))
		r.writer.warmup = make([]int, len(r.chains))
	})
	row := append(r.writer.rows[co.index][:0], s.LP, s.AcceptStat, s.Stepsize,
		float64(s.Treedepth), float64(s.NLeapfrog), bit(s.Divergent), s.Energy)
	row = append(row, co.out...)
	r.writer.rows[co.index] = row
	return row
}

// writeDraw gives co's kept sampling draw to the writer, if any.
func (r *run) writeDraw(co *chainOutput, s sampler.Stats) error {
	if r.opts.Writer == nil {
		return nil
	}
	return r.setWriteErr(r.opts.Writer.WriteDraw(co.index, len(co.stats), r.writerRow(co, s)))
}

// writeWarmupDraw gives co's warmup draw to the writer, if any (with
// CSV.SaveWarmup; its generated quantities are as in the CSV files).
func (r *run) writeWarmupDraw(co *chainOutput, s sampler.Stats) error {
	if r.opts.Writer == nil {
		return nil
	}
	row := r.writerRow(co, s)
	n := r.writer.warmup[co.index]
	r.writer.warmup[co.index]++
	return r.setWriteErr(r.opts.Writer.WriteWarmupDraw(co.index, n, row))
}

func (r *run) setWriteErr(err error) error {
	if err != nil {
		r.mu.Lock()
		r.writeErr = err
		r.mu.Unlock()
	}
	return err
}
