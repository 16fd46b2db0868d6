package library

import (
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"
)

// mvReference is one multivariate family's row of independent values: its
// log density from gonum or a closed form (lpdf, from src), what `~` drops
// when the arguments marked in data are data (dropped, written from the
// Functions Reference), argument sets where to check them (cases: the
// outcome, then the parameters), the arguments of its rng with the exact
// mean and variance of each element of a draw (NaN where there is no
// closed form), and bad arguments with the error each must give.
type mvReference struct {
	src      string
	cases    func(r *rand.Rand) []Tensor
	lpdf     func(a []Tensor) float64
	dropped  func(a []Tensor, data []bool) float64
	rng      []Tensor
	mean     []float64
	variance []float64
	bad      []badCall
}

// badCall is a density's (or, with rng, the rng's) arguments that its
// argument checks refuse, with the message they give; for a plain
// function, the arguments of its overload.
type badCall struct {
	rng      bool
	overload int
	args     []Tensor
	want     string
}

func vec(xs ...float64) Tensor { return Tensor{Dims: []int{len(xs)}, X: xs} }

func mat2(n int, xs ...float64) Tensor { return Tensor{Dims: []int{n, len(xs) / n}, X: xs} }

func arr(vs ...Tensor) Tensor {
	t := Tensor{Dims: append([]int{len(vs)}, vs[0].Dims...)}
	for _, v := range vs {
		t.X = append(t.X, v.X...)
	}
	return t
}

// randSimplex is a simplex with elements in about (0.06, 0.6).
func randSimplex(r *rand.Rand, k int) Tensor {
	xs := make([]float64, k)
	s := 0.0
	for i := range xs {
		xs[i] = 0.2 + r.Float64()
		s += xs[i]
	}
	for i := range xs {
		xs[i] /= s
	}
	return vec(xs...)
}

func randVec(r *rand.Rand, k int) Tensor {
	xs := make([]float64, k)
	for i := range xs {
		xs[i] = 2*r.Float64() - 1
	}
	return vec(xs...)
}

// randSPD is A A' + k I, A with entries in (-1, 1): positive definite.
func randSPD(r *rand.Rand, k int) *mat.SymDense {
	a := mat.NewDense(k, k, randVec(r, k*k).X)
	var s mat.SymDense
	s.SymOuterK(1, a)
	for i := range k {
		s.SetSym(i, i, s.At(i, i)+float64(k))
	}
	return &s
}

func symT(s mat.Symmetric) Tensor {
	k := s.SymmetricDim()
	t := Tensor{Dims: []int{k, k}, X: make([]float64, k*k)}
	for i := range k {
		for j := range k {
			t.X[i*k+j] = s.At(i, j)
		}
	}
	return t
}

func lg(x float64) float64 { r, _ := math.Lgamma(x); return r }

// funcReference is one plain function's row: its value from gonum or a
// closed form (value, from src) at argument sets drawn by cases, each
// for the overload it returns, and any bad arguments.
type funcReference struct {
	src   string
	cases func(r *rand.Rand) (int, []Tensor)
	value func(overload int, a []Tensor) Tensor
	// bad are calls that the function's argument checks refuse (the
	// overload's index in place of rng), for a function that has checks.
	bad []badCall
}

// denseT is the tensor of a gonum matrix.
func denseT(m mat.Matrix) Tensor {
	r, c := m.Dims()
	t := Tensor{Dims: []int{r, c}}
	for i := range r {
		for j := range c {
			t.X = append(t.X, m.At(i, j))
		}
	}
	return t
}

func randT(r *rand.Rand, dims ...int) Tensor {
	return Tensor{Dims: dims, X: randVec(r, numElems(dims)).X}
}
