package matrix

import (
	"math"

	"github.com/bayes-dev/bayes/library"
)

// The matrix exponential that matrix_exp, matrix_exp_multiply and
// scale_matrix_exp_multiply share: the [13/13] Padé approximant with
// scaling and squaring (Higham, "The scaling and squaring method for the
// matrix exponential revisited", SIAM J. Matrix Anal. Appl. 26(4), 2005,
// Algorithm 2.3 with m = 13): exp(A) = r₁₃(A/2^s)^(2^s), r₁₃ = q⁻¹p, the
// numerator p = V + U and the denominator q = V - U built from A², A⁴ and
// A⁶ (Higham's (2.14)), s the least with ‖A/2^s‖₁ ≤ θ.
//
// For a known A (data), s is a number and θ is Higham's θ₁₃ = 5.37; q is
// solved by gonum's LU. For A of parameters the program cannot branch on
// ‖A‖₁, which is unknown when it is built: it takes up to expSquarings
// squarings, each selected by whether ‖A‖₁ exceeds its threshold (the
// selectors are compares, so the gradient flows through the squarings
// taken), and scales to ‖A/2^s‖₁ ≤ 1, where q = b₀(I + E) with ‖E‖₁ < 1
// (Σ_k≥1 b_k/b₀ = 0.64), column diagonally dominant, so that elimination
// without pivoting (eliminate) is stable (Golub & Van Loan, 4th ed., Thm.
// 3.4.3). A matrix of parameters whose norm exceeds 2^expSquarings gives
// NaN, which the sampler rejects, not a silently wrong value.

// padeB are the coefficients b₀ ... b₁₃ of Higham's p₁₃ (Table 2.3's m = 13).
var padeB = [14]float64{64764752532480000, 32382376266240000, 7771770303897600,
	1187353796428800, 129060195264000, 10559470521600, 670442572800,
	33522128640, 1323241920, 40840800, 960960, 16380, 182, 1}

const (
	// theta13 is Higham's θ₁₃ (Table 2.3): the largest ‖A‖₁ at which r₁₃
	// is accurate to the unit roundoff without scaling.
	theta13 = 5.371920351148152
	// expSquarings is the most squarings a matrix of parameters gets.
	expSquarings = 20
)

// matrixExp is exp(A) of the n x n A, after Stan's check that it is square
// (the size rule) and has elements.
func matrixExp(o library.Tensors, name string, A library.Value) library.Value {
	n := o.Dims(A)[0]
	if n == 0 {
		o.Fail("%s: the matrix has no elements", name)
	}
	if xs, ok := o.Known(A); ok {
		norm := norm1(n, xs)
		if math.IsNaN(norm) || math.IsInf(norm, 0) {
			o.Fail("%s: the matrix holds %v, but must be finite", name, norm)
		}
		s := 0
		if norm > theta13 {
			s = int(math.Ceil(math.Log2(norm / theta13)))
		}
		R := pade13(o, name, o.Mul(A, o.Const(math.Ldexp(1, -s))), n)
		for range s {
			R = o.MatMat(R, R)
		}
		return R
	}
	cols := make([]library.Value, n)
	for j := range n {
		c := o.Fabs(o.Elem(A, j))
		for i := 1; i < n; i++ {
			c = o.Add(c, o.Fabs(o.Elem(A, i*n+j)))
		}
		cols[j] = c
	}
	norm := o.Reduce(library.ReduceMax, o.FromElems([]int{n}, cols))
	half, one := o.Const(0.5), o.Const(1)
	take := make([]library.Value, expSquarings) // squaring k is taken when ‖A‖₁ > 2^k
	scale := one
	for k := range take {
		take[k] = o.Lt(o.Const(math.Ldexp(1, k)), norm)
		scale = o.Mul(scale, o.Select(take[k], half, one))
	}
	R := pade13(o, name, o.Mul(A, scale), n)
	for _, t := range take {
		R = o.Select(t, o.MatMat(R, R), R)
	}
	return o.Select(o.Lt(o.Const(math.Ldexp(1, expSquarings)), norm), o.Const(math.NaN()), R)
}

