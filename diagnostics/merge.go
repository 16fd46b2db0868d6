package diagnostics

import (
	"fmt"
	"runtime"
	"slices"
	"strings"

	"github.com/bayes-dev/bayes/runfiles"
)

// Columns turns Stan CSV files, one per chain, into the named columns
// Summarize takes: one Column per model quantity (sampler columns, whose
// names end in "__", are left out), named with Stan names ("theta[1]"),
// holding each file's post-warmup draws as one chain. This is how runs of
// several processes or machines are merged (DESIGN.md section 11). The files
// must have the same columns in the same order and the same number of
// draws; the error names the first file that differs. names[i] names
// chains[i] in errors (a path).
//
// The draws of all columns share one allocation, filled chain by chain,
// each row read once: reading one column at a time through all rows reads
// every row once per column, which with tens of thousands of chains was
// most of the time of a summary outside the statistics.
func Columns(names []string, chains []*runfiles.StanCSV) ([]Column, error) {
	quantities, from, err := mergeable(names, chains)
	if err != nil {
		return nil, err
	}
	n := len(chains[0].Draws)
	all := make([]float64, len(from)*len(chains)*n)
	cols := make([]Column, len(from))
	for k := range cols {
		cols[k] = Column{Name: quantities[k], Draws: make([][]float64, len(chains))}
		for c := range chains {
			at := (k*len(chains) + c) * n
			cols[k].Draws[c] = all[at : at+n : at+n]
		}
	}
	for c, chain := range chains {
		for i, row := range chain.Draws {
			for k, j := range from {
				cols[k].Draws[c][i] = row[j]
			}
		}
	}
	return cols, nil
}

// mergeable checks that chains can be merged as Columns merges them and
// returns the Stan name of each model quantity and its column in the files.
func mergeable(names []string, chains []*runfiles.StanCSV) (quantities []string, from []int, err error) {
	if len(chains) == 0 {
		return nil, nil, fmt.Errorf("no Stan CSV files to summarise")
	}
	first := chains[0]
	for k, c := range chains[1:] {
		if !slices.Equal(c.Columns, first.Columns) {
			return nil, nil, fmt.Errorf("%s: columns differ from those of %s", names[k+1], names[0])
		}
		if len(c.Draws) != len(first.Draws) {
			return nil, nil, fmt.Errorf("%s: %d draws, but %s has %d; chains must have the same number of draws",
				names[k+1], len(c.Draws), names[0], len(first.Draws))
		}
	}
	for j, name := range first.Columns {
		if !strings.HasSuffix(name, "__") {
			quantities = append(quantities, runfiles.StanName(name))
			from = append(from, j)
		}
	}
	return quantities, from, nil
}

// summarizeStanCSV is Summarize(Columns(names, chains)) without the
// columns: each worker copies the few columns it summarises next out of the
// rows into storage it reuses (w.cols), so that the summary of a run of
// tens of thousands of chains does not first write a copy of all its draws
// — new memory, each page of which costs a page fault, more than the copy.
// A copy reads a cache line of every row, whichever columns it takes, so
// it takes up to maxCopied columns at once (fewer when the workers would
// otherwise get unequal shares).
func summarizeStanCSV(names []string, chains []*runfiles.StanCSV) (Summary, error) {
	quantities, from, err := mergeable(names, chains)
	if err != nil {
		return nil, err
	}
	n := len(chains[0].Draws)
	if n == 0 && len(from) > 0 {
		return nil, checkColumn(Column{Name: quantities[0], Draws: make([][]float64, len(chains))})
	}
	group := max(1, min(maxCopied, len(from)/(2*runtime.GOMAXPROCS(0))))
	return summarizeEach(len(from), group, func(first, g int, w *workspace) []Column {
		w.colData = grow(w.colData, g*len(chains)*n)
		w.cols = grow(w.cols, g)
		for k := range w.cols {
			w.cols[k] = Column{Name: quantities[first+k], Draws: grow(w.cols[k].Draws, len(chains))}
			for c := range chains {
				at := (k*len(chains) + c) * n
				w.cols[k].Draws[c] = w.colData[at : at+n : at+n]
			}
		}
		for c, chain := range chains {
			for i, row := range chain.Draws {
				for k, j := range from[first : first+g] {
					w.cols[k].Draws[c][i] = row[j]
				}
			}
		}
		return w.cols
	}), nil
}

// maxCopied is the most columns summarizeStanCSV copies at once: each
// costs 8 bytes per draw of storage per worker.
const maxCopied = 3
