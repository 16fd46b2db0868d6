package funcs

import (
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"

	"github.com/bayes-dev/bayes/library"
	"github.com/bayes-dev/bayes/library/librarytest"
)

// The reference rows of the plain functions that only move elements
// (slices, concatenations, repetitions, conversions) and of
// of rows and cols; reference_math_test.go and reference_slices_test.go add
// the others' to funcReferences (library/matrix has its own).

// denseOf sees a tensor of shape s as a gonum matrix (a real 1 x 1, a
// vector a column, a row vector a row).
func denseOf(t library.Tensor, s shape) *mat.Dense {
	switch s {
	case shapeScalar:
		return mat.NewDense(1, 1, []float64{t.X[0]})
	case shapeVector:
		return mat.NewDense(len(t.X), 1, append([]float64(nil), t.X...))
	case shapeRowVector:
		return mat.NewDense(1, len(t.X), append([]float64(nil), t.X...))
	}
	return mat.NewDense(t.Dims[0], t.Dims[1], append([]float64(nil), t.X...))
}

// asShape is the gonum matrix m as a tensor of shape s.
func asShape(m mat.Matrix, s shape) library.Tensor {
	t := librarytest.DenseT(m)
	if s != shapeMatrix {
		t.Dims = t.Dims[:1]
		t.Dims[0] = len(t.X)
	}
	return t
}

// colMajor is a matrix's elements read column-major: its transpose's
// row-major, by gonum.
func colMajor(t library.Tensor) []float64 {
	return mat.DenseCopyOf(mat.NewDense(t.Dims[0], t.Dims[1], append([]float64(nil), t.X...)).T()).RawMatrix().Data
}

// sliceCase draws an argument of head, tail or segment for the overload o
// (a vector, a row vector, an array of vectors) and its outer size.
func sliceCase(r *rand.Rand) (int, library.Tensor, int) {
	o, n := r.IntN(3), 3+r.IntN(3)
	if o == 2 {
		return o, librarytest.RandT(r, n, 2), n
	}
	return o, librarytest.RandT(r, n), n
}

// outerRange is entries [from, to) of t's outer dimension, as a slice.
func outerRange(t library.Tensor, from, to int) library.Tensor {
	inner := library.NumElems(t.Dims[1:])
	return library.Tensor{Dims: append([]int{to - from}, t.Dims[1:]...), X: t.X[from*inner : to*inner]}
}

// the shapes of append_row's and append_col's overloads, in order
var (
	appendRowShapes = [][3]shape{{shapeVector, shapeVector, shapeVector}, {shapeScalar, shapeVector, shapeVector},
		{shapeVector, shapeScalar, shapeVector}, {shapeMatrix, shapeMatrix, shapeMatrix},
		{shapeRowVector, shapeMatrix, shapeMatrix}, {shapeMatrix, shapeRowVector, shapeMatrix},
		{shapeRowVector, shapeRowVector, shapeMatrix}}
	appendColShapes = [][3]shape{{shapeRowVector, shapeRowVector, shapeRowVector}, {shapeScalar, shapeRowVector, shapeRowVector},
		{shapeRowVector, shapeScalar, shapeRowVector}, {shapeMatrix, shapeMatrix, shapeMatrix},
		{shapeVector, shapeMatrix, shapeMatrix}, {shapeMatrix, shapeVector, shapeMatrix},
		{shapeVector, shapeVector, shapeMatrix}}
)

// appendCase draws arguments of the shapes s, whose rows (rows true) or
// columns agree, with shared size k.
func appendCase(r *rand.Rand, s [3]shape, rows bool) []library.Tensor {
	k := 2 + r.IntN(2)
	one := func(sh shape) library.Tensor {
		other := 1 + r.IntN(3)
		switch sh {
		case shapeScalar:
			return library.Scalar(librarytest.RandVec(r, 1).X[0])
		case shapeVector:
			if rows {
				return librarytest.RandT(r, other) // a column: stacked rows need 1 column
			}
			return librarytest.RandT(r, k)
		case shapeRowVector:
			if rows {
				return librarytest.RandT(r, k)
			}
			return librarytest.RandT(r, other)
		}
		if rows {
			return librarytest.RandT(r, other, k)
		}
		return librarytest.RandT(r, k, other)
	}
	return []library.Tensor{one(s[0]), one(s[1])}
}

