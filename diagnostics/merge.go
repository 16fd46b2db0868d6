package diagnostics

import (
	"fmt"
	"strings"
)

// Columns turns Stan CSV files, one per chain, into the named columns
// Summarize takes: one Column per model quantity (sampler columns, whose
// names end in "__", are left out), named with Stan names ("theta[1]"),
// holding each file's post-warmup draws as one chain. This is how runs of
// several processes or machines are merged (DESIGN.md section 11). The files
// must have the same columns in the same order and the same number of
// draws; the error names the first file that differs. names[i] names
// chains[i] in errors (a path).
func Columns(names []string, chains []*StanCSV) ([]Column, error) {
	if len(chains) == 0 {
		return nil, fmt.Errorf("no Stan CSV files to summarise")
	}
	first := chains[0]
	for k, c := range chains[1:] {
		if strings.Join(c.Columns, ",") != strings.Join(first.Columns, ",") {
			return nil, fmt.Errorf("%s: columns differ from those of %s", names[k+1], names[0])
		}
		if len(c.Draws) != len(first.Draws) {
			return nil, fmt.Errorf("%s: %d draws, but %s has %d; chains must have the same number of draws",
				names[k+1], len(c.Draws), names[0], len(first.Draws))
		}
	}
	var cols []Column
	for j, name := range first.Columns {
		if strings.HasSuffix(name, "__") {
			continue
		}
		col := Column{Name: StanName(name), Draws: make([][]float64, len(chains))}
		for k, c := range chains {
			d := make([]float64, len(c.Draws))
			for i, row := range c.Draws {
				d[i] = row[j]
			}
			col.Draws[k] = d
		}
		cols = append(cols, col)
	}
	return cols, nil
}

// Divergences counts the post-warmup draws whose divergent__ column is
// nonzero, over all files.
func Divergences(chains []*StanCSV) int {
	n := 0
	for _, c := range chains {
		for j, name := range c.Columns {
			if name != "divergent__" {
				continue
			}
			for _, row := range c.Draws {
				if row[j] != 0 {
					n++
				}
			}
		}
	}
	return n
}
