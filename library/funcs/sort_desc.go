package funcs

import (
	"github.com/bayes-dev/bayes/library"
)

// sort_desc(v) is v's elements in descending order (Stan Functions
// Reference, "Sorting functions"; sorted, sort.go).
var sortDesc = &library.Func{
	Name:      "sort_desc",
	Doc:       "the elements of v in descending order",
	Overloads: sortOverloads,
	Sizes:     library.Independent(library.OneArg),
	Value:     func(o library.Tensors, a []library.Value) library.Value { return sorted(o, "sort_desc", a[0], false) },
}

func init() { registerFunc(sortDesc) }