var funcReferences = map[string]librarytest.FuncReference{
	"head": {Src: "a slice of the elements",
		Cases: func(r *rand.Rand) (int, []library.Tensor) {
			o, x, n := sliceCase(r)
			return o, []library.Tensor{x, library.Scalar(float64(r.IntN(n + 1)))}
		},
		Value: func(_ int, a []library.Tensor) library.Tensor { return outerRange(a[0], 0, int(a[1].X[0])) }},
	"tail": {Src: "a slice of the elements",
		Cases: func(r *rand.Rand) (int, []library.Tensor) {
			o, x, n := sliceCase(r)
			return o, []library.Tensor{x, library.Scalar(float64(r.IntN(n + 1)))}
		},
		Value: func(_ int, a []library.Tensor) library.Tensor {
			return outerRange(a[0], a[0].Dims[0]-int(a[1].X[0]), a[0].Dims[0])
		}},
	"segment": {Src: "a slice of the elements",
		Cases: func(r *rand.Rand) (int, []library.Tensor) {
			o, x, n := sliceCase(r)
			i := 1 + r.IntN(n)
			return o, []library.Tensor{x, library.Scalar(float64(i)), library.Scalar(float64(r.IntN(n - i + 2)))}
		},
		Value: func(_ int, a []library.Tensor) library.Tensor {
			i, n := int(a[1].X[0]), int(a[2].X[0])
			return outerRange(a[0], i-1, i-1+n)
		}},
	"append_row": {Src: "gonum mat.Dense.Stack",
		Cases: func(r *rand.Rand) (int, []library.Tensor) {
			o := r.IntN(len(appendRowShapes))
			return o, appendCase(r, appendRowShapes[o], true)
		},
		Value: func(o int, a []library.Tensor) library.Tensor {
			s := appendRowShapes[o]
			var m mat.Dense
			m.Stack(denseOf(a[0], s[0]), denseOf(a[1], s[1]))
			return asShape(&m, s[2])
		}},
	"append_col": {Src: "gonum mat.Dense.Augment",
		Cases: func(r *rand.Rand) (int, []library.Tensor) {
			o := r.IntN(len(appendColShapes))
			return o, appendCase(r, appendColShapes[o], false)
		},
		Value: func(o int, a []library.Tensor) library.Tensor {
			s := appendColShapes[o]
			var m mat.Dense
			m.Augment(denseOf(a[0], s[0]), denseOf(a[1], s[1]))
			return asShape(&m, s[2])
		}},
	"rep_matrix": {Src: "loops over the result",
		Cases: func(r *rand.Rand) (int, []library.Tensor) {
			m, n := 1+r.IntN(3), 1+r.IntN(3)
			switch o := r.IntN(3); o {
			case 0:
				return o, []library.Tensor{library.Scalar(librarytest.RandVec(r, 1).X[0]), library.Scalar(float64(m)), library.Scalar(float64(n))}
			default:
				return o, []library.Tensor{librarytest.RandT(r, m), library.Scalar(float64(n))}
			}
		},
		Value: func(o int, a []library.Tensor) library.Tensor {
			x := a[0].X
			var rows, cols int
			at := func(i, j int) float64 { return x[0] }
			switch o {
			case 0:
				rows, cols = int(a[1].X[0]), int(a[2].X[0])
			case 1: // each column is the vector
				rows, cols = len(x), int(a[1].X[0])
				at = func(i, _ int) float64 { return x[i] }
			case 2: // each row is the row vector
				rows, cols = int(a[1].X[0]), len(x)
				at = func(_, j int) float64 { return x[j] }
			}
			m := mat.NewDense(rows, cols, nil)
			for i := range rows {
				for j := range cols {
					m.Set(i, j, at(i, j))
				}
			}
			return librarytest.DenseT(m)
		}},
	"to_matrix": {Src: "gonum transposes (column-major)",
		Cases: func(r *rand.Rand) (int, []library.Tensor) {
			m, n := 1+r.IntN(3), 1+r.IntN(3)
			switch o := r.IntN(9); o {
			case 0:
				return o, []library.Tensor{librarytest.RandT(r, m, n)}
			case 1, 2:
				return o, []library.Tensor{librarytest.RandT(r, m)}
			case 3:
				return o, []library.Tensor{librarytest.RandT(r, n, m), library.Scalar(float64(m)), library.Scalar(float64(n))}
			case 4, 5, 6:
				return o, []library.Tensor{librarytest.RandT(r, m*n), library.Scalar(float64(m)), library.Scalar(float64(n))}
			default:
				return o, []library.Tensor{librarytest.RandT(r, m, n)}
			}
		},
		Value: func(o int, a []library.Tensor) library.Tensor {
			x := a[0]
			switch o {
			case 0, 7, 8:
				return library.Tensor{Dims: x.Dims[:2], X: x.X}
			case 1:
				return library.Tensor{Dims: []int{len(x.X), 1}, X: x.X}
			case 2:
				return library.Tensor{Dims: []int{1, len(x.X)}, X: x.X}
			}
			xs := x.X
			if o == 3 {
				xs = colMajor(x)
			}
			m, n := int(a[1].X[0]), int(a[2].X[0])
			// column-major fill: the transpose of the n x m matrix of xs
			return librarytest.DenseT(mat.NewDense(n, m, append([]float64(nil), xs...)).T())
		}},
	"to_row_vector": {Src: "gonum transposes (column-major)",
		Cases: func(r *rand.Rand) (int, []library.Tensor) {
			if o := r.IntN(5); o != 2 {
				return o, []library.Tensor{librarytest.RandT(r, 1+r.IntN(4))}
			}
			return 2, []library.Tensor{librarytest.RandT(r, 1+r.IntN(3), 1+r.IntN(3))}
		},
		Value: func(o int, a []library.Tensor) library.Tensor {
			if o == 2 {
				return librarytest.Vec(colMajor(a[0])...)
			}
			return librarytest.Vec(a[0].X...)
		}},
	"to_array_1d": {Src: "gonum transposes (column-major)",
		Cases: func(r *rand.Rand) (int, []library.Tensor) {
			switch o := r.IntN(4); o {
			case 2:
				return o, []library.Tensor{librarytest.RandT(r, 1+r.IntN(3), 1+r.IntN(3))}
			case 3: // an array of matrices: row-major throughout
				return o, []library.Tensor{librarytest.RandT(r, 2, 2, 3)}
			default:
				return o, []library.Tensor{librarytest.RandT(r, 1+r.IntN(4))}
			}
		},
		Value: func(o int, a []library.Tensor) library.Tensor {
			if o == 2 {
				return librarytest.Vec(colMajor(a[0])...)
			}
			return librarytest.Vec(a[0].X...)
		}},
}

