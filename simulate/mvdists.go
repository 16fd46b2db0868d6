package simulate

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sort"

	"github.com/bayes-dev/bayes/lang"
	"github.com/bayes-dev/bayes/library"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat/distuv"
)

// This file holds the multivariate rows of the distribution table (dists.go):
// their _rng and log densities over whole values.

func vectorOf(t lang.Type, xs []float64) *Value { return realsValue(t, []int{len(xs)}, xs) }

func checkSimplex(name string, theta []float64) error {
	s := 0.0
	for _, x := range theta {
		if x < 0 || math.IsNaN(x) {
			return fmt.Errorf("%s is not a simplex: it has the element %g", name, x)
		}
		s += x
	}
	if math.Abs(s-1) > 1e-8 {
		return fmt.Errorf("%s is not a simplex: its elements sum to %g", name, s)
	}
	return nil
}

func softmax(x []float64) []float64 {
	mx := math.Inf(-1)
	for _, v := range x {
		mx = math.Max(mx, v)
	}
	out := make([]float64, len(x))
	s := 0.0
	for i, v := range x {
		out[i] = math.Exp(v - mx)
		s += out[i]
	}
	for i := range out {
		out[i] /= s
	}
	return out
}

// drawIndex draws k in 1..K with chances theta (inverse CDF on the cumulative sums).
func drawIndex(r *rand.Rand, theta []float64) int {
	u := r.Float64()
	c := 0.0
	for k, p := range theta {
		c += p
		if u < c {
			return k + 1
		}
	}
	return len(theta)
}

func categoricalRng(logit bool) func(*rand.Rand, []*Value) (*Value, error) {
	return func(r *rand.Rand, args []*Value) (*Value, error) {
		theta := args[0].reals()
		if logit {
			theta = softmax(theta)
		} else if err := checkSimplex("the chance simplex", theta); err != nil {
			return nil, err
		}
		return intValue(drawIndex(r, theta)), nil
	}
}

func categoricalLpmf(logit bool) func(*Value, []*Value) (float64, error) {
	return func(y *Value, args []*Value) (float64, error) {
		theta := args[0].reals()
		if logit {
			theta = softmax(theta)
		}
		lp := 0.0
		for _, k := range y.Ints {
			if k < 1 || k > len(theta) {
				return math.Inf(-1), nil
			}
			lp += math.Log(theta[k-1])
		}
		return lp, nil
	}
}

// orderedLogisticProbs are the chances of 1..K for location eta and cutpoints c
// (Stan Functions Reference, "Ordered logistic distribution").
func orderedLogisticProbs(eta float64, c []float64) []float64 {
	k := len(c) + 1
	p := make([]float64, k)
	prev := 1.0
	for i := range c {
		next := library.InvLogit(eta - c[i])
		p[i] = prev - next
		prev = next
	}
	p[k-1] = prev
	return p
}

func orderedLogisticRng(r *rand.Rand, args []*Value) (*Value, error) {
	c := args[1].reals()
	if !sort.Float64sAreSorted(c) {
		return nil, fmt.Errorf("the cutpoints are not ordered")
	}
	return intValue(drawIndex(r, orderedLogisticProbs(args[0].float(), c))), nil
}

func orderedLogisticLpmf(y *Value, args []*Value) (float64, error) {
	c := args[1].reals()
	lp := 0.0
	for i, k := range y.Ints {
		eta := args[0].float()
		if !args[0].isScalar() {
			eta = args[0].at(i)
		}
		p := orderedLogisticProbs(eta, c)
		if k < 1 || k > len(p) {
			return math.Inf(-1), nil
		}
		lp += math.Log(p[k-1])
	}
	return lp, nil
}

// multinomialRng draws the counts as a chain of binomials: n_k ~ Binomial(N
// minus the counts so far, theta_k / the chance left).
func multinomialRng(r *rand.Rand, args []*Value) (*Value, error) {
	theta := args[0].reals()
	if err := checkSimplex("the chance simplex", theta); err != nil {
		return nil, err
	}
	n := args[1].Ints[0]
	if n < 0 {
		return nil, fmt.Errorf("the total count is negative (%d)", n)
	}
	out := make([]int, len(theta))
	left, mass := float64(n), 1.0
	for k, p := range theta {
		if left <= 0 {
			break
		}
		if k == len(theta)-1 || mass <= 0 {
			out[k] = int(left)
			break
		}
		q := math.Min(1, math.Max(0, p/mass))
		c := distuv.Binomial{N: left, P: q, Src: r}.Rand()
		out[k] = int(c)
		left -= c
		mass -= p
	}
	return &Value{Type: lang.Type{Kind: lang.KindInt, Dims: 1}, Shape: []int{len(out)}, Ints: out}, nil
}

