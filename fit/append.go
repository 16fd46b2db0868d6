package fit

import (
	"encoding"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/bayes-dev/bayes/runfiles"
	"github.com/bayes-dev/bayes/sampler"
)

// This file continues a finished run (Options.Append): each chain's draws
// so far are read back from its files, kept in the Result as if this run
// had made them, and the new draws follow them in the same files.

// appendCSV opens co's finished Stan CSV file at path for its new rows
// and keeps the draws it holds.
func (co *chainOutput) appendCSV(path string, opts Options) error {
	w, f, prev, err := runfiles.AppendStanCSV(path, opts.CSV.NumSamples)
	if err != nil {
		return err
	}
	co.file, co.csv = f, w
	co.warmup = seconds(prev.WarmupSeconds)
	co.prevSampling = seconds(prev.SamplingSeconds)
	return co.keepPrevious(opts, path, prev)
}

func seconds(s float64) time.Duration {
	if math.IsNaN(s) {
		return 0
	}
	return time.Duration(s * float64(time.Second))
}

// readPrevNPY reads the draws.npy of the run Append continues.
func readPrevNPY(opts Options, chains int) ([]*runfiles.StanCSV, error) {
	prev, err := runfiles.ReadNPYRun(opts.OutputDir)
	if err != nil {
		return nil, fmt.Errorf("cannot continue the draws: %w", err)
	}
	if len(prev) != chains {
		return nil, fmt.Errorf("cannot continue the draws: %s has %d chains, the run %d", opts.OutputDir, len(prev), chains)
	}
	return prev, nil
}

// appendOutputs sets each chain up to continue: its adaptation and
// generator restored and, for the NPY file, its old rows written again
// at the start of the new, longer draws.npy (CSV files were read by
// appendCSV).
func (r *run) appendOutputs(prevNPY []*runfiles.StanCSV) error {
	cfg := r.opts.Sampler
	for c, co := range r.chains {
		st := cfg.Resume[c]
		if cfg.Warmup > 0 {
			co.adapted = &sampler.Adaptation{Stepsize: st.Stepsize, Metric: st.Metric, InvMetric: slices.Clone(st.InvMetric), LowRank: slices.Clone(st.LowRank)}
		}
		if u, ok := co.gen.(encoding.BinaryUnmarshaler); ok {
			if c >= len(r.opts.GeneratedStates) || r.opts.GeneratedStates[c] == nil {
				return fmt.Errorf("chain %d: the saved state lacks the generated quantities' random stream", cfg.ChainOffset+c+1)
			}
			if err := u.UnmarshalBinary(r.opts.GeneratedStates[c]); err != nil {
				return fmt.Errorf("chain %d: the generated quantities' random stream: %w", cfg.ChainOffset+c+1, err)
			}
		}
		if prevNPY == nil {
			continue
		}
		prev := prevNPY[c]
		if err := co.keepPrevious(r.opts, r.npy.Path(), prev); err != nil {
			return err
		}
		if a := prev.Adaptation; a != nil {
			r.npy.SetAdaptation(c, a.Stepsize, a.InvMetric)
		}
		var rows []float64
		for _, row := range append(slices.Clip(prev.Warmup), prev.Draws...) {
			rows = append(rows, row...)
		}
		if err := r.npy.WriteRows(c, 0, rows); err != nil {
			return err
		}
		co.npyNext = len(prev.Warmup) + len(prev.Draws)
	}
	return nil
}

// keepPrevious checks that prev, chain co's file of the run continued,
// holds the draws its saved state counts, and keeps its sampling draws.
func (co *chainOutput) keepPrevious(opts Options, path string, prev *runfiles.StanCSV) error {
	cfg := opts.Sampler
	id := cfg.ChainOffset + co.index + 1
	names := append(append([]string(nil), opts.Names...), opts.GQNames...)
	want := append(slices.Clone(runfiles.SamplerColumns[:]), names...)
	for i, n := range want {
		want[i] = runfiles.CSVName(n)
	}
	if !slices.Equal(prev.Columns, want) {
		return fmt.Errorf("%s: chain %d's columns are not the model's: the model changed since the run", path, id)
	}
	draws := keptRows(cfg.Resume[co.index].Iterations, cfg.Thin)
	warm := 0
	if opts.CSV.SaveWarmup {
		warm = keptRows(cfg.Warmup, cfg.Thin)
	}
	if len(prev.Draws) != draws || len(prev.Warmup) != warm {
		return fmt.Errorf("%s: chain %d has %d warmup and %d sampling draws; its saved state counts %d and %d",
			path, id, len(prev.Warmup), len(prev.Draws), warm, draws)
	}
	k := len(runfiles.SamplerColumns)
	for _, row := range prev.Draws {
		for v := range co.draws {
			co.draws[v] = append(co.draws[v], row[k+v])
		}
		co.stats = append(co.stats, sampler.Stats{LP: row[0], AcceptStat: row[1], Stepsize: row[2],
			Treedepth: int(row[3]), NLeapfrog: int(row[4]), Divergent: row[5] != 0, Energy: row[6]})
	}
	return nil
}
