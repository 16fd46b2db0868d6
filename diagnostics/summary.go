package diagnostics

import (
	"fmt"
	"math"
	"runtime"
	"sync"
)

// Column is the draws of one scalar quantity, named with its Stan name
// (1-based indices: "theta[1]"), indexed [chain][iteration].
type Column struct {
	Name  string
	Draws [][]float64
}

// VarSummary holds the summary statistics of one scalar quantity. Mean, SD
// (denominator n-1), Median, Q5 and Q95 (type-7 quantiles) are over the
// draws pooled across chains; the rest are as the functions of the same
// names. Undefined values are NaN.
type VarSummary struct {
	Name     string
	Mean     float64
	SD       float64
	Median   float64
	Q5       float64
	Q95      float64
	ESSBulk  float64
	ESSTail  float64
	Rhat     float64
	MCSEMean float64
	MCSESD   float64
}

// Summary is the summary of every column, in the order given.
type Summary []VarSummary

// Lookup returns the summary of the named quantity.
func (s Summary) Lookup(name string) (VarSummary, bool) {
	for _, v := range s {
		if v.Name == name {
			return v, true
		}
	}
	return VarSummary{}, false
}

// Summarize computes the summary of every column, columns in parallel on
// all cores (each column's numbers do not depend on how many run at once).
// It returns an error naming the column when a column has no draws or
// chains of unequal length (as when merging runs of different lengths).
func Summarize(cols []Column) (Summary, error) {
	for _, col := range cols {
		if err := checkColumn(col); err != nil {
			return nil, err
		}
	}
	return summarizeEach(len(cols), 1, func(i, _ int, _ *workspace) []Column { return cols[i : i+1] }), nil
}

// summarizeEach summarises k columns, which must pass checkColumn, in
// parallel on all cores, taking them group columns at a time (the last
// group may be smaller): columns(i, g, w) returns columns i..i+g-1. It may
// build them in the storage of the workspace it is given (they are
// summarised before the workspace builds the next group).
func summarizeEach(k, group int, columns func(i, g int, w *workspace) []Column) Summary {
	out := make(Summary, k)
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), (k+group-1)/group) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w := getWorkspace()
			defer putWorkspace(w)
			for i := range next {
				for j, col := range columns(i, min(group, k-i), w) {
					out[i+j] = w.summarize(col)
				}
			}
		}()
	}
	for i := 0; i < k; i += group {
		next <- i
	}
	close(next)
	wg.Wait()
	return out
}

func checkColumn(col Column) error {
	if len(col.Draws) == 0 || len(col.Draws[0]) == 0 {
		return fmt.Errorf("diagnostics: %s has no draws", col.Name)
	}
	for c, d := range col.Draws {
		if len(d) != len(col.Draws[0]) {
			return fmt.Errorf("diagnostics: %s: chain %d has %d draws but chain 1 has %d; all chains must have the same length",
				col.Name, c+1, len(d), len(col.Draws[0]))
		}
	}
	return nil
}

// summarize ranks the split chains once and shares the ranks between bulk
// ESS, bulk R-hat and (merged into the order of the folded draws) tail
// R-hat; their sorted values are the pooled sorted draws when no middle
// draw is dropped, giving the median, quantiles and tail ESS; the raw split
// chains give the MCSE of the mean.
//
// The split chains are read in place, chain by chain (series), never
// copied: with thousands of chains every pass over the draws is a pass
// through memory, and the statistics differ only in how many such passes
// they make.
func (w *workspace) summarize(col Column) VarSummary {
	d := col.Draws
	split := splitSeries(seriesSplit, d, 0)
	m, n := split.m, split.n
	ranked := w.rankSeries(&split)
	sorted := w.sv // read only from here on
	if !ranked || m*n != len(d)*len(d[0]) {
		w.sorted = pooledSorted(w.sorted, d)
		sorted = w.sorted
	}
	median := medianSorted(sorted)
	mean := poolMean(d)
	sd := poolSDAbout(d, mean)
	s := VarSummary{
		Name:     col.Name,
		Mean:     mean,
		SD:       sd,
		Median:   median,
		Q5:       quantileSorted(sorted, 0.05),
		Q95:      quantileSorted(sorted, 0.95),
		ESSBulk:  math.NaN(),
		Rhat:     math.NaN(),
		MCSEMean: sd / math.Sqrt(w.essOf(split)),
	}
	if ranked {
		z := w.zSeries(m, n)
		s.ESSBulk = w.essOf(z)
		s.Rhat = w.rhatFolded(m, n, median, w.rhatCore(z))
	}
	s.ESSTail = w.essTail(d, sorted)
	s.MCSESD = w.mcseSD(d, mean)
	return s
}