func multinomialLpmf(y *Value, args []*Value) (float64, error) {
	theta := args[0].reals()
	n, lp := 0, 0.0
	for k, c := range y.Ints {
		n += c
		lp += library.Xlogy(float64(c), theta[k]) - library.Lgamma(float64(c)+1)
	}
	return lp + library.Lgamma(float64(n)+1), nil
}

// dirichletRng normalises independent Gamma(alpha_k, 1) draws (Devroye
// 1986, "Non-Uniform Random Variate Generation", XI.4).
func dirichletRng(r *rand.Rand, args []*Value) (*Value, error) {
	alpha := args[0].reals()
	out := make([]float64, len(alpha))
	s := 0.0
	for i, a := range alpha {
		if !(a > 0) || math.IsInf(a, 1) {
			return nil, fmt.Errorf("the prior counts must be positive and finite; found %g", a)
		}
		out[i] = distuv.Gamma{Alpha: a, Beta: 1, Src: r}.Rand()
		s += out[i]
	}
	for i := range out {
		out[i] /= s
	}
	return vectorOf(lang.Vector, out), nil
}

// dirichletLpdf is lgamma(sum alpha) - sum lgamma(alpha_k) + sum (alpha_k - 1) log theta_k.
func dirichletLpdf(y *Value, args []*Value) (float64, error) {
	alpha, theta := args[0].reals(), y.reals()
	lp, s := 0.0, 0.0
	for k, a := range alpha {
		s += a
		lp += (a-1)*math.Log(theta[k]) - library.Lgamma(a)
	}
	return lp + library.Lgamma(s), nil
}

// rowsOf splits a vector, row vector or array of them into its vectors.
func rowsOf(v *Value) [][]float64 {
	xs := v.reals()
	if v.Type.Dims == 0 {
		return [][]float64{xs}
	}
	n := v.Shape[len(v.Shape)-1]
	var out [][]float64
	for i := 0; i+n <= len(xs); i += n {
		out = append(out, xs[i:i+n])
	}
	return out
}

// multiNormalRng draws mu + L z, L the Cholesky factor of the covariance.
func multiNormalRng(r *rand.Rand, args []*Value) (*Value, error) {
	l, err := choleskyOf(args[1], args[0].Len())
	if err != nil {
		return nil, err
	}
	return multiNormalCholeskyRng(r, []*Value{args[0], l})
}

// choleskyOf is the lower Cholesky factor of a covariance matrix of size n.
func choleskyOf(sigma *Value, n int) (*Value, error) {
	sym, err := symmetric(sigma, n)
	if err != nil {
		return nil, err
	}
	var ch mat.Cholesky
	if !ch.Factorize(sym) {
		return nil, fmt.Errorf("the covariance matrix is not positive definite")
	}
	var l mat.TriDense
	ch.LTo(&l)
	return fromDense(lang.Matrix, &l), nil
}

func symmetric(v *Value, n int) (*mat.SymDense, error) {
	if v.rows() != n || v.cols() != n {
		return nil, fmt.Errorf("size mismatch: a location of size %d needs a %d x %d matrix, found %d x %d", n, n, n, v.rows(), v.cols())
	}
	xs := v.reals()
	for i := range n {
		for j := range i {
			if math.Abs(xs[i*n+j]-xs[j*n+i]) > 1e-8*math.Max(1, math.Abs(xs[i*n+j])) {
				return nil, fmt.Errorf("the covariance matrix is not symmetric at [%d,%d]", i+1, j+1)
			}
		}
	}
	return mat.NewSymDense(n, append([]float64(nil), xs...)), nil
}

// pairUp broadcasts the vectors of y and mu (either may be a single
// vector; two arrays have one size, by the size rules of lang/sizes.go).
func pairUp(y, mu *Value) ([][]float64, [][]float64) {
	ys, ms := rowsOf(y), rowsOf(mu)
	n := max(len(ys), len(ms))
	outY, outM := make([][]float64, n), make([][]float64, n)
	for i := range n {
		outY[i], outM[i] = ys[min(i, len(ys)-1)], ms[min(i, len(ms)-1)]
	}
	return outY, outM
}

