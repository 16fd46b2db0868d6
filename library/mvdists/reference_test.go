package mvdists

import (
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat/distuv"

	"github.com/bayes-dev/bayes/library"
	"github.com/bayes-dev/bayes/library/librarytest"
)

// randCorr is D^-1/2 S D^-1/2, S = randSPD: a correlation matrix.
func randCorr(r *rand.Rand, k int) *mat.SymDense {
	s := librarytest.RandSPD(r, k)
	c := mat.NewSymDense(k, nil)
	for i := range k {
		for j := 0; j <= i; j++ {
			c.SetSym(i, j, s.At(i, j)/math.Sqrt(s.At(i, i)*s.At(j, j)))
		}
	}
	return c
}

func cholT(s *mat.SymDense) library.Tensor {
	var ch mat.Cholesky
	if !ch.Factorize(s) {
		panic("not positive definite")
	}
	var l mat.TriDense
	ch.LTo(&l)
	k := s.SymmetricDim()
	t := library.Tensor{Dims: []int{k, k}, X: make([]float64, k*k)}
	for i := range k {
		for j := 0; j <= i; j++ {
			t.X[i*k+j] = l.At(i, j)
		}
	}
	return t
}

// rowsT are the vectors of a vector or an array of them.
func rowsT(t library.Tensor) [][]float64 {
	if len(t.Dims) == 1 {
		return [][]float64{t.X}
	}
	var out [][]float64
	for i := 0; i < t.Dims[0]; i++ {
		out = append(out, t.X[i*t.Dims[1]:(i+1)*t.Dims[1]])
	}
	return out
}

// mvnRef is Σ over the pairs of -r'Σ⁻¹r/2 - log det Σ/2 - K log(2π)/2,
// r = y - μ, with gonum's mat.Cholesky (distmv.Normal would need
// golang.org/x/tools in go.sum).
func mvnRef(y, mu library.Tensor, sigma mat.Symmetric) float64 {
	var ch mat.Cholesky
	if !ch.Factorize(sigma) {
		return math.NaN()
	}
	ys, ms := rowsT(y), rowsT(mu)
	n := max(len(ys), len(ms))
	s := 0.0
	for i := range n {
		yi, mi := ys[min(i, len(ys)-1)], ms[min(i, len(ms)-1)]
		k := len(yi)
		rv := mat.NewVecDense(k, nil)
		for j := range k {
			rv.SetVec(j, yi[j]-mi[j])
		}
		var z mat.VecDense
		if err := ch.SolveVecTo(&z, rv); err != nil {
			return math.NaN()
		}
		s += -0.5*mat.Dot(rv, &z) - 0.5*ch.LogDet() - float64(k)/2*math.Log(2*math.Pi)
	}
	return s
}

// mvnDropped: per pair, K log(2π)/2, and log det Σ / 2 when the
// covariance (or its factor, argument 2) is data.
func mvnDropped(a []library.Tensor, data []bool, logDet float64) float64 {
	n := max(len(rowsT(a[0])), len(rowsT(a[1])))
	k := len(rowsT(a[0])[0])
	d := -float64(n*k) / 2 * math.Log(2*math.Pi)
	if data[2] {
		d -= float64(n) * logDet / 2
	}
	return d
}

// lkjLogC is log c_K(η) by the C-vine (Lewandowski, Kurowicka & Joe 2009,
// §3.2): the K-k partial correlations of level k are independent with
// density ∝ (1 - r²)^(a_k - 1) on (-1, 1), a_k = η + (K-1-k)/2, so c_K is
// Π_k (∫ (1-r²)^(a_k-1) dr)^(K-k), each integral 2^(2a-1) B(a, a).
func lkjLogC(eta float64, K int) float64 {
	s := 0.0
	for k := 1; k < K; k++ {
		a := eta + float64(K-1-k)/2
		s += float64(K-k) * ((2*a-1)*math.Ln2 + 2*librarytest.Lg(a) - librarytest.Lg(2*a))
	}
	return s
}

func logDetT(t library.Tensor) float64 {
	var lu mat.LU
	lu.Factorize(mat.NewDense(t.Dims[0], t.Dims[1], append([]float64(nil), t.X...)))
	ld, _ := lu.LogDet()
	return ld
}

func orderedLogisticRef(ys []float64, eta func(i int) float64, c []float64) float64 {
	return orderedRef(ys, eta, c, func(x float64) float64 { return 1 / (1 + math.Exp(-x)) })
}

