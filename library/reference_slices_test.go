package library

import (
	"math"
	"math/rand/v2"
	"sort"

	"gonum.org/v1/gonum/mat"
)

// The reference rows of the matrix slices (block, col, row, sub_col,
// sub_row), dims, the exponentiated quadratic kernel and the symmetric
// eigendecomposition.
func init() {
	for name, ref := range map[string]funcReference{
		"block": {src: "gonum mat.Dense.Slice",
			cases: func(r *rand.Rand) (int, []Tensor) {
				m, b := blockCase(r)
				return 0, append([]Tensor{m}, intArgs(b[:]...)...)
			},
			value: func(_ int, a []Tensor) Tensor {
				i, j, nr, nc := int(a[1].X[0]), int(a[2].X[0]), int(a[3].X[0]), int(a[4].X[0])
				return gonumSlice(a[0], i-1, j-1, nr, nc)
			},
			bad: []badCall{
				{args: append([]Tensor{mat2(2, 1, 2, 3, 4)}, intArgs(2, 1, 2, 1)...), want: "block: rows 2 to 3 and columns 1 to 1 are out of range: the matrix is 2 x 2"},
				{args: append([]Tensor{mat2(2, 1, 2, 3, 4)}, intArgs(0, 1, 1, 1)...), want: "out of range"},
			}},
		"col": {src: "gonum mat.Dense.ColView",
			cases: func(r *rand.Rand) (int, []Tensor) {
				m, b := blockCase(r)
				return 0, []Tensor{m, Scalar(float64(b[1]))}
			},
			value: func(_ int, a []Tensor) Tensor {
				return asShape(denseOf(a[0], shapeMatrix).ColView(int(a[1].X[0])-1), shapeVector)
			},
			bad: []badCall{{args: []Tensor{mat2(2, 1, 2, 3, 4), Scalar(3)}, want: "col: rows 1 to 2 and columns 3 to 3 are out of range: the matrix is 2 x 2"}}},
		"row": {src: "gonum mat.Dense.RowView",
			cases: func(r *rand.Rand) (int, []Tensor) {
				m, b := blockCase(r)
				return 0, []Tensor{m, Scalar(float64(b[0]))}
			},
			value: func(_ int, a []Tensor) Tensor {
				return asShape(denseOf(a[0], shapeMatrix).RowView(int(a[1].X[0])-1).T(), shapeRowVector)
			},
			bad: []badCall{{args: []Tensor{mat2(2, 1, 2, 3, 4), Scalar(0)}, want: "row: rows 0 to 0"}}},
		"sub_col": {src: "gonum mat.Dense.Slice of one column",
			cases: func(r *rand.Rand) (int, []Tensor) {
				m, b := blockCase(r)
				return 0, append([]Tensor{m}, intArgs(b[0], b[1], b[2])...)
			},
			value: func(_ int, a []Tensor) Tensor {
				t := gonumSlice(a[0], int(a[1].X[0])-1, int(a[2].X[0])-1, int(a[3].X[0]), 1)
				return vec(t.X...)
			},
			bad: []badCall{{args: append([]Tensor{mat2(2, 1, 2, 3, 4)}, intArgs(2, 2, 2)...), want: "sub_col: rows 2 to 3 and columns 2 to 2 are out of range"}}},
		"sub_row": {src: "gonum mat.Dense.Slice of one row",
			cases: func(r *rand.Rand) (int, []Tensor) {
				m, b := blockCase(r)
				return 0, append([]Tensor{m}, intArgs(b[0], b[1], b[3])...)
			},
			value: func(_ int, a []Tensor) Tensor {
				t := gonumSlice(a[0], int(a[1].X[0])-1, int(a[2].X[0])-1, 1, int(a[3].X[0]))
				return vec(t.X...)
			},
			bad: []badCall{{args: append([]Tensor{mat2(2, 1, 2, 3, 4)}, intArgs(1, 2, 2)...), want: "sub_row: rows 1 to 1 and columns 2 to 3 are out of range"}}},
		"dims": {src: "Stan Math's dims() (prim/fun/dims.hpp), written out",
			cases: func(r *rand.Rand) (int, []Tensor) {
				n := r.IntN(3) // array dimensions
				k := r.IntN(5) // int, real, vector, row_vector, matrix
				d := make([]int, n)
				for i := range d {
					d[i] = r.IntN(3) // 0 included: an empty array
				}
				d = append(d, [][]int{nil, nil, {3}, {3}, {2, 3}}[k]...)
				return 5*n + k, []Tensor{{Dims: d, X: make([]float64, numElems(d))}}
			},
			value: func(o int, a []Tensor) Tensor {
				n, k := o/5, o%5
				var out []float64
				for _, d := range a[0].Dims[:n] {
					out = append(out, float64(d))
					if d == 0 {
						return vec(out...)
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
				return vec(out...)
			}},
		"gp_exp_quad_cov": {src: "σ² exp(-Σ_k (x_ik - x_jk)²/(2 l_k²)) in loops (Functions Reference, \"Exponentiated quadratic kernel\")",
			cases: func(r *rand.Rand) (int, []Tensor) { return expQuadCase(r, 6) }, value: expQuadRef},
		"cov_exp_quad": {src: "σ² exp(-|x_i - x_j|²/(2 l²)) in loops (Functions Reference 2.18, \"Covariance functions\")",
			cases: func(r *rand.Rand) (int, []Tensor) { return expQuadCase(r, 4) }, value: expQuadRef},
		"eigenvalues_sym": {src: "gonum mat.Eigen (the general, nonsymmetric solver), sorted",
			cases: func(r *rand.Rand) (int, []Tensor) { return 0, []Tensor{randSym(r)} },
			value: func(_ int, a []Tensor) Tensor { vals, _ := eigenRef(a[0]); return vec(vals...) },
			bad:   []badCall{{args: []Tensor{mat2(2, 1, 2, 3, 4)}, want: "eigenvalues_sym: the matrix is not symmetric: [2,1] is 3, [1,2] is 2"}}},
		"eigenvectors_sym": {src: "gonum mat.Eigen (the general, nonsymmetric solver), sorted, unit length, largest element positive",
			cases: func(r *rand.Rand) (int, []Tensor) { return 0, []Tensor{randSym(r)} },
			value: func(_ int, a []Tensor) Tensor {
				vals, vecs := eigenRef(a[0])
				n := len(vals)
				return Tensor{Dims: []int{n, n}, X: vecs}
			},
			bad: []badCall{{args: []Tensor{mat2(2, 1, 2, 3, 4)}, want: "not symmetric"}}},
	} {
		funcReferences[name] = ref
	}
}

// randMat is an r x c matrix with entries in (-1, 1).
func randMat(rng *rand.Rand, r, c int) Tensor { return randT(rng, r, c) }

// intArgs is the scalars ns, as int arguments are passed.
func intArgs(ns ...int) []Tensor {
	out := make([]Tensor, len(ns))
	for i, n := range ns {
		out[i] = Scalar(float64(n))
	}
	return out
}

// gonumSlice is rows [i, i+nr) and columns [j, j+nc) (0-based) of the
// matrix m, by gonum's mat.Dense.Slice.
func gonumSlice(m Tensor, i, j, nr, nc int) Tensor {
	return denseT(denseOf(m, shapeMatrix).Slice(i, i+nr, j, j+nc))
}

// expQuadCase draws the arguments of one of the first n overloads of
// gp_exp_quad_cov: x (or x1 and x2), arrays of reals or of vectors; σ; l,
// a real or (overloads 4, 5) one per dimension.
func expQuadCase(r *rand.Rand, n int) (int, []Tensor) {
	o := r.IntN(n)
	d := 1
	if o >= 2 {
		d = 1 + r.IntN(3)
	}
	pts := func() Tensor {
		k := 1 + r.IntN(4)
		if o < 2 {
			return randT(r, k)
		}
		return randT(r, k, d)
	}
	var a []Tensor
	if o%2 == 0 {
		a = []Tensor{pts()}
	} else {
		a = []Tensor{pts(), pts()}
	}
	a = append(a, Scalar(0.5+1.5*r.Float64()))
	if o >= 4 {
		l := make([]float64, d)
		for k := range l {
			l[k] = 0.5 + 1.5*r.Float64()
		}
		return o, append(a, vec(l...))
	}
	return o, append(a, Scalar(0.5+1.5*r.Float64()))
}

// expQuadRef is the kernel matrix written from the Functions Reference.
func expQuadRef(_ int, a []Tensor) Tensor {
	x1, x2 := a[0], a[0]
	if len(a) == 4 {
		x2 = a[1]
	}
	sigma, l := a[len(a)-2].X[0], a[len(a)-1].X
	d := 1
	if len(x1.Dims) == 2 {
		d = x1.Dims[1]
	}
	n1, n2 := x1.Dims[0], x2.Dims[0]
	out := Tensor{Dims: []int{n1, n2}}
	for i := range n1 {
		for j := range n2 {
			s := 0.0
			for k := range d {
				lk := l[min(k, len(l)-1)]
				s += (x1.X[i*d+k] - x2.X[j*d+k]) * (x1.X[i*d+k] - x2.X[j*d+k]) / (2 * lk * lk)
			}
			out.X = append(out.X, sigma*sigma*math.Exp(-s))
		}
	}
	return out
}

// randSym is a symmetric matrix of order 1 to 4, B + B', B with entries in
// (-1, 1): distinct eigenvalues of either sign (with probability 1).
func randSym(r *rand.Rand) Tensor {
	n := 1 + r.IntN(4)
	b := randT(r, n, n)
	t := Tensor{Dims: []int{n, n}, X: make([]float64, n*n)}
	for i := range n {
		for j := range n {
			t.X[i*n+j] = b.X[i*n+j] + b.X[j*n+i]
		}
	}
	return t
}

// eigenRef is the eigendecomposition of the symmetric t by gonum's general
// solver: the eigenvalues ascending, and the eigenvectors as columns in
// that order, of unit length, each with its largest element positive.
func eigenRef(t Tensor) (vals, vecs []float64) {
	n := t.Dims[0]
	var e mat.Eigen
	if !e.Factorize(mat.NewDense(n, n, append([]float64(nil), t.X...)), mat.EigenRight) {
		panic("mat.Eigen did not converge")
	}
	cv := e.Values(nil)
	var cm mat.CDense
	e.VectorsTo(&cm)
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	sort.Slice(order, func(i, j int) bool { return real(cv[order[i]]) < real(cv[order[j]]) })
	vecs = make([]float64, n*n)
	for k, c := range order {
		vals = append(vals, real(cv[c]))
		norm, big := 0.0, 0
		for i := range n {
			x := real(cm.At(i, c))
			norm += x * x
			if math.Abs(x) > math.Abs(real(cm.At(big, c))) {
				big = i
			}
		}
		s := 1 / math.Sqrt(norm)
		if real(cm.At(big, c)) < 0 {
			s = -s
		}
		for i := range n {
			vecs[i*n+k] = s * real(cm.At(i, c))
		}
	}
	return vals, vecs
}

// blockCase is a matrix with a block inside it: its top-left corner (1-based)
// and its rows and columns.
func blockCase(r *rand.Rand) (Tensor, [4]int) {
	rows, cols := 1+r.IntN(4), 1+r.IntN(4)
	i, j := 1+r.IntN(rows), 1+r.IntN(cols)
	return randMat(r, rows, cols), [4]int{i, j, 1 + r.IntN(rows-i+1), 1 + r.IntN(cols-j+1)}
}