func multiNormalLpdf(y *Value, args []*Value) (float64, error) {
	n := args[0].Len()
	if args[0].Type.Dims > 0 {
		n = args[0].Shape[len(args[0].Shape)-1]
	}
	l, err := choleskyOf(args[1], n)
	if err != nil {
		return 0, err
	}
	return multiNormalCholeskyLpdf(y, []*Value{args[0], l})
}

// multiNormalCholeskyRng is mu + L z with z standard normal.
func multiNormalCholeskyRng(r *rand.Rand, args []*Value) (*Value, error) {
	mu, l := args[0].reals(), args[1]
	n := len(mu)
	if l.rows() != n || l.cols() != n {
		return nil, fmt.Errorf("size mismatch: a location of size %d needs a %d x %d Cholesky factor", n, n, n)
	}
	z := make([]float64, n)
	for i := range z {
		z[i] = r.NormFloat64()
	}
	lx := l.reals()
	out := make([]float64, n)
	for i := range n {
		s := mu[i]
		for j := 0; j <= i; j++ {
			s += lx[i*n+j] * z[j]
		}
		out[i] = s
	}
	return vectorOf(lang.Vector, out), nil
}

// multiNormalCholeskyLpdf is -K/2 log(2 pi) - sum log L_ii - |L^-1 (y - mu)|^2 / 2.
func multiNormalCholeskyLpdf(y *Value, args []*Value) (float64, error) {
	ys, ms := pairUp(y, args[0])
	n := len(ms[0])
	lx := args[1].reals() // n x n, by the size rules
	logDet := 0.0
	for i := range n {
		logDet += math.Log(lx[i*n+i])
	}
	lp := 0.0
	z := make([]float64, n)
	for k := range ys {
		q := 0.0
		for i := range n { // forward substitution
			s := ys[k][i] - ms[k][i]
			for j := range i {
				s -= lx[i*n+j] * z[j]
			}
			z[i] = s / lx[i*n+i]
			q += z[i] * z[i]
		}
		lp += -0.5*float64(n)*math.Log(2*math.Pi) - logDet - 0.5*q
	}
	return lp, nil
}

// lkjRng draws a Cholesky factor of a K x K correlation matrix from
// LKJ(eta) as Stan's lkj_corr_cholesky_rng does (Lewandowski, Kurowicka and
// Joe 2009, the C-vine method): canonical partial correlations
// z_ij = 2 Beta(a_i, a_i) - 1 with a_i = eta + (K - 2 - i)/2 for column i,
// then L[j][0] = z_0j, L[j][i] = z_ij sqrt(1 - sum_{k<i} L[j][k]^2) and
// L[j][j] = sqrt(1 - sum_{k<j} L[j][k]^2). lkj_corr returns L L'.
func lkjRng(cholesky bool) func(*rand.Rand, []*Value) (*Value, error) {
	return func(r *rand.Rand, args []*Value) (*Value, error) {
		k, eta := args[0].Ints[0], args[1].float()
		if k < 1 {
			return nil, fmt.Errorf("the size must be at least 1; found %d", k)
		}
		if !(eta > 0) {
			return nil, fmt.Errorf("the shape must be positive; found %g", eta)
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
		v := realsValue(lang.Matrix, []int{k, k}, l)
		if cholesky {
			return v, nil
		}
		var c mat.Dense
		lm := mat.NewDense(k, k, l)
		c.Mul(lm, lm.T())
		return fromDense(lang.Matrix, &c), nil
	}
}

// lkjLpdf is the LKJ density up to its normalising constant, which this
// package does not compute: (eta - 1) log det(Sigma) for lkj_corr, and
// sum_{i>=2} (K - i + 2 eta - 2) log L_ii for lkj_corr_cholesky (Stan
// Functions Reference, "LKJ correlation distributions").
func lkjLpdf(cholesky bool) func(*Value, []*Value) (float64, error) {
	return func(y *Value, args []*Value) (float64, error) {
		eta := args[0].float()
		k := y.rows()
		xs := y.reals()
		if !cholesky {
			var ch mat.Cholesky
			if !ch.Factorize(mat.NewSymDense(k, append([]float64(nil), xs...))) {
				return math.Inf(-1), nil
			}
			return (eta - 1) * ch.LogDet(), nil
		}
		lp := 0.0
		for i := 1; i < k; i++ {
			lp += float64(k-i-1) * math.Log(xs[i*k+i])
			lp += (2*eta - 2) * math.Log(xs[i*k+i])
		}
		return lp, nil
	}
}
