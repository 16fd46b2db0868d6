package mvdists

import (
	"fmt"
	"math/rand/v2"

	"github.com/bayes-dev/bayes/library"
)

// MultiNormalCholesky is multi_normal_cholesky(μ, L): the multivariate
// normal with covariance L L', L lower triangular (Stan Functions
// Reference, "Multivariate normal distribution, Cholesky
// parameterization"); the outcome and the location are each a vector or
// an array of them, the density the sum over the pairs.
var MultiNormalCholesky = &library.MvDist{
	Name:    "multi_normal_cholesky",
	Variate: library.Arg{Class: library.ClassVectors},
	Params:  []library.Arg{{Name: "location", Class: library.ClassVectors}, library.Exact("Cholesky factor of covariance", library.TypeMatrix)},
	Support: "R^K",
	Sizes:   mvnSizes,
	Lpdf: func(o library.Tensors, a []library.Value, propto bool) library.Value {
		return mvnCholesky(o, a[0], a[1], a[2], propto)
	},

	RngParams: []library.Arg{library.Exact("location", library.TypeVector), library.Exact("Cholesky factor of covariance", library.TypeMatrix)},
	RngRet:    library.TypeVector,
	RngSizes:  mvnRngSizes,
	Rng:       multiNormalCholeskyRng,
}

func init() { registerMv(MultiNormalCholesky) }

// mvnSizes: one vector or an array of them, for the outcome and the
// location; two arrays have one size (Functions Reference, "Multivariate
// normal distribution": "vectorized" signatures); the matrix is K x K.
var (
	mvnSizes    = library.SizeGroups([]library.Size{{Arg: 0, Of: library.SizeLen}, {Arg: 1, Of: library.SizeLen}, {Arg: 2, Of: library.SizeRows}, {Arg: 2, Of: library.SizeCols}}, library.SameSize(library.SizeOuter, 0, 1))
	mvnRngSizes = library.SizeGroups([]library.Size{{Arg: 0, Of: library.SizeLen}, {Arg: 1, Of: library.SizeRows}, {Arg: 1, Of: library.SizeCols}})
)

// mvnCholesky is the density of y given μ and L, summed over the rows of
// an array of outcomes (or of locations): one vector solve over all the
// rows at once (mvnCholeskyRows).
func mvnCholesky(o library.Tensors, y, mu, L library.Value, propto bool) library.Value {
	yd, md := o.Dims(y), o.Dims(mu)
	if len(yd) == 1 && len(md) == 1 {
		return mvnCholeskyOne(o, y, mu, L, propto)
	}
	return mvnCholeskyRows(o, y, mu, L, propto)
}

// mvnCholeskyRows is mvnCholeskyOne summed over n rows, y or μ (or both)
// an array of n vectors of K: the forward substitution runs over columns,
// z_i the vector of the n rows' i-th elements,
// z_i = ((y_i - μ_i) - Σ_{j<i} L_ij z_j) / L_ii, each a vector op of n,
// and the density is -Σ_i z_i'z_i/2 - n Σ log L_ii - nK log(2π)/2. Row by
// row, a scalar op per row and element, its gradient cost 2.5 times the
// loops written out, which a vectorised loop makes vector ops
// (BenchmarkVectorised/multi_normal_cholesky).
func mvnCholeskyRows(o library.Tensors, y, mu, L library.Value, propto bool) library.Value {
	yd, md := o.Dims(y), o.Dims(mu)
	n, k := yd[0], yd[len(yd)-1]
	if len(yd) == 1 {
		n = md[0]
	}
	// col is the i-th elements of x's rows: a vector of n, or x's element
	// i when x is one vector (paired with every row).
	col := func(x library.Value, d []int, i int) library.Value {
		if len(d) == 1 {
			return o.Elem(x, i)
		}
		off := make([]int, n)
		for r := range off {
			off[r] = r*k + i
		}
		return o.Pick(x, off)
	}
	z := make([]library.Value, k)
	ss := library.NoValue
	for i := 0; i < k; i++ {
		acc := o.Sub(col(y, yd, i), col(mu, md, i))
		for j := 0; j < i; j++ {
			acc = o.Sub(acc, o.Mul(o.Elem(L, i*k+j), z[j]))
		}
		z[i] = o.Div(acc, o.Elem(L, i*k+i))
		if sq := o.Sum(o.Square(z[i])); ss == library.NoValue {
			ss = sq
		} else {
			ss = o.Add(ss, sq)
		}
	}
	lp := o.Mul(o.Const(-0.5), ss)
	if !(propto && o.Data(L)) {
		lp = o.Sub(lp, o.Mul(o.Const(float64(n)), logDiagSum(o, L)))
	}
	if !propto {
		lp = o.Sub(lp, o.Const(float64(n*k)*library.HalfLog2Pi))
	}
	return lp
}

// mvnCholeskyOne: with z = L⁻¹(y - μ) by forward substitution,
// -z'z/2 - Σ log L_ii - K log(2π)/2; `~` drops the constant, and Σ log L_ii
// when L is data.
func mvnCholeskyOne(o library.Tensors, y, mu, L library.Value, propto bool) library.Value {
	k := o.Dims(y)[0]
	r := o.Sub(y, mu)
	z := make([]library.Value, k)
	logDiag := library.NoValue
	for i := 0; i < k; i++ {
		acc := o.Elem(r, i)
		for j := 0; j < i; j++ {
			acc = o.Sub(acc, o.Mul(o.Elem(L, i*k+j), z[j]))
		}
		d := o.Elem(L, i*k+i)
		z[i] = o.Div(acc, d)
		ld := o.Log(d)
		if logDiag == library.NoValue {
			logDiag = ld
		} else {
			logDiag = o.Add(logDiag, ld)
		}
	}
	ss := o.Square(z[0])
	for i := 1; i < k; i++ {
		ss = o.Add(ss, o.Square(z[i]))
	}
	lp := o.Mul(o.Const(-0.5), ss)
	if !(propto && o.Data(L)) {
		lp = o.Sub(lp, logDiag)
	}
	if !propto {
		lp = o.Sub(lp, o.Const(float64(k)*library.HalfLog2Pi))
	}
	return lp
}

// multiNormalCholeskyRng is μ + L z with z standard normal.
func multiNormalCholeskyRng(r *rand.Rand, a []library.Tensor) (library.Tensor, error) {
	mu, l := a[0].X, a[1]
	n := len(mu)
	if len(l.Dims) != 2 || l.Dims[0] != n || l.Dims[1] != n {
		return library.Tensor{}, fmt.Errorf("size mismatch: a location of size %d needs a %d x %d Cholesky factor", n, n, n)
	}
	z := make([]float64, n)
	for i := range z {
		z[i] = r.NormFloat64()
	}
	out := make([]float64, n)
	for i := range n {
		s := mu[i]
		for j := 0; j <= i; j++ {
			s += l.X[i*n+j] * z[j]
		}
		out[i] = s
	}
	return library.Tensor{Dims: []int{n}, X: out}, nil
}
