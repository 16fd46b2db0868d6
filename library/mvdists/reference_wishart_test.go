package mvdists

import (
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat/distmat"
	"gonum.org/v1/gonum/stat/distuv"

	"github.com/bayes-dev/bayes/library"
	"github.com/bayes-dev/bayes/library/librarytest"
)

// The reference rows of the Wishart families and lkj_cov: gonum's
// distmat.Wishart (v0.17.0) for the density of a covariance matrix, the
// inverse Wishart by the change of variables W -> W⁻¹, the Cholesky forms
// by the Jacobian of W -> L, lkj_cov by distuv.LogNormal and the C-vine
// c_K.

func init() {
	for name, ref := range wishartReferences {
		mvReferences[name] = ref
	}
}

// wishartRef is distmat.Wishart(ν, S).LogProbSym(W).
func wishartRef(w, s library.Tensor, nu float64) float64 {
	d, ok := distmat.NewWishart(symOf(s), nu, nil)
	if !ok {
		return math.NaN()
	}
	return d.LogProbSym(symOf(w))
}

// invWishartRef: W⁻¹ ~ wishart(ν, S⁻¹), and |d W⁻¹ / d W| = det(W)^-(K+1)
// (Anderson, "An Introduction to Multivariate Statistical Analysis", 3rd
// ed., §7.7), so log p(W) = wishart(W⁻¹ | ν, S⁻¹) - (K+1) log det W.
func invWishartRef(w, s library.Tensor, nu float64) float64 {
	inv := func(t library.Tensor) library.Tensor {
		var m mat.Dense
		if err := m.Inverse(denseOf(t)); err != nil {
			return library.Tensor{Dims: t.Dims, X: make([]float64, len(t.X))}
		}
		out := tensorOf(&m)
		k := t.Dims[0]
		for i := range k {
			for j := range i {
				out.X[j*k+i] = out.X[i*k+j]
			}
		}
		return out
	}
	return wishartRef(inv(w), inv(s), nu) - float64(w.Dims[0]+1)*logDetT(w)
}

// choleskyJacobian is log 2^K Π L_ii^(K-i+1) (1-based i), of W = L L' -> L
// (Stan Reference Manual, "Cholesky factors of covariance matrices").
func choleskyJacobian(l library.Tensor) float64 {
	k := l.Dims[0]
	s := float64(k) * math.Ln2
	for i := range k {
		s += float64(k-i) * math.Log(l.X[i*k+i])
	}
	return s
}

// lmgammaRef is log Γ_K(x) by its definition.
func lmgammaRef(k int, x float64) float64 {
	s := float64(k*(k-1)) / 4 * math.Log(math.Pi)
	for j := 1; j <= k; j++ {
		s += librarytest.Lg(x + float64(1-j)/2)
	}
	return s
}

// wishartCase is a K x K SPD outcome and scale (or their Cholesky factors,
// chol) and ν > K-1.
func wishartCase(r *rand.Rand, chol bool) []library.Tensor {
	k := 2 + r.IntN(2)
	w, s := librarytest.RandSPD(r, k), librarytest.RandSPD(r, k)
	nu := library.Scalar(float64(k) - 0.5 + 4*r.Float64())
	if chol {
		return []library.Tensor{cholT(w), nu, cholT(s)}
	}
	return []library.Tensor{librarytest.SymT(w), nu, librarytest.SymT(s)}
}

// chiMoments are the mean and variance of √χ²(k) and of 1/√χ²(k).
func chiMoments(k float64) (m, v, mi, vi float64) {
	m = math.Sqrt2 * math.Exp(librarytest.Lg((k+1)/2)-librarytest.Lg(k/2))
	mi = math.Exp(librarytest.Lg((k-1)/2)-librarytest.Lg(k/2)) / math.Sqrt2
	return m, k - m*m, mi, 1/(k-2) - mi*mi
}

var (
	wS                    = librarytest.Mat2(2, 2, 0.5, 0.5, 1)
	chi5, chi5v, _, _     = chiMoments(5)
	chi4, chi4v, _, _     = chiMoments(4)
	_, _, ichi13, ichi13v = chiMoments(13)
	// inverse Wishart(14, wS), K = 2: the variance of W_ij is
	// ((ν-K+1) S_ij² + (ν-K-1) S_ii S_jj) / ((ν-K)(ν-K-1)²(ν-K-3))
	iwVar = func(sij, sii, sjj float64) float64 { return (13*sij*sij + 11*sii*sjj) / (12 * 121 * 9) }
	nan   = math.NaN()
)