// orderedRef is the log pmf of an ordinal family whose link's inverse is
// il: Σ log(il(η_i - c_{y_i-1}) - il(η_i - c_{y_i})).
func orderedRef(ys []float64, eta func(i int) float64, c []float64, il func(float64) float64) float64 {
	s := 0.0
	for i, y := range ys {
		k := int(y)
		above := func(j int) float64 {
			switch {
			case j == 0:
				return 1
			case j == len(c)+1:
				return 0
			}
			return il(eta(i) - c[j-1])
		}
		s += math.Log(above(k-1) - above(k))
	}
	return s
}

// glmCase draws the arguments of a GLM: n outcomes (or one, broadcast), an
// n x k design matrix, one intercept or n, and k weights.
func glmCase(r *rand.Rand) (y, x, alpha, beta library.Tensor) {
	n, k := 1+r.IntN(5), 1+r.IntN(3)
	y = librarytest.RandT(r, n)
	if r.IntN(4) == 0 {
		y = library.Scalar(y.X[0])
	}
	alpha = library.Scalar(librarytest.RandVec(r, 1).X[0])
	if r.IntN(2) == 0 {
		alpha = librarytest.RandT(r, n)
	}
	return y, librarytest.RandT(r, n, k), alpha, librarytest.RandT(r, k)
}

// glmDesignCase is glmCase, with x (1 time in 3) a row vector, the one row
// of every outcome (Stan's GLMs take one), y then n outcomes.
func glmDesignCase(r *rand.Rand) (y, x, alpha, beta library.Tensor) {
	y, x, alpha, beta = glmCase(r)
	if r.IntN(3) == 0 {
		y = librarytest.RandT(r, x.Dims[0])
		x = librarytest.Vec(x.X[:x.Dims[1]]...)
	}
	return y, x, alpha, beta
}

// glmRows is the number of outcomes of a case of glmDesignCase.
func glmRows(y, x library.Tensor) int {
	if len(x.Dims) == 2 {
		return x.Dims[0]
	}
	return len(y.X)
}

// glmEtaFor is α + x β for the outcomes y, one per outcome, row or
// intercept: x a matrix (by gonum, glmEtaRef), or a row vector whose
// product with β (gonum's mat.Dot) every outcome shares.
func glmEtaFor(y, x, alpha, beta library.Tensor) []float64 {
	if len(x.Dims) == 2 {
		eta := glmEtaRef(x, alpha, beta)
		for len(eta) < len(y.X) {
			eta = append(eta, eta[0])
		}
		return eta
	}
	xb := mat.Dot(mat.NewVecDense(len(x.X), append([]float64(nil), x.X...)), mat.NewVecDense(len(beta.X), append([]float64(nil), beta.X...)))
	out := make([]float64, max(len(y.X), len(alpha.X)))
	for i := range out {
		out[i] = alpha.X[min(i, len(alpha.X)-1)] + xb
	}
	return out
}

// glmEtaRef is α + x β by gonum.
func glmEtaRef(x, alpha, beta library.Tensor) []float64 {
	var xb mat.VecDense
	xb.MulVec(mat.NewDense(x.Dims[0], x.Dims[1], append([]float64(nil), x.X...)), mat.NewVecDense(len(beta.X), append([]float64(nil), beta.X...)))
	out := make([]float64, xb.Len())
	for i := range out {
		out[i] = alpha.X[min(i, len(alpha.X)-1)] + xb.AtVec(i)
	}
	return out
}

func bernVar(eta float64) float64 { p := 1 / (1 + math.Exp(-eta)); return p * (1 - p) }

var (
	catOutcomes = librarytest.Vec(1, 3, 3, 2, 1)
	zeroDropped = func([]library.Tensor, []bool) float64 { return 0 }
	notSimplex  = librarytest.Vec(0.5, 0.6, -0.1)
)

