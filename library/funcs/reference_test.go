package library

import (
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"
)

// The reference rows of the plain functions that only move elements
// (slices, concatenations, repetitions, conversions) and of
// quad_form_diag; reference_math_test.go and reference_matrix_test.go add
// the others' to funcReferences.

// denseOf sees a tensor of shape s as a gonum matrix (a real 1 x 1, a
// vector a column, a row vector a row).
func denseOf(t Tensor, s shape) *mat.Dense {
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
func asShape(m mat.Matrix, s shape) Tensor {
	t := denseT(m)
	if s != shapeMatrix {
		t.Dims = t.Dims[:1]
		t.Dims[0] = len(t.X)
	}
	return t
}

// colMajor is a matrix's elements read column-major: its transpose's
// row-major, by gonum.
func colMajor(t Tensor) []float64 {
	return mat.DenseCopyOf(mat.NewDense(t.Dims[0], t.Dims[1], append([]float64(nil), t.X...)).T()).RawMatrix().Data
}

// sliceCase draws an argument of head, tail or segment for the overload o
// (a vector, a row vector, an array of vectors) and its outer size.
func sliceCase(r *rand.Rand) (int, Tensor, int) {
	o, n := r.IntN(3), 3+r.IntN(3)
	if o == 2 {
		return o, randT(r, n, 2), n
	}
	return o, randT(r, n), n
}

// outerRange is entries [from, to) of t's outer dimension, as a slice.
func outerRange(t Tensor, from, to int) Tensor {
	inner := numElems(t.Dims[1:])
	return Tensor{Dims: append([]int{to - from}, t.Dims[1:]...), X: t.X[from*inner : to*inner]}
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
func appendCase(r *rand.Rand, s [3]shape, rows bool) []Tensor {
	k := 2 + r.IntN(2)
	one := func(sh shape) Tensor {
		other := 1 + r.IntN(3)
		switch sh {
		case shapeScalar:
			return Scalar(randVec(r, 1).X[0])
		case shapeVector:
			if rows {
				return randT(r, other) // a column: stacked rows need 1 column
			}
			return randT(r, k)
		case shapeRowVector:
			if rows {
				return randT(r, k)
			}
			return randT(r, other)
		}
		if rows {
			return randT(r, other, k)
		}
		return randT(r, k, other)
	}
	return []Tensor{one(s[0]), one(s[1])}
}

var funcReferences = map[string]funcReference{
	"head": {src: "a slice of the elements",
		cases: func(r *rand.Rand) (int, []Tensor) {
			o, x, n := sliceCase(r)
			return o, []Tensor{x, Scalar(float64(r.IntN(n + 1)))}
		},
		value: func(_ int, a []Tensor) Tensor { return outerRange(a[0], 0, int(a[1].X[0])) }},
	"tail": {src: "a slice of the elements",
		cases: func(r *rand.Rand) (int, []Tensor) {
			o, x, n := sliceCase(r)
			return o, []Tensor{x, Scalar(float64(r.IntN(n + 1)))}
		},
		value: func(_ int, a []Tensor) Tensor {
			return outerRange(a[0], a[0].Dims[0]-int(a[1].X[0]), a[0].Dims[0])
		}},
	"segment": {src: "a slice of the elements",
		cases: func(r *rand.Rand) (int, []Tensor) {
			o, x, n := sliceCase(r)
			i := 1 + r.IntN(n)
			return o, []Tensor{x, Scalar(float64(i)), Scalar(float64(r.IntN(n - i + 2)))}
		},
		value: func(_ int, a []Tensor) Tensor {
			i, n := int(a[1].X[0]), int(a[2].X[0])
			return outerRange(a[0], i-1, i-1+n)
		}},
	"append_row": {src: "gonum mat.Dense.Stack",
		cases: func(r *rand.Rand) (int, []Tensor) {
			o := r.IntN(len(appendRowShapes))
			return o, appendCase(r, appendRowShapes[o], true)
		},
		value: func(o int, a []Tensor) Tensor {
			s := appendRowShapes[o]
			var m mat.Dense
			m.Stack(denseOf(a[0], s[0]), denseOf(a[1], s[1]))
			return asShape(&m, s[2])
		}},
	"append_col": {src: "gonum mat.Dense.Augment",
		cases: func(r *rand.Rand) (int, []Tensor) {
			o := r.IntN(len(appendColShapes))
			return o, appendCase(r, appendColShapes[o], false)
		},
		value: func(o int, a []Tensor) Tensor {
			s := appendColShapes[o]
			var m mat.Dense
			m.Augment(denseOf(a[0], s[0]), denseOf(a[1], s[1]))
			return asShape(&m, s[2])
		}},
	"rep_matrix": {src: "loops over the result",
		cases: func(r *rand.Rand) (int, []Tensor) {
			m, n := 1+r.IntN(3), 1+r.IntN(3)
			switch o := r.IntN(3); o {
			case 0:
				return o, []Tensor{Scalar(randVec(r, 1).X[0]), Scalar(float64(m)), Scalar(float64(n))}
			default:
				return o, []Tensor{randT(r, m), Scalar(float64(n))}
			}
		},
		value: func(o int, a []Tensor) Tensor {
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
			return denseT(m)
		}},
	"to_matrix": {src: "gonum transposes (column-major)",
		cases: func(r *rand.Rand) (int, []Tensor) {
			m, n := 1+r.IntN(3), 1+r.IntN(3)
			switch o := r.IntN(9); o {
			case 0:
				return o, []Tensor{randT(r, m, n)}
			case 1, 2:
				return o, []Tensor{randT(r, m)}
			case 3:
				return o, []Tensor{randT(r, n, m), Scalar(float64(m)), Scalar(float64(n))}
			case 4, 5, 6:
				return o, []Tensor{randT(r, m*n), Scalar(float64(m)), Scalar(float64(n))}
			default:
				return o, []Tensor{randT(r, m, n)}
			}
		},
		value: func(o int, a []Tensor) Tensor {
			x := a[0]
			switch o {
			case 0, 7, 8:
				return Tensor{Dims: x.Dims[:2], X: x.X}
			case 1:
				return Tensor{Dims: []int{len(x.X), 1}, X: x.X}
			case 2:
				return Tensor{Dims: []int{1, len(x.X)}, X: x.X}
			}
			xs := x.X
			if o == 3 {
				xs = colMajor(x)
			}
			m, n := int(a[1].X[0]), int(a[2].X[0])
			// column-major fill: the transpose of the n x m matrix of xs
			return denseT(mat.NewDense(n, m, append([]float64(nil), xs...)).T())
		}},
	"to_row_vector": {src: "gonum transposes (column-major)",
		cases: func(r *rand.Rand) (int, []Tensor) {
			if o := r.IntN(5); o != 2 {
				return o, []Tensor{randT(r, 1+r.IntN(4))}
			}
			return 2, []Tensor{randT(r, 1+r.IntN(3), 1+r.IntN(3))}
		},
		value: func(o int, a []Tensor) Tensor {
			if o == 2 {
				return vec(colMajor(a[0])...)
			}
			return vec(a[0].X...)
		}},
	"to_array_1d": {src: "gonum transposes (column-major)",
		cases: func(r *rand.Rand) (int, []Tensor) {
			switch o := r.IntN(4); o {
			case 2:
				return o, []Tensor{randT(r, 1+r.IntN(3), 1+r.IntN(3))}
			case 3: // an array of matrices: row-major throughout
				return o, []Tensor{randT(r, 2, 2, 3)}
			default:
				return o, []Tensor{randT(r, 1+r.IntN(4))}
			}
		},
		value: func(o int, a []Tensor) Tensor {
			if o == 2 {
				return vec(colMajor(a[0])...)
			}
			return vec(a[0].X...)
		}},
}

// copies is n copies of t's elements after dims.
func copies(t Tensor, dims ...int) Tensor {
	out := Tensor{Dims: append(append([]int(nil), dims...), t.Dims...)}
	for range numElems(dims) {
		out.X = append(out.X, t.X...)
	}
	return out
}

func init() {
	for _, name := range []string{"rep_vector", "rep_row_vector"} {
		funcReferences[name] = funcReference{src: "n copies",
			cases: func(r *rand.Rand) (int, []Tensor) {
				return 0, []Tensor{Scalar(randVec(r, 1).X[0]), Scalar(float64(r.IntN(5)))}
			},
			value: func(_ int, a []Tensor) Tensor { return copies(a[0], int(a[1].X[0])) },
			bad:   []badCall{{args: []Tensor{Scalar(1), Scalar(-1)}, want: name + ": a size must not be negative; found -1"}}}
	}
	funcReferences["rep_array"] = funcReference{src: "copies over the given dimensions",
		cases: func(r *rand.Rand) (int, []Tensor) {
			o := r.IntN(3)
			a := []Tensor{randT(r, randShape(r)...)}
			for range o + 1 {
				a = append(a, Scalar(float64(1+r.IntN(3))))
			}
			return o, a
		},
		value: func(_ int, a []Tensor) Tensor {
			var dims []int
			for _, n := range a[1:] {
				dims = append(dims, int(n.X[0]))
			}
			return copies(a[0], dims...)
		}}
	funcReferences["to_vector"] = funcReference{src: "gonum transposes (column-major)",
		cases: func(r *rand.Rand) (int, []Tensor) {
			if o := r.IntN(5); o != 2 {
				return o, []Tensor{randT(r, 1+r.IntN(4))}
			}
			return 2, []Tensor{randT(r, 1+r.IntN(3), 1+r.IntN(3))}
		},
		value: func(o int, a []Tensor) Tensor {
			if o == 2 {
				return vec(colMajor(a[0])...)
			}
			return vec(a[0].X...)
		}}
	// the size functions' overloads: an array (of vectors), a vector, a
	// row vector, a matrix; want is the value of each, from the shape
	sizeFunc := func(want func(o int, d []int) int) funcReference {
		return funcReference{src: "the argument's shape",
			cases: func(r *rand.Rand) (int, []Tensor) {
				switch o := r.IntN(4); o {
				case 0:
					return o, []Tensor{randT(r, 1+r.IntN(3), 1+r.IntN(3))}
				case 3:
					return o, []Tensor{randT(r, 1+r.IntN(3), 1+r.IntN(3))}
				default:
					return o, []Tensor{randT(r, 1+r.IntN(4))}
				}
			},
			value: func(o int, a []Tensor) Tensor { return Scalar(float64(want(o, a[0].Dims))) }}
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
	rowsCols := func(want func(o int, d []int) int) funcReference {
		return funcReference{src: "the argument's shape",
			cases: func(r *rand.Rand) (int, []Tensor) {
				if o := r.IntN(3); o < 2 {
					return o, []Tensor{randT(r, 1+r.IntN(4))}
				}
				return 2, []Tensor{randT(r, 1+r.IntN(3), 1+r.IntN(3))}
			},
			value: func(o int, a []Tensor) Tensor { return Scalar(float64(want(o, a[0].Dims))) }}
	}
	funcReferences["rows"] = rowsCols(func(o int, d []int) int { return [...]int{d[0], 1, d[0]}[o] })
	funcReferences["cols"] = rowsCols(func(o int, d []int) int { return [...]int{1, d[0], d[len(d)-1]}[o] })
}