// pade13 is r₁₃(A) = (V - U)⁻¹(V + U) of the n x n A (Higham's (2.14)).
func pade13(o library.Tensors, name string, A library.Value, n int) library.Value {
	ident := make([]float64, n*n)
	for i := range n {
		ident[i*n+i] = 1
	}
	I := o.FromKnown([]int{n, n}, ident)
	A2 := o.MatMat(A, A)
	A4 := o.MatMat(A2, A2)
	A6 := o.MatMat(A4, A2)
	b := func(k int) library.Value { return o.Const(padeB[k]) }
	comb := func(c6, c4, c2 int) library.Value {
		return o.Add(o.Add(o.Mul(b(c6), A6), o.Mul(b(c4), A4)), o.Mul(b(c2), A2))
	}
	U := o.MatMat(A, o.Add(o.MatMat(A6, comb(13, 11, 9)), o.Add(comb(7, 5, 3), o.Mul(b(1), I))))
	V := o.Add(o.MatMat(A6, comb(12, 10, 8)), o.Add(comb(6, 4, 2), o.Mul(b(0), I)))
	P, Q := o.Add(V, U), o.Sub(V, U)
	if _, ok := o.Known(Q); ok {
		return solveLeft(o, name, Q, P)
	}
	x, _ := eliminate(o, n, n, elems(o, Q), elems(o, P))
	return o.FromElems([]int{n, n}, x)
}

// norm1 is ‖A‖₁, the largest column sum of magnitudes of the n x n xs.
func norm1(n int, xs []float64) float64 {
	m := 0.0
	for j := range n {
		s := 0.0
		for i := range n {
			s += math.Abs(xs[i*n+j])
		}
		if s > m || math.IsNaN(s) {
			m = s
		}
	}
	return m
}

// matrix_exp(A) = exp(A) = Σ_k A^k/k! of a square A (Stan Functions
// Reference, "Linear algebra functions and solvers", "Matrix
// exponential").
var matrixExpFunc = &library.Func{
	Name:      "matrix_exp",
	Doc:       "the matrix exponential exp(A), by Padé approximation with scaling and squaring",
	Overloads: []library.Signature{{Params: []library.Arg{library.Exact("", library.TypeMatrix)}, Ret: library.TypeMatrix}},
	Sizes:     library.SizeGroups(library.Square(0)),
	Value: func(o library.Tensors, a []library.Value) library.Value {
		return matrixExp(o, "matrix_exp", a[0])
	},
}

// matrix_exp_multiply(A, B) = exp(A) B (Stan: "more efficient than
// matrix_exp(A) * B"; here it is that product).
var matrixExpMultiply = &library.Func{
	Name: "matrix_exp_multiply",
	Doc:  "exp(A) times B",
	Overloads: []library.Signature{{Params: []library.Arg{library.Exact("", library.TypeMatrix), library.Exact("", library.TypeMatrix)},
		Ret: library.TypeMatrix}},
	Sizes: library.SizeGroups(library.Square(0, library.Size{Arg: 1, Of: library.SizeRows})),
	Value: func(o library.Tensors, a []library.Value) library.Value {
		return o.MatMat(matrixExp(o, "matrix_exp_multiply", a[0]), a[1])
	},
}

// scale_matrix_exp_multiply(t, A, B) = exp(tA) B.
var scaleMatrixExpMultiply = &library.Func{
	Name: "scale_matrix_exp_multiply",
	Doc:  "exp(t A) times B",
	Overloads: []library.Signature{{Params: []library.Arg{library.Exact("", library.TypeReal), library.Exact("", library.TypeMatrix),
		library.Exact("", library.TypeMatrix)}, Ret: library.TypeMatrix}},
	Sizes: library.SizeGroups(library.Square(1, library.Size{Arg: 2, Of: library.SizeRows})),
	Value: func(o library.Tensors, a []library.Value) library.Value {
		return o.MatMat(matrixExp(o, "scale_matrix_exp_multiply", o.Mul(a[1], a[0])), a[2])
	},
}

func init() {
	registerFunc(matrixExpFunc)
	registerFunc(matrixExpMultiply)
	registerFunc(scaleMatrixExpMultiply)
}
