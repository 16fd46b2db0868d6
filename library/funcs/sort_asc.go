package funcs

import (
	"github.com/bayes-dev/bayes/library"
)

// sort_asc(v) is v's elements in ascending order (Stan Functions
// Reference, "Sorting functions"; sorted, sort.go).
var sortAsc = &library.Func{
	Name:      "sort_asc",
	Doc:       "the elements of v in ascending order",
	Overloads: sortOverloads,
	Sizes:     library.Independent(library.OneArg),
	Value:     func(o library.Tensors, a []library.Value) library.Value { return sorted(o, "sort_asc", a[0], true) },
}

func init() { registerFunc(sortAsc) }
