package funcs

import (
	"github.com/bayes-dev/bayes/library"
)

// sort_indices_asc(v) is the positions of v's elements in ascending
// order of their values, ties in order (Stan Functions Reference, "Sorting
// functions"); v must be data (sortedIndices, sort.go).
var sortIndicesAsc = &library.Func{
	Name:      "sort_indices_asc",
	Doc:       "the indices that sort v in ascending order",
	Overloads: returningInts(sortOverloads),
	Sizes:     library.Independent(library.OneArg),
	DataOnly:  indicesData,
	Value: func(o library.Tensors, a []library.Value) library.Value {
		return o.FromKnown(o.Dims(a[0]), sortedIndices(o, "sort_indices_asc", a[0], true))
	},
}

func init() { registerFunc(sortIndicesAsc) }
