package librarytest

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/bayes-dev/bayes/library"
)

// MvReference is one multivariate family's row of independent values: its
// log density from gonum or a closed form (lpdf, from src), what `~` drops
// when the arguments marked in data are data (dropped, written from the
// Functions Reference), argument sets where to check them (cases: the
// outcome, then the parameters), the arguments of its rng with the exact
// mean and variance of each element of a draw (NaN where there is no
// closed form), and bad arguments with the error each must give.
type MvReference struct {
	Src      string
	Cases    func(r *rand.Rand) []library.Tensor
	Lpdf     func(a []library.Tensor) float64
	Dropped  func(a []library.Tensor, data []bool) float64
	Rng      []library.Tensor
	Mean     []float64
	Variance []float64
	Bad      []BadCall
}

// BadCall is a density's (or, with rng, the rng's) arguments that its
// argument checks refuse, with the message they give; for a plain
// function, the arguments of its overload.
type BadCall struct {
	Rng      bool
	Overload int
	Args     []library.Tensor
	Want     string
}

func Vec(xs ...float64) library.Tensor { return library.Tensor{Dims: []int{len(xs)}, X: xs} }

func Mat2(n int, xs ...float64) library.Tensor {
	return library.Tensor{Dims: []int{n, len(xs) / n}, X: xs}
}

func Arr(vs ...library.Tensor) library.Tensor {
	t := library.Tensor{Dims: append([]int{len(vs)}, vs[0].Dims...)}
	for _, v := range vs {
		t.X = append(t.X, v.X...)
	}
	return t
}

// RandSimplex is a simplex with elements in about (0.06, 0.6).
func RandSimplex(r *rand.Rand, k int) library.Tensor {
	xs := make([]float64, k)
	s := 0.0
	for i := range xs {
		xs[i] = 0.2 + r.Float64()
		s += xs[i]
	}
	for i := range xs {
		xs[i] /= s
	}
	return Vec(xs...)
}

func RandVec(r *rand.Rand, k int) library.Tensor {
	xs := make([]float64, k)
	for i := range xs {
		xs[i] = 2*r.Float64() - 1
	}
	return Vec(xs...)
}

// RandSPD is A A' + k I, A with entries in (-1, 1): positive definite.
func RandSPD(r *rand.Rand, k int) *mat.SymDense {
	a := mat.NewDense(k, k, RandVec(r, k*k).X)
	var s mat.SymDense
	s.SymOuterK(1, a)
	for i := range k {
		s.SetSym(i, i, s.At(i, i)+float64(k))
	}
	return &s
}

func SymT(s mat.Symmetric) library.Tensor {
	k := s.SymmetricDim()
	t := library.Tensor{Dims: []int{k, k}, X: make([]float64, k*k)}
	for i := range k {
		for j := range k {
			t.X[i*k+j] = s.At(i, j)
		}
	}
	return t
}

func Lg(x float64) float64 { r, _ := math.Lgamma(x); return r }

// FuncReference is one plain function's row: its value from gonum or a
// closed form (value, from src) at argument sets drawn by cases, each
// for the overload it returns, and any bad arguments.
type FuncReference struct {
	Src   string
	Cases func(r *rand.Rand) (int, []library.Tensor)
	Value func(overload int, a []library.Tensor) library.Tensor
	// bad are calls that the function's argument checks refuse (the
	// overload's index in place of rng), for a function that has checks.
	Bad []BadCall
	// Rng, for a random draw (library.Func.Rng, which has no formula and so
	// no Value here), tests the function's draws against what they must
	// follow, a statistical test with a fixed seed.
	Rng func(t *testing.T, f *library.Func)
}

// DenseT is the tensor of a gonum matrix.
func DenseT(m mat.Matrix) library.Tensor {
	r, c := m.Dims()
	t := library.Tensor{Dims: []int{r, c}}
	for i := range r {
		for j := range c {
			t.X = append(t.X, m.At(i, j))
		}
	}
	return t
}

func RandT(r *rand.Rand, dims ...int) library.Tensor {
	return library.Tensor{Dims: dims, X: RandVec(r, library.NumElems(dims)).X}
}

// Reference is one family's row of independent values: its log density
// from another implementation or a closed form (lpdf), where it came from
// (src), the summands that `~` keeps whatever is data (kept: the density
// less every droppable term, written from the Functions Reference), and
// the parameters at which the rng and CDF are checked. x holds the
// arguments of the family's Lpdf: the outcome, the parameters, the filled
// ones. gonum is v0.17.0 (go.mod).
type Reference struct {
	Params []float64
	Lpdf   func(x [library.MaxArgs]float64) float64
	Src    string
	Kept   func(x [library.MaxArgs]float64) float64
}
