package zarr

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/bayes-dev/bayes/runfiles"
)

// FromRun writes the chains of an existing run (runfiles.ReadRuns: its
// Stan CSV files or draws.npy) as a store at dir, as bayes sample
// --output-format zarr would have. spec gives LogLik, the data groups and
// Attrs; the shape, names and adaptation come from the chains. A chain
// shorter than the longest (a run stopped early) is padded as Close pads.
func FromRun(dir string, chains []*runfiles.StanCSV, spec Spec) error {
	if len(chains) == 0 {
		return fmt.Errorf("no chains to convert")
	}
	cols := chains[0].Columns
	stats := make([]int, len(SamplerColumns)) // where each statistic is in a row
	for i, c := range SamplerColumns {
		stats[i] = slices.Index(cols, c.Stan)
		if stats[i] < 0 {
			return fmt.Errorf("chain 1 has no %s column: not a sampling run", c.Stan)
		}
	}
	var outs []int // the output columns
	spec.Names = nil
	for j, c := range cols {
		if !strings.HasSuffix(c, "__") {
			outs = append(outs, j)
			spec.Names = append(spec.Names, runfiles.StanName(c))
		}
	}
	spec.Chains, spec.Draws, spec.WarmupDraws = len(chains), 0, 0
	for i, ch := range chains {
		if !slices.Equal(ch.Columns, cols) {
			return fmt.Errorf("chain %d has other columns than chain 1", i+1)
		}
		spec.Draws = max(spec.Draws, len(ch.Draws))
		spec.WarmupDraws = max(spec.WarmupDraws, len(ch.Warmup))
		if a := ch.Adaptation; a != nil && spec.MetricSize == 0 {
			spec.MetricSize, spec.Dense = len(a.InvMetric), a.Dense
			if a.Dense {
				spec.MetricSize = int(math.Round(math.Sqrt(float64(len(a.InvMetric)))))
			}
		}
	}
	if id, err := strconv.Atoi(chains[0].Settings["id"]); err == nil && id > 0 {
		spec.ChainOffset = id - 1
	}
	s, err := Create(dir, spec)
	if err != nil {
		return err
	}
	row := make([]float64, len(stats)+len(outs))
	fill := func(r []float64) []float64 {
		for i, j := range stats {
			row[i] = r[j]
		}
		for i, j := range outs {
			row[len(stats)+i] = r[j]
		}
		return row
	}
	for c, ch := range chains {
		for d, r := range ch.Warmup {
			if err := s.WriteWarmupDraw(c, d, fill(r)); err != nil {
				return err
			}
		}
		for d, r := range ch.Draws {
			if err := s.WriteDraw(c, d, fill(r)); err != nil {
				return err
			}
		}
		if a := ch.Adaptation; a != nil {
			s.SetAdaptation(c, a.Stepsize, a.InvMetric)
		}
	}
	return s.Close()
}
