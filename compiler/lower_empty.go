package compiler

import "github.com/bayes-dev/bayes/lang"

// Empty containers. A data matrix or vector may have no rows (a
// regression on N = 0 observations, as Stan allows); the IR has no empty
// arrays, so a value with no elements is lowered as a known one: it has
// nothing that could depend on parameters. A product whose inner size is 0
// is known too: each of its elements is the empty sum, 0.

// emptyVal is a known value of shape dims with no elements.
func emptyVal(dims []int, kind lang.Kind) *val {
	return &val{dims: dims, kind: kind, known: []float64{}}
}

// emptyProduct is x * y (neither a scalar) when the result or the inner
// size is 0, known; else nil.
func emptyProduct(x, y *val) *val {
	if x.size() != 0 && y.size() != 0 {
		return nil
	}
	xd, yd := x.dims, y.dims
	switch {
	case x.kind == lang.KindRowVector && y.kind == lang.KindVector:
		return knownScalar(0, false)
	case x.kind == lang.KindMatrix && y.kind == lang.KindVector:
		return &val{dims: []int{xd[0]}, kind: lang.KindVector, known: make([]float64, xd[0])}
	case x.kind == lang.KindRowVector && y.kind == lang.KindMatrix:
		return &val{dims: []int{yd[1]}, kind: lang.KindRowVector, known: make([]float64, yd[1])}
	case x.kind == lang.KindMatrix && y.kind == lang.KindMatrix:
		return &val{dims: []int{xd[0], yd[1]}, kind: lang.KindMatrix, known: make([]float64, xd[0]*yd[1])}
	case x.kind == lang.KindVector && y.kind == lang.KindRowVector:
		return emptyVal([]int{xd[0], yd[0]}, lang.KindMatrix)
	}
	return nil
}