var mvReferences = map[string]librarytest.MvReference{
	"categorical": {Src: "distuv.Categorical",
		Cases: func(r *rand.Rand) []library.Tensor {
			return []library.Tensor{catOutcomes, librarytest.RandSimplex(r, 3)}
		},
		Lpdf: func(a []library.Tensor) float64 {
			c, s := distuv.NewCategorical(a[1].X, nil), 0.0
			for _, k := range a[0].X {
				s += c.LogProb(k - 1) // distuv.Categorical counts from 0
			}
			return s
		},
		Dropped: zeroDropped,
		Rng:     []library.Tensor{librarytest.Vec(0.2, 0.5, 0.3)}, Mean: []float64{2.1}, Variance: []float64{0.2 + 2.0 + 2.7 - 2.1*2.1},
		Bad: []librarytest.BadCall{
			{Args: []library.Tensor{catOutcomes, notSimplex}, Want: "the chance simplex is not a simplex: it has the element -0.1"},
			{Args: []library.Tensor{librarytest.Vec(1, 4), librarytest.Vec(0.2, 0.5, 0.3)}, Want: "categorical: outcome 4 at position 2 outside 1:3"},
			{Rng: true, Args: []library.Tensor{librarytest.Vec(0.2, 0.5, 0.4)}, Want: "the chance simplex is not a simplex: its elements sum to 1.1"}}},
	"categorical_logit": {Src: "distuv.Categorical with weights exp(β)",
		Cases: func(r *rand.Rand) []library.Tensor { return []library.Tensor{catOutcomes, librarytest.RandVec(r, 3)} },
		Lpdf: func(a []library.Tensor) float64 {
			w := make([]float64, len(a[1].X))
			for i, b := range a[1].X {
				w[i] = math.Exp(b)
			}
			c, s := distuv.NewCategorical(w, nil), 0.0
			for _, k := range a[0].X {
				s += c.LogProb(k - 1)
			}
			return s
		},
		Dropped: zeroDropped,
		Rng:     []library.Tensor{librarytest.Vec(math.Log(0.2), math.Log(0.5), math.Log(0.3))}, Mean: []float64{2.1}, Variance: []float64{4.9 - 2.1*2.1},
		Bad: []librarytest.BadCall{{Args: []library.Tensor{librarytest.Vec(0), librarytest.Vec(0, 0)}, Want: "categorical_logit: outcome 0 at position 1 outside 1:2"}}},
	"ordered_logistic": {Src: "differences of inv_logit (Functions Reference, \"Ordered logistic distribution\")",
		Cases: func(r *rand.Rand) []library.Tensor {
			c := librarytest.Vec(-1+0.5*r.Float64(), 0.2*r.Float64(), 0.8+r.Float64())
			if r.IntN(2) == 0 {
				return []library.Tensor{librarytest.Vec(1, 3, 4, 2, 3, 4), library.Scalar(2*r.Float64() - 1), c}
			}
			return []library.Tensor{librarytest.Vec(1, 3, 4, 2, 3, 4), librarytest.RandVec(r, 6), c}
		},
		Lpdf: func(a []library.Tensor) float64 {
			return orderedLogisticRef(a[0].X, func(i int) float64 {
				if len(a[1].Dims) == 0 {
					return a[1].X[0]
				}
				return a[1].X[i]
			}, a[2].X)
		},
		Dropped: zeroDropped,
		Rng:     []library.Tensor{library.Scalar(0), librarytest.Vec(-1, 1)},
		Mean:    []float64{(1 - library.InvLogit(1)) + 2*(library.InvLogit(1)-library.InvLogit(-1)) + 3*library.InvLogit(-1)},
		Variance: []float64{(1 - library.InvLogit(1)) + 4*(library.InvLogit(1)-library.InvLogit(-1)) + 9*library.InvLogit(-1) -
			math.Pow((1-library.InvLogit(1))+2*(library.InvLogit(1)-library.InvLogit(-1))+3*library.InvLogit(-1), 2)},
		Bad: []librarytest.BadCall{
			{Args: []library.Tensor{librarytest.Vec(1), library.Scalar(0), librarytest.Vec(1, -1)}, Want: "the cutpoints are not ordered"},
			{Args: []library.Tensor{librarytest.Vec(1, 2), librarytest.Vec(0, 1, 2), librarytest.Vec(-1, 1)}, Want: "ordered_logistic: 2 outcomes and 3 locations"},
			{Rng: true, Args: []library.Tensor{library.Scalar(0), librarytest.Vec(1, -1)}, Want: "the cutpoints are not ordered"}}},
	"ordered_probit": {Src: "differences of distuv.UnitNormal.CDF (Functions Reference, \"Ordered probit distribution\")",
		Cases: func(r *rand.Rand) []library.Tensor {
			c := librarytest.Vec(-1+0.5*r.Float64(), 0.2*r.Float64(), 0.8+r.Float64())
			if r.IntN(2) == 0 {
				return []library.Tensor{librarytest.Vec(1, 3, 4, 2, 3, 4), library.Scalar(2*r.Float64() - 1), c}
			}
			return []library.Tensor{librarytest.Vec(1, 3, 4, 2, 3, 4), librarytest.RandVec(r, 6), c}
		},
		Lpdf: func(a []library.Tensor) float64 {
			return orderedRef(a[0].X, func(i int) float64 {
				if len(a[1].Dims) == 0 {
					return a[1].X[0]
				}
				return a[1].X[i]
			}, a[2].X, distuv.UnitNormal.CDF)
		},
		Dropped: zeroDropped,
		Rng:     []library.Tensor{library.Scalar(0), librarytest.Vec(-1, 1)},
		// P(1) = P(3) = Φ(-1), P(2) = 1 - 2Φ(-1): mean 2, variance 2Φ(-1)
		Mean: []float64{2}, Variance: []float64{2 * distuv.UnitNormal.CDF(-1)},
		Bad: []librarytest.BadCall{
			{Args: []library.Tensor{librarytest.Vec(1), library.Scalar(0), librarytest.Vec(1, -1)}, Want: "the cutpoints are not ordered"},
			{Args: []library.Tensor{librarytest.Vec(1, 2), librarytest.Vec(0, 1, 2), librarytest.Vec(-1, 1)}, Want: "ordered_probit: 2 outcomes and 3 locations"},
			{Args: []library.Tensor{librarytest.Vec(4), library.Scalar(0), librarytest.Vec(-1, 1)}, Want: "ordered_probit: outcome 4 at position 1 outside 1:3"},
			{Rng: true, Args: []library.Tensor{library.Scalar(0), librarytest.Vec(1, -1)}, Want: "the cutpoints are not ordered"}}},
	// N! / Π y_k! Π θ_k^y_k (Functions Reference, "Multinomial distribution")
	"multinomial": {Src: "closed form, math.Lgamma",
		Cases: func(r *rand.Rand) []library.Tensor {
			return []library.Tensor{librarytest.Vec(2, 0, 5), librarytest.RandSimplex(r, 3)}
		},
		Lpdf: func(a []library.Tensor) float64 {
			n, s := 0.0, 0.0
			for k, c := range a[0].X {
				n += c
				s += -librarytest.Lg(c+1) + c*math.Log(a[1].X[k])
			}
			return s + librarytest.Lg(n+1)
		},
		Dropped: func(a []library.Tensor, _ []bool) float64 {
			n, s := 0.0, 0.0
			for _, c := range a[0].X {
				n, s = n+c, s-librarytest.Lg(c+1)
			}
			return s + librarytest.Lg(n+1)
		},
		Rng: []library.Tensor{librarytest.Vec(0.2, 0.5, 0.3), library.Scalar(10)}, Mean: []float64{2, 5, 3}, Variance: []float64{1.6, 2.5, 2.1},
		Bad: []librarytest.BadCall{
			{Args: []library.Tensor{librarytest.Vec(1, 2, 0), notSimplex}, Want: "the chance simplex is not a simplex"},
			{Rng: true, Args: []library.Tensor{librarytest.Vec(0.2, 0.5, 0.3), library.Scalar(-1)}, Want: "the total count is negative (-1)"}}},
	// Γ(Σα) / Π Γ(α_k) Π θ_k^(α_k - 1) (Functions Reference, "Dirichlet distribution")
	"dirichlet": {Src: "closed form, math.Lgamma",
		Cases: func(r *rand.Rand) []library.Tensor {
			return []library.Tensor{librarytest.RandSimplex(r, 4), librarytest.Vec(0.5+2*r.Float64(), 0.5+2*r.Float64(), 1, 3)}
		},
		Lpdf: func(a []library.Tensor) float64 {
			s, t := 0.0, 0.0
			for k, al := range a[1].X {
				s += (al-1)*math.Log(a[0].X[k]) - librarytest.Lg(al)
				t += al
			}
			return s + librarytest.Lg(t)
		},
		Dropped: func(a []library.Tensor, data []bool) float64 {
			if !data[1] {
				return 0
			}
			s, t := 0.0, 0.0
			for _, al := range a[1].X {
				s, t = s-librarytest.Lg(al), t+al
			}
			return s + librarytest.Lg(t)
		},
		Rng:  []library.Tensor{librarytest.Vec(2, 3, 5)},
		Mean: []float64{0.2, 0.3, 0.5}, Variance: []float64{2 * 8 / 1100.0, 3 * 7 / 1100.0, 5 * 5 / 1100.0},
		Bad: []librarytest.BadCall{
			{Args: []library.Tensor{librarytest.Vec(0.5, 0.5), librarytest.Vec(1, -1)}, Want: "the prior counts must be positive and finite; found -1"},
			{Args: []library.Tensor{librarytest.Vec(0.5, 0.6), librarytest.Vec(1, 1)}, Want: "the outcome is not a simplex"},
			{Rng: true, Args: []library.Tensor{librarytest.Vec(1, 0)}, Want: "the prior counts must be positive and finite; found 0"}}},
	"multi_normal": {Src: "gonum mat.Cholesky",
		Cases: func(r *rand.Rand) []library.Tensor {
			s := librarytest.SymT(librarytest.RandSPD(r, 3))
			switch r.IntN(3) {
			case 0:
				return []library.Tensor{librarytest.RandVec(r, 3), librarytest.RandVec(r, 3), s}
			case 1: // an array of outcomes, one location
				return []library.Tensor{librarytest.Arr(librarytest.RandVec(r, 3), librarytest.RandVec(r, 3)), librarytest.RandVec(r, 3), s}
			}
			return []library.Tensor{librarytest.RandVec(r, 3), librarytest.Arr(librarytest.RandVec(r, 3), librarytest.RandVec(r, 3)), s}
		},
		Lpdf: func(a []library.Tensor) float64 { return mvnRef(a[0], a[1], symOf(a[2])) },
		Dropped: func(a []library.Tensor, data []bool) float64 {
			return mvnDropped(a, data, logDetT(a[2]))
		},
		Rng: []library.Tensor{librarytest.Vec(1, -1), librarytest.Mat2(2, 4, 1.2, 1.2, 1)}, Mean: []float64{1, -1}, Variance: []float64{4, 1},
		Bad: []librarytest.BadCall{
			{Args: []library.Tensor{librarytest.Vec(0, 0), librarytest.Vec(0, 0), librarytest.Mat2(2, 1, 0.5, 0.4, 1)}, Want: "the covariance matrix is not symmetric at [2,1]"},
			{Args: []library.Tensor{librarytest.Vec(0, 0), librarytest.Vec(0, 0), librarytest.Mat2(2, 1, 2, 2, 1)}, Want: "the covariance matrix is not positive definite"},
			{Rng: true, Args: []library.Tensor{librarytest.Vec(0, 0), librarytest.Mat2(2, 1, 2, 2, 1)}, Want: "the covariance matrix is not positive definite"}}},
	"multi_normal_cholesky": {Src: "gonum mat.Cholesky of L L'",
		Cases: func(r *rand.Rand) []library.Tensor {
			l := cholT(librarytest.RandSPD(r, 3))
			if r.IntN(2) == 0 {
				return []library.Tensor{librarytest.RandVec(r, 3), librarytest.RandVec(r, 3), l}
			}
			return []library.Tensor{librarytest.Arr(librarytest.RandVec(r, 3), librarytest.RandVec(r, 3)), librarytest.Arr(librarytest.RandVec(r, 3), librarytest.RandVec(r, 3)), l}
		},
		Lpdf: func(a []library.Tensor) float64 { return mvnRef(a[0], a[1], outer(a[2])) },
		Dropped: func(a []library.Tensor, data []bool) float64 {
			return mvnDropped(a, data, 2*logDiag(a[2]))
		},
		Rng: []library.Tensor{librarytest.Vec(1, -1), librarytest.Mat2(2, 2, 0, 0.6, 0.8)}, Mean: []float64{1, -1}, Variance: []float64{4, 1},
		Bad: []librarytest.BadCall{{Rng: true, Args: []library.Tensor{librarytest.Vec(0, 0), librarytest.Mat2(3, 1, 0, 0, 0, 1, 0, 0, 0, 1)},
			Want: "size mismatch: a location of size 2 needs a 2 x 2 Cholesky factor"}}},
	// det(Ω)^(η-1) / c_K(η)
	"lkj_corr": {Src: "gonum mat.LU log det and the C-vine c_K",
		Cases: func(r *rand.Rand) []library.Tensor {
			return []library.Tensor{librarytest.SymT(randCorr(r, 2+r.IntN(3))), library.Scalar(0.5 + 3*r.Float64())}
		},
		Lpdf: func(a []library.Tensor) float64 {
			return (a[1].X[0]-1)*logDetT(a[0]) - lkjLogC(a[1].X[0], a[0].Dims[0])
		},
		Dropped: func(a []library.Tensor, data []bool) float64 {
			if !data[1] {
				return 0
			}
			return -lkjLogC(a[1].X[0], a[0].Dims[0])
		},
		// each correlation is 2 Beta(b, b) - 1, b = η - 1 + K/2: variance
		// 1/(2η + K - 1); the diagonal is 1 (to rounding: not checked)
		Rng:      []library.Tensor{library.Scalar(3), library.Scalar(2)},
		Mean:     []float64{math.NaN(), 0, 0, 0, math.NaN(), 0, 0, 0, math.NaN()},
		Variance: []float64{math.NaN(), 1 / 6.0, 1 / 6.0, 1 / 6.0, math.NaN(), 1 / 6.0, 1 / 6.0, 1 / 6.0, math.NaN()},
		Bad: []librarytest.BadCall{
			{Args: []library.Tensor{librarytest.Mat2(2, 1, 0, 0, 1), library.Scalar(-1)}, Want: "the shape must be positive; found -1"},
			{Args: []library.Tensor{librarytest.Mat2(2, 1, 2, 2, 1), library.Scalar(1)}, Want: "the correlation matrix is not positive definite"},
			{Rng: true, Args: []library.Tensor{library.Scalar(0), library.Scalar(1)}, Want: "the size must be at least 1; found 0"},
			{Rng: true, Args: []library.Tensor{library.Scalar(2), library.Scalar(0)}, Want: "the shape must be positive; found 0"}}},
	// lkj_corr of Ω = L L' times the Jacobian Π_i L_ii^(K-i) of Ω -> L
	// (Stan Reference Manual, "Cholesky factors of correlation matrices")
	"bernoulli_logit_glm": {Src: "gonum mat.VecDense.MulVec and distuv.Bernoulli",
		Cases: func(r *rand.Rand) []library.Tensor {
			y, x, alpha, beta := glmDesignCase(r)
			for i := range y.X {
				y.X[i] = float64(r.IntN(2))
			}
			return []library.Tensor{y, x, alpha, beta}
		},
		Lpdf: func(a []library.Tensor) float64 {
			eta := glmEtaFor(a[0], a[1], a[2], a[3])
			s := 0.0
			for i, e := range eta {
				s += distuv.Bernoulli{P: 1 / (1 + math.Exp(-e))}.LogProb(a[0].X[min(i, len(a[0].X)-1)])
			}
			return s
		},
		Dropped: zeroDropped,
		// x = [1 0.5; 0 1]: η = (0.5 + 1 - 2·0.5, 0.5 + 0 - 2) = (0.5, -1.5)
		Rng:      []library.Tensor{librarytest.Mat2(2, 1, 0.5, 0, 1), library.Scalar(0.5), librarytest.Vec(1, -2)},
		Mean:     []float64{1 / (1 + math.Exp(-0.5)), 1 / (1 + math.Exp(1.5))},
		Variance: []float64{bernVar(0.5), bernVar(-1.5)},
		Bad: []librarytest.BadCall{
			{Args: []library.Tensor{librarytest.Vec(0, 2), librarytest.Mat2(2, 1, 0, 0, 1), library.Scalar(0), librarytest.Vec(1, 1)}, Want: "bernoulli_logit_glm: the outcome is 2 at position 2, but must be 0 or 1"},
			{Rng: true, Args: []library.Tensor{librarytest.Mat2(2, 1, 0, 0, 1), library.Scalar(0), librarytest.Vec(1, 1, 1)}, Want: "needs 2 weights, found 3"},
			{Rng: true, Args: []library.Tensor{librarytest.Mat2(2, 1, 0, 0, 1), library.Scalar(math.Inf(1)), librarytest.Vec(1, 1)}, Want: "the intercept holds +Inf, but must be finite"}}},
	"normal_id_glm": {Src: "gonum mat.VecDense.MulVec and distuv.Normal",
		Cases: func(r *rand.Rand) []library.Tensor {
			y, x, alpha, beta := glmDesignCase(r)
			sigma := library.Scalar(0.5 + r.Float64())
			if r.IntN(2) == 0 {
				sigma = librarytest.Vec(make([]float64, glmRows(y, x))...)
				for i := range sigma.X {
					sigma.X[i] = 0.5 + r.Float64()
				}
			}
			return []library.Tensor{y, x, alpha, beta, sigma}
		},
		Lpdf: func(a []library.Tensor) float64 {
			eta := glmEtaFor(a[0], a[1], a[2], a[3])
			s := 0.0
			for i, e := range eta {
				sigma := a[4].X[min(i, len(a[4].X)-1)]
				s += distuv.Normal{Mu: e, Sigma: sigma}.LogProb(a[0].X[min(i, len(a[0].X)-1)])
			}
			return s
		},
		// Σ_i -log(2π)/2, and Σ_i -log σ_i when σ is data
		Dropped: func(a []library.Tensor, data []bool) float64 {
			n := glmRows(a[0], a[1])
			d := -float64(n) * 0.5 * math.Log(2*math.Pi)
			if data[4] {
				for i := range n {
					d -= math.Log(a[4].X[min(i, len(a[4].X)-1)])
				}
			}
			return d
		},
		// μ = (0.5 + 1 - 2·0.5, -1 + 0 - 2) = (0.5, -3), σ = (1, 3)
		Rng:      []library.Tensor{librarytest.Mat2(2, 1, 0.5, 0, 1), librarytest.Vec(0.5, -1), librarytest.Vec(1, -2), librarytest.Vec(1, 3)},
		Mean:     []float64{0.5, -3},
		Variance: []float64{1, 9},
		Bad: []librarytest.BadCall{
			{Args: []library.Tensor{librarytest.Vec(0, 2), librarytest.Mat2(2, 1, 0, 0, 1), library.Scalar(0), librarytest.Vec(1, 1), library.Scalar(-1)}, Want: "normal_id_glm: the scale is -1 at position 1, but must be positive and finite"},
			{Rng: true, Args: []library.Tensor{librarytest.Mat2(2, 1, 0, 0, 1), library.Scalar(0), librarytest.Vec(1, 1), library.Scalar(0)}, Want: "scale is 0, but must be positive and finite"}}},
	"lkj_corr_cholesky": {Src: "lkj_corr's reference at L L' and the Jacobian",
		Cases: func(r *rand.Rand) []library.Tensor {
			return []library.Tensor{cholT(randCorr(r, 2+r.IntN(3))), library.Scalar(0.5 + 3*r.Float64())}
		},
		Lpdf: func(a []library.Tensor) float64 {
			L, eta := a[0], a[1].X[0]
			k := L.Dims[0]
			jac := 0.0
			for i := range k {
				jac += float64(k-1-i) * math.Log(L.X[i*k+i])
			}
			return (eta-1)*logDetT(librarytest.SymT(outer(L))) - lkjLogC(eta, k) + jac
		},
		Dropped: func(a []library.Tensor, data []bool) float64 {
			if !data[1] {
				return 0
			}
			return -lkjLogC(a[1].X[0], a[0].Dims[0])
		},
		// L[1][0], L[2][0] are correlations; L[2][1] = z √(1 - L20²), z =
		// 2 Beta(2, 2) - 1 with variance 1/5: variance 1/5 (1 - 1/6) = 1/6
		Rng:      []library.Tensor{library.Scalar(3), library.Scalar(2)},
		Mean:     []float64{1, 0, 0, 0, math.NaN(), 0, 0, 0, math.NaN()},
		Variance: []float64{0, 0, 0, 1 / 6.0, math.NaN(), 0, 1 / 6.0, 1 / 6.0, math.NaN()},
		Bad: []librarytest.BadCall{
			{Args: []library.Tensor{librarytest.Mat2(2, 1, 0, 0, 1), library.Scalar(0)}, Want: "the shape must be positive; found 0"},
			{Rng: true, Args: []library.Tensor{library.Scalar(-2), library.Scalar(1)}, Want: "the size must be at least 1; found -2"}}},
}

func symOf(t library.Tensor) *mat.SymDense {
	return mat.NewSymDense(t.Dims[0], append([]float64(nil), t.X...))
}

// outer is L L'.
func outer(l library.Tensor) *mat.SymDense {
	k := l.Dims[0]
	var s mat.SymDense
	s.SymOuterK(1, mat.NewDense(k, k, append([]float64(nil), l.X...)))
	return &s
}

func logDiag(l library.Tensor) float64 {
	k, s := l.Dims[0], 0.0
	for i := range k {
		s += math.Log(l.X[i*k+i])
	}
	return s
}
