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
	out := make(Summary, len(cols))
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(cols)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w := getWorkspace()
			defer putWorkspace(w)
			for i := range next {
				out[i] = w.summarize(cols[i])
			}
		}()
	}
	for i := range cols {
		next <- i
	}
	close(next)
	wg.Wait()
	return out, nil
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
func (w *workspace) summarize(col Column) VarSummary {
	d := col.Draws
	var m, n int
	w.x, m, n = splitChains(w.x, d)
	ranked := w.rank(w.x)
	if ranked && len(w.x) == len(d)*len(d[0]) {
		w.sorted = append(w.sorted[:0], w.sv...)
	} else {
		w.sorted = pooledSorted(w.sorted, d)
	}
	median := medianSorted(w.sorted)
	mean, sd := poolMean(d), poolSD(d)
	s := VarSummary{
		Name:     col.Name,
		Mean:     mean,
		SD:       sd,
		Median:   median,
		Q5:       quantileSorted(w.sorted, 0.05),
		Q95:      quantileSorted(w.sorted, 0.95),
		ESSBulk:  math.NaN(),
		Rhat:     math.NaN(),
		MCSEMean: sd / math.Sqrt(w.essCore(w.x, m, n)),
	}
	if ranked {
		w.z = grow(w.z, len(w.x))
		w.zFromOrder(w.z, w.sv, w.si)
		s.ESSBulk = w.essCore(w.z, m, n)
		s.Rhat = w.rhatFolded(m, n, median, w.rhatCore(w.z, m, n))
	}
	s.ESSTail = w.essTail(d, w.sorted)
	s.MCSESD = w.mcseSD(d, mean)
	return s
}