// copies is n copies of t's elements after dims.
func copies(t library.Tensor, dims ...int) library.Tensor {
	out := library.Tensor{Dims: append(append([]int(nil), dims...), t.Dims...)}
	for range library.NumElems(dims) {
		out.X = append(out.X, t.X...)
	}
	return out
}

func init() {
	for _, name := range []string{"rep_vector", "rep_row_vector"} {
		funcReferences[name] = librarytest.FuncReference{Src: "n copies",
			Cases: func(r *rand.Rand) (int, []library.Tensor) {
				return 0, []library.Tensor{library.Scalar(librarytest.RandVec(r, 1).X[0]), library.Scalar(float64(r.IntN(5)))}
			},
			Value: func(_ int, a []library.Tensor) library.Tensor { return copies(a[0], int(a[1].X[0])) },
			Bad:   []librarytest.BadCall{{Args: []library.Tensor{library.Scalar(1), library.Scalar(-1)}, Want: name + ": a size must not be negative; found -1"}}}
	}
	funcReferences["rep_array"] = librarytest.FuncReference{Src: "copies over the given dimensions",
		Cases: func(r *rand.Rand) (int, []library.Tensor) {
			o := r.IntN(3)
			a := []library.Tensor{librarytest.RandT(r, randShape(r)...)}
			for range o + 1 {
				a = append(a, library.Scalar(float64(1+r.IntN(3))))
			}
			return o, a
		},
		Value: func(_ int, a []library.Tensor) library.Tensor {
			var dims []int
			for _, n := range a[1:] {
				dims = append(dims, int(n.X[0]))
			}
			return copies(a[0], dims...)
		}}
	funcReferences["to_vector"] = librarytest.FuncReference{Src: "gonum transposes (column-major)",
		Cases: func(r *rand.Rand) (int, []library.Tensor) {
			if o := r.IntN(5); o != 2 {
				return o, []library.Tensor{librarytest.RandT(r, 1+r.IntN(4))}
			}
			return 2, []library.Tensor{librarytest.RandT(r, 1+r.IntN(3), 1+r.IntN(3))}
		},
		Value: func(o int, a []library.Tensor) library.Tensor {
			if o == 2 {
				return librarytest.Vec(colMajor(a[0])...)
			}
			return librarytest.Vec(a[0].X...)
		}}
	// the size functions' overloads: an array (of vectors), a vector, a
	// row vector, a matrix; want is the value of each, from the shape
	sizeFunc := func(want func(o int, d []int) int) librarytest.FuncReference {
		return librarytest.FuncReference{Src: "the argument's shape",
			Cases: func(r *rand.Rand) (int, []library.Tensor) {
				switch o := r.IntN(4); o {
				case 0:
					return o, []library.Tensor{librarytest.RandT(r, 1+r.IntN(3), 1+r.IntN(3))}
				case 3:
					return o, []library.Tensor{librarytest.RandT(r, 1+r.IntN(3), 1+r.IntN(3))}
				default:
					return o, []library.Tensor{librarytest.RandT(r, 1+r.IntN(4))}
				}
			},
			Value: func(o int, a []library.Tensor) library.Tensor { return library.Scalar(float64(want(o, a[0].Dims))) }}
	}
	funcReferences["size"] = sizeFunc(func(o int, d []int) int {
		if o == 3 {
			return d[0] * d[1]
		}
		return d[0]
	})
	funcReferences["num_elements"] = sizeFunc(func(_ int, d []int) int {
		n := 1
		for _, k := range d {
			n *= k
		}
		return n
	})
	// rows and cols: a vector, a row vector, a matrix
	rowsCols := func(want func(o int, d []int) int) librarytest.FuncReference {
		return librarytest.FuncReference{Src: "the argument's shape",
			Cases: func(r *rand.Rand) (int, []library.Tensor) {
				if o := r.IntN(3); o < 2 {
					return o, []library.Tensor{librarytest.RandT(r, 1+r.IntN(4))}
				}
				return 2, []library.Tensor{librarytest.RandT(r, 1+r.IntN(3), 1+r.IntN(3))}
			},
			Value: func(o int, a []library.Tensor) library.Tensor { return library.Scalar(float64(want(o, a[0].Dims))) }}
	}
	funcReferences["rows"] = rowsCols(func(o int, d []int) int { return [...]int{d[0], 1, d[0]}[o] })
	funcReferences["cols"] = rowsCols(func(o int, d []int) int { return [...]int{1, d[0], d[len(d)-1]}[o] })
}
