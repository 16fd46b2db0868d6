package mvdists

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat/distuv"

	"github.com/bayes-dev/bayes/library"
	"github.com/bayes-dev/bayes/library/matrix"
)

// LkjCorr is lkj_corr(η): a K x K correlation matrix Ω with density
// det(Ω)^(η-1) / c_K(η) (Stan Functions Reference, "LKJ correlation
// distribution"; Lewandowski, Kurowicka & Joe 2009). It is the prior a
// corr_matrix is drawn from; its rng takes K.
var LkjCorr = &library.MvDist{
	Name:    "lkj_corr",
	Variate: library.Exact("", library.TypeMatrix),
	Params:  []library.Arg{library.Exact("shape", library.TypeReal)},
	Support: "correlation matrix",
	Sizes:   library.SizeGroups(library.Square(0)),
	Lpdf:    lkjCorrLpdf,
	Check: func(a []library.Tensor) error {
		if err := checkShape(a[1].X[0]); err != nil {
			return err
		}
		var ch mat.Cholesky
		n := a[0].Dims[0]
		if !ch.Factorize(mat.NewSymDense(n, append([]float64(nil), a[0].X...))) {
			return errors.New("the correlation matrix is not positive definite")
		}
		return nil
	},

	RngParams: []library.Arg{library.Exact("size", library.TypeInt), library.Exact("shape", library.TypeReal)}, RngRet: library.TypeMatrix,
	SizedRng: true,
	Rng: func(r *rand.Rand, a []library.Tensor) (library.Tensor, error) {
		l, err := lkjCholeskyRng(r, a)
		if err != nil {
			return library.Tensor{}, err
		}
		k := l.Dims[0]
		var c mat.Dense
		lm := mat.NewDense(k, k, l.X)
		c.Mul(lm, lm.T())
		return library.Tensor{Dims: []int{k, k}, X: c.RawMatrix().Data}, nil
	},

	Generates: &library.Generates{Type: "corr_matrix", Why: "a corr_matrix needs an lkj_corr prior"},
}

func init() { registerMv(LkjCorr) }

// lkjCorrLpdf: (η - 1) log det Ω - log c_K(η), log det Ω = 2 Σ log L_ii
// with L the Cholesky factor of Ω; `~` drops c_K when η is data.
func lkjCorrLpdf(o library.Tensors, a []library.Value, propto bool) library.Value {
	omega, eta := a[0], a[1]
	acc := o.Mul(o.Sub(eta, o.Const(1)), logDetSPD(o, omega))
	if !(propto && o.Data(eta)) {
		acc = o.Add(acc, lkjLogNorm(o, eta, o.Dims(omega)[0]))
	}
	return acc
}

// logDetSPD is log det A = 2 Σ log L_ii, L = Cholesky(A).
func logDetSPD(o library.Tensors, A library.Value) library.Value {
	L := matrix.Cholesky(o, A)
	k := o.Dims(A)[0]
	acc := o.Const(0)
	for i := 0; i < k; i++ {
		acc = o.Add(acc, o.Log(o.Elem(L, i*k+i)))
	}
	return o.Mul(o.Const(2), acc)
}

// lkjLogNorm is -log c_K(η), the log normalising constant of the LKJ
// density over K x K correlation matrices (Lewandowski, Kurowicka & Joe
// 2009, "Generating random correlation matrices based on vines and
// extended onion method", eq. 16):
//
//	c_K(η) = 2^(Σ_{k=1}^{K-1} (2η-2+K-k)(K-k)) Π_{k=1}^{K-1} B(η + (K-k-1)/2, η + (K-k-1)/2)^(K-k).
func lkjLogNorm(o library.Tensors, eta library.Value, K int) library.Value {
	acc := o.Const(0)
	two := o.Const(2)
	for k := 1; k < K; k++ {
		km := float64(K - k)
		e := o.Mul(o.Const(km), o.Add(o.Mul(two, eta), o.Const(km-2)))
		acc = o.Add(acc, o.Mul(o.Const(library.Ln2), e))
		ab := o.Add(eta, o.Const((km-1)/2))
		acc = o.Add(acc, o.Mul(o.Const(km), o.Lbeta(ab, ab)))
	}
	return o.Neg(acc)
}

func checkShape(eta float64) error {
	if !(eta > 0) || math.IsInf(eta, 1) {
		return fmt.Errorf("the shape must be positive; found %g", eta)
	}
	return nil
}

// lkjCholeskyRng draws a Cholesky factor of a K x K correlation matrix from
// LKJ(η) as Stan's lkj_corr_cholesky_rng does (Lewandowski, Kurowicka and
// Joe 2009, the C-vine method): canonical partial correlations
// z_ij = 2 Beta(a_i, a_i) - 1 with a_i = η + (K - 2 - i)/2 for column i,
// then L[j][0] = z_0j, L[j][i] = z_ij √(1 - Σ_{k<i} L[j][k]²) and
// L[j][j] = √(1 - Σ_{k<j} L[j][k]²).
func lkjCholeskyRng(r *rand.Rand, a []library.Tensor) (library.Tensor, error) {
	k, eta := int(a[0].X[0]), a[1].X[0]
	if k < 1 {
		return library.Tensor{}, fmt.Errorf("the size must be at least 1; found %d", k)
	}
	if !(eta > 0) {
		return library.Tensor{}, fmt.Errorf("the shape must be positive; found %g", eta)
	}
	l := make([]float64, k*k)
	l[0] = 1
	alpha := eta + 0.5*float64(k-1)
	for i := 0; i < k-1; i++ {
		alpha -= 0.5
		for j := i + 1; j < k; j++ {
			z := 2*distuv.Beta{Alpha: alpha, Beta: alpha, Src: r}.Rand() - 1
			ss := 0.0
			for c := range i {
				ss += l[j*k+c] * l[j*k+c]
			}
			l[j*k+i] = z * math.Sqrt(math.Max(0, 1-ss))
		}
	}
	for j := 1; j < k; j++ {
		ss := 0.0
		for c := range j {
			ss += l[j*k+c] * l[j*k+c]
		}
		l[j*k+j] = math.Sqrt(math.Max(0, 1-ss))
	}
	return library.Tensor{Dims: []int{k, k}, X: l}, nil
}
