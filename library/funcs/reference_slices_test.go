package funcs

import (
	"math/rand/v2"

	"github.com/bayes-dev/bayes/library"
	"github.com/bayes-dev/bayes/library/librarytest"
)

// The reference rows of the matrix slices (block, col, row, sub_col,
// sub_row), dims, the exponentiated quadratic kernel and the symmetric
// eigendecomposition.
func init() {
	for name, ref := range map[string]librarytest.FuncReference{
		"block": {Src: "gonum mat.Dense.Slice",
			Cases: func(r *rand.Rand) (int, []library.Tensor) {
				m, b := blockCase(r)
				return 0, append([]library.Tensor{m}, intArgs(b[:]...)...)
			},
			Value: func(_ int, a []library.Tensor) library.Tensor {
				i, j, nr, nc := int(a[1].X[0]), int(a[2].X[0]), int(a[3].X[0]), int(a[4].X[0])
				return gonumSlice(a[0], i-1, j-1, nr, nc)
			},
			Bad: []librarytest.BadCall{
				{Args: append([]library.Tensor{librarytest.Mat2(2, 1, 2, 3, 4)}, intArgs(2, 1, 2, 1)...), Want: "block: rows 2 to 3 and columns 1 to 1 are out of range: the matrix is 2 x 2"},
				{Args: append([]library.Tensor{librarytest.Mat2(2, 1, 2, 3, 4)}, intArgs(0, 1, 1, 1)...), Want: "out of range"},
			}},
		"col": {Src: "gonum mat.Dense.ColView",
			Cases: func(r *rand.Rand) (int, []library.Tensor) {
				m, b := blockCase(r)
				return 0, []library.Tensor{m, library.Scalar(float64(b[1]))}
			},
			Value: func(_ int, a []library.Tensor) library.Tensor {
				return asShape(denseOf(a[0], shapeMatrix).ColView(int(a[1].X[0])-1), shapeVector)
			},
			Bad: []librarytest.BadCall{{Args: []library.Tensor{librarytest.Mat2(2, 1, 2, 3, 4), library.Scalar(3)}, Want: "col: rows 1 to 2 and columns 3 to 3 are out of range: the matrix is 2 x 2"}}},
		"row": {Src: "gonum mat.Dense.RowView",
			Cases: func(r *rand.Rand) (int, []library.Tensor) {
				m, b := blockCase(r)
				return 0, []library.Tensor{m, library.Scalar(float64(b[0]))}
			},
			Value: func(_ int, a []library.Tensor) library.Tensor {
				return asShape(denseOf(a[0], shapeMatrix).RowView(int(a[1].X[0])-1).T(), shapeRowVector)
			},
			Bad: []librarytest.BadCall{{Args: []library.Tensor{librarytest.Mat2(2, 1, 2, 3, 4), library.Scalar(0)}, Want: "row: rows 0 to 0"}}},
		"sub_col": {Src: "gonum mat.Dense.Slice of one column",
			Cases: func(r *rand.Rand) (int, []library.Tensor) {
				m, b := blockCase(r)
				return 0, append([]library.Tensor{m}, intArgs(b[0], b[1], b[2])...)
			},
			Value: func(_ int, a []library.Tensor) library.Tensor {
				t := gonumSlice(a[0], int(a[1].X[0])-1, int(a[2].X[0])-1, int(a[3].X[0]), 1)
				return librarytest.Vec(t.X...)
			},
			Bad: []librarytest.BadCall{{Args: append([]library.Tensor{librarytest.Mat2(2, 1, 2, 3, 4)}, intArgs(2, 2, 2)...), Want: "sub_col: rows 2 to 3 and columns 2 to 2 are out of range"}}},
		"sub_row": {Src: "gonum mat.Dense.Slice of one row",
			Cases: func(r *rand.Rand) (int, []library.Tensor) {
				m, b := blockCase(r)
				return 0, append([]library.Tensor{m}, intArgs(b[0], b[1], b[3])...)
			},
			Value: func(_ int, a []library.Tensor) library.Tensor {
				t := gonumSlice(a[0], int(a[1].X[0])-1, int(a[2].X[0])-1, 1, int(a[3].X[0]))
				return librarytest.Vec(t.X...)
			},
			Bad: []librarytest.BadCall{{Args: append([]library.Tensor{librarytest.Mat2(2, 1, 2, 3, 4)}, intArgs(1, 2, 2)...), Want: "sub_row: rows 1 to 1 and columns 2 to 3 are out of range"}}},
		"dims": {Src: "Stan Math's dims() (prim/fun/dims.hpp), written out",
			Cases: func(r *rand.Rand) (int, []library.Tensor) {
				n := r.IntN(3) // array dimensions
				k := r.IntN(5) // int, real, vector, row_vector, matrix
				d := make([]int, n)
				for i := range d {
					d[i] = r.IntN(3) // 0 included: an empty array
				}
				d = append(d, [][]int{nil, nil, {3}, {3}, {2, 3}}[k]...)
				return 5*n + k, []library.Tensor{{Dims: d, X: make([]float64, library.NumElems(d))}}
			},
			Value: func(o int, a []library.Tensor) library.Tensor {
				n, k := o/5, o%5
				var out []float64
				for _, d := range a[0].Dims[:n] {
					out = append(out, float64(d))
					if d == 0 {
						return librarytest.Vec(out...)
					}
				}
				inner := a[0].Dims[n:]
				switch k {
				case 2:
					out = append(out, float64(inner[0]), 1)
				case 3:
					out = append(out, 1, float64(inner[0]))
				case 4:
					out = append(out, float64(inner[0]), float64(inner[1]))
				}
				return librarytest.Vec(out...)
			}},
	} {
		funcReferences[name] = ref
	}
}

// randMat is an r x c matrix with entries in (-1, 1).
func randMat(rng *rand.Rand, r, c int) library.Tensor { return librarytest.RandT(rng, r, c) }

// intArgs is the scalars ns, as int arguments are passed.
func intArgs(ns ...int) []library.Tensor {
	out := make([]library.Tensor, len(ns))
	for i, n := range ns {
		out[i] = library.Scalar(float64(n))
	}
	return out
}

// gonumSlice is rows [i, i+nr) and columns [j, j+nc) (0-based) of the
// matrix m, by gonum's mat.Dense.Slice.
func gonumSlice(m library.Tensor, i, j, nr, nc int) library.Tensor {
	return librarytest.DenseT(denseOf(m, shapeMatrix).Slice(i, i+nr, j, j+nc))
}

// blockCase is a matrix with a block inside it: its top-left corner (1-based)
// and its rows and columns.
func blockCase(r *rand.Rand) (library.Tensor, [4]int) {
	rows, cols := 1+r.IntN(4), 1+r.IntN(4)
	i, j := 1+r.IntN(rows), 1+r.IntN(cols)
	return randMat(r, rows, cols), [4]int{i, j, 1 + r.IntN(rows-i+1), 1 + r.IntN(cols-j+1)}
}