var wishartReferences = map[string]librarytest.MvReference{
	"wishart": {Src: "gonum distmat.Wishart.LogProbSym",
		Cases: func(r *rand.Rand) []library.Tensor { return wishartCase(r, false) },
		Lpdf:  func(a []library.Tensor) float64 { return wishartRef(a[0], a[2], a[1].X[0]) },
		// Stan Math wishart_lpdf's include_summand groups
		Dropped: func(a []library.Tensor, data []bool) float64 {
			k, nu := float64(a[0].Dims[0]), a[1].X[0]
			d := 0.0
			if data[1] {
				d += -nu*k/2*math.Ln2 - lmgammaRef(int(k), nu/2)
			}
			if data[1] && data[2] {
				d -= nu / 2 * logDetT(a[2])
			}
			if data[2] && data[0] {
				var x mat.Dense
				if err := x.Solve(denseOf(a[2]), denseOf(a[0])); err == nil {
					d -= mat.Trace(&x) / 2
				}
			}
			if data[0] && data[1] {
				d += (nu - k - 1) / 2 * logDetT(a[0])
			}
			return d
		},
		// E W = ν S, Var W_ij = ν (S_ij² + S_ii S_jj)
		Rng:      []library.Tensor{library.Scalar(5), wS},
		Mean:     []float64{10, 2.5, 2.5, 5},
		Variance: []float64{5 * 8, 5 * (0.25 + 2), 5 * (0.25 + 2), 5 * 2},
		Bad: []librarytest.BadCall{
			{Args: []library.Tensor{wS, library.Scalar(1), wS}, Want: "the degrees of freedom must be finite and greater than 1 (the size less 1); found 1"},
			{Args: []library.Tensor{librarytest.Mat2(2, 1, 2, 2, 1), library.Scalar(3), wS}, Want: "the outcome is not positive definite"},
			{Args: []library.Tensor{wS, library.Scalar(3), librarytest.Mat2(2, 1, 0, 0.5, 1)}, Want: "the scale matrix is not symmetric at [2,1]"},
			{Rng: true, Args: []library.Tensor{library.Scalar(0.5), wS}, Want: "the degrees of freedom must be finite and greater than 1"}}},
	"wishart_cholesky": {Src: "gonum distmat.Wishart.LogProbSym at L L', plus the Jacobian of W -> L",
		Cases: func(r *rand.Rand) []library.Tensor { return wishartCase(r, true) },
		Lpdf: func(a []library.Tensor) float64 {
			return wishartRef(librarytest.SymT(outer(a[0])), librarytest.SymT(outer(a[2])), a[1].X[0]) + choleskyJacobian(a[0])
		},
		Dropped: func(a []library.Tensor, data []bool) float64 {
			if !data[1] {
				return 0
			}
			k, nu := a[0].Dims[0], a[1].X[0]
			return float64(k)*math.Ln2*(1-nu/2) - lmgammaRef(k, nu/2)
		},
		// L_S = I: the factor is Bartlett's A itself
		Rng:      []library.Tensor{library.Scalar(5), librarytest.Mat2(2, 1, 0, 0, 1)},
		Mean:     []float64{chi5, 0, 0, chi4},
		Variance: []float64{chi5v, 0, 1, chi4v},
		Bad: []librarytest.BadCall{
			{Args: []library.Tensor{librarytest.Mat2(2, 1, 0.5, 0, 1), library.Scalar(3), librarytest.Mat2(2, 1, 0, 0, 1)}, Want: "the outcome is not lower triangular: its element [1,2] is 0.5"},
			{Args: []library.Tensor{librarytest.Mat2(2, 1, 0, 0, 1), library.Scalar(3), librarytest.Mat2(2, 1, 0, 0, -1)}, Want: "its diagonal element [2,2] is -1, but must be positive"},
			{Rng: true, Args: []library.Tensor{library.Scalar(1), librarytest.Mat2(2, 1, 0, 0, 1)}, Want: "the degrees of freedom must be finite and greater than 1"}}},
	"inv_wishart": {Src: "gonum distmat.Wishart.LogProbSym at W⁻¹, plus the Jacobian of W -> W⁻¹",
		Cases: func(r *rand.Rand) []library.Tensor { return wishartCase(r, false) },
		Lpdf:  func(a []library.Tensor) float64 { return invWishartRef(a[0], a[2], a[1].X[0]) },
		// Stan Math inv_wishart_lpdf's include_summand groups
		Dropped: func(a []library.Tensor, data []bool) float64 {
			k, nu := float64(a[0].Dims[0]), a[1].X[0]
			d := 0.0
			if data[1] {
				d -= lmgammaRef(int(k), nu/2)
			}
			if data[1] && data[2] {
				d += nu/2*logDetT(a[2]) - nu*k/2*math.Ln2
			}
			if data[0] && data[1] {
				d -= (nu + k + 1) / 2 * logDetT(a[0])
			}
			if data[0] && data[2] {
				var x mat.Dense
				if err := x.Solve(denseOf(a[0]), denseOf(a[2])); err == nil {
					d -= mat.Trace(&x) / 2
				}
			}
			return d
		},
		// E W = S / (ν-K-1)
		Rng:      []library.Tensor{library.Scalar(14), wS},
		Mean:     []float64{2.0 / 11, 0.5 / 11, 0.5 / 11, 1.0 / 11},
		Variance: []float64{iwVar(2, 2, 2), iwVar(0.5, 2, 1), iwVar(0.5, 2, 1), iwVar(1, 1, 1)},
		Bad: []librarytest.BadCall{
			{Args: []library.Tensor{wS, library.Scalar(0.5), wS}, Want: "the degrees of freedom must be finite and greater than 1"},
			{Rng: true, Args: []library.Tensor{library.Scalar(4), librarytest.Mat2(2, 1, 2, 2, 1)}, Want: "the scale matrix is not positive definite"}}},
	"inv_wishart_cholesky": {Src: "inv_wishart's reference at L L', plus the Jacobian of W -> L",
		Cases: func(r *rand.Rand) []library.Tensor { return wishartCase(r, true) },
		Lpdf: func(a []library.Tensor) float64 {
			return invWishartRef(librarytest.SymT(outer(a[0])), librarytest.SymT(outer(a[2])), a[1].X[0]) + choleskyJacobian(a[0])
		},
		Dropped: func(a []library.Tensor, data []bool) float64 {
			if !data[1] {
				return 0
			}
			k, nu := a[0].Dims[0], a[1].X[0]
			return float64(k)*math.Ln2*(1-nu/2) - lmgammaRef(k, nu/2)
		},
		// L_S = I, K = 2: L_11 = √W_11 and W_11 ~ 1/χ²(ν-1)
		Rng:      []library.Tensor{library.Scalar(14), librarytest.Mat2(2, 1, 0, 0, 1)},
		Mean:     []float64{ichi13, 0, nan, nan},
		Variance: []float64{ichi13v, 0, nan, nan},
		Bad: []librarytest.BadCall{
			{Args: []library.Tensor{librarytest.Mat2(2, 1, 0, 0, 0), library.Scalar(3), librarytest.Mat2(2, 1, 0, 0, 1)}, Want: "its diagonal element [2,2] is 0, but must be positive"},
			{Rng: true, Args: []library.Tensor{library.Scalar(3), librarytest.Mat2(2, 1, 1, 0, 1)}, Want: "the Cholesky factor of the scale matrix is not lower triangular"}}},
	"lkj_cov": {Src: "distuv.LogNormal of the deviations and lkj_corr's reference of the correlations",
		Cases: func(r *rand.Rand) []library.Tensor {
			k := 2 + r.IntN(2)
			w := librarytest.SymT(librarytest.RandSPD(r, k))
			mu, sigma := library.Scalar(r.Float64()), library.Scalar(0.5+r.Float64())
			if r.IntN(2) == 0 {
				mu, sigma = librarytest.RandVec(r, k), librarytest.Vec(make([]float64, k)...)
				for i := range sigma.X {
					sigma.X[i] = 0.5 + r.Float64()
				}
			}
			return []library.Tensor{w, mu, sigma, library.Scalar(0.5 + 3*r.Float64())}
		},
		Lpdf: func(a []library.Tensor) float64 {
			w, k := a[0], a[0].Dims[0]
			s := 0.0
			c := library.Tensor{Dims: w.Dims, X: make([]float64, len(w.X))}
			for i := range k {
				s += distuv.LogNormal{Mu: elemOf(a[1], i), Sigma: elemOf(a[2], i)}.LogProb(math.Sqrt(w.X[i*k+i]))
				for j := range k {
					c.X[i*k+j] = w.X[i*k+j] / math.Sqrt(w.X[i*k+i]*w.X[j*k+j])
				}
			}
			eta := a[3].X[0]
			return s + (eta-1)*logDetT(c) - lkjLogC(eta, k)
		},
		Dropped: func(a []library.Tensor, data []bool) float64 {
			k := a[0].Dims[0]
			d := -float64(k) / 2 * math.Log(2*math.Pi)
			for i := range k {
				if data[0] {
					d -= math.Log(math.Sqrt(a[0].X[i*k+i]))
				}
				if data[2] {
					d -= math.Log(elemOf(a[2], i))
				}
			}
			if data[3] {
				d -= lkjLogC(a[3].X[0], k)
			}
			return d
		},
		// W_ii = sd_i², sd_i ~ lognormal(0, 0.3); W_12 = sd_1 sd_2 c with
		// E c = 0, Var c = 1/(2η+1) = 1/5 (K = 2, η = 2)
		Rng:      []library.Tensor{library.Scalar(2), library.Scalar(0), library.Scalar(0.3), library.Scalar(2)},
		Mean:     []float64{math.Exp(0.18), 0, 0, math.Exp(0.18)},
		Variance: []float64{(math.Exp(0.36) - 1) * math.Exp(0.36), math.Exp(0.36) / 5, math.Exp(0.36) / 5, (math.Exp(0.36) - 1) * math.Exp(0.36)},
		Bad: []librarytest.BadCall{
			{Args: []library.Tensor{wS, library.Scalar(0), library.Scalar(-1), library.Scalar(1)}, Want: "lkj_cov: the scale is -1, but must be positive and finite"},
			{Args: []library.Tensor{wS, library.Scalar(0), library.Scalar(1), library.Scalar(0)}, Want: "the shape must be positive; found 0"},
			{Rng: true, Args: []library.Tensor{library.Scalar(2), librarytest.Vec(0, 0, 0), library.Scalar(1), library.Scalar(1)}, Want: "lkj_cov: 3 locations or scales for a 2 x 2 matrix"}}},
}
