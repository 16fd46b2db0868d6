package library

import (
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat/distuv"
)

// randCorr is D^-1/2 S D^-1/2, S = randSPD: a correlation matrix.
func randCorr(r *rand.Rand, k int) *mat.SymDense {
	s := randSPD(r, k)
	c := mat.NewSymDense(k, nil)
	for i := range k {
		for j := 0; j <= i; j++ {
			c.SetSym(i, j, s.At(i, j)/math.Sqrt(s.At(i, i)*s.At(j, j)))
		}
	}
	return c
}

func cholT(s *mat.SymDense) Tensor {
	var ch mat.Cholesky
	if !ch.Factorize(s) {
		panic("not positive definite")
	}
	var l mat.TriDense
	ch.LTo(&l)
	k := s.SymmetricDim()
	t := Tensor{Dims: []int{k, k}, X: make([]float64, k*k)}
	for i := range k {
		for j := 0; j <= i; j++ {
			t.X[i*k+j] = l.At(i, j)
		}
	}
	return t
}

// rowsT are the vectors of a vector or an array of them.
func rowsT(t Tensor) [][]float64 {
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
func mvnRef(y, mu Tensor, sigma mat.Symmetric) float64 {
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
func mvnDropped(a []Tensor, data []bool, logDet float64) float64 {
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
		s += float64(K-k) * ((2*a-1)*math.Ln2 + 2*lg(a) - lg(2*a))
	}
	return s
}

func logDetT(t Tensor) float64 {
	var lu mat.LU
	lu.Factorize(mat.NewDense(t.Dims[0], t.Dims[1], append([]float64(nil), t.X...)))
	ld, _ := lu.LogDet()
	return ld
}

func orderedLogisticRef(ys []float64, eta func(i int) float64, c []float64) float64 {
	il := func(x float64) float64 { return 1 / (1 + math.Exp(-x)) }
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
func glmCase(r *rand.Rand) (y, x, alpha, beta Tensor) {
	n, k := 1+r.IntN(5), 1+r.IntN(3)
	y = randT(r, n)
	if r.IntN(4) == 0 {
		y = Scalar(y.X[0])
	}
	alpha = Scalar(randVec(r, 1).X[0])
	if r.IntN(2) == 0 {
		alpha = randT(r, n)
	}
	return y, randT(r, n, k), alpha, randT(r, k)
}

// glmEtaRef is α + x β by gonum.
func glmEtaRef(x, alpha, beta Tensor) []float64 {
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
	catOutcomes = vec(1, 3, 3, 2, 1)
	zeroDropped = func([]Tensor, []bool) float64 { return 0 }
	notSimplex  = vec(0.5, 0.6, -0.1)
)

var mvReferences = map[string]mvReference{
	"categorical": {src: "distuv.Categorical",
		cases: func(r *rand.Rand) []Tensor { return []Tensor{catOutcomes, randSimplex(r, 3)} },
		lpdf: func(a []Tensor) float64 {
			c, s := distuv.NewCategorical(a[1].X, nil), 0.0
			for _, k := range a[0].X {
				s += c.LogProb(k - 1) // distuv.Categorical counts from 0
			}
			return s
		},
		dropped: zeroDropped,
		rng:     []Tensor{vec(0.2, 0.5, 0.3)}, mean: []float64{2.1}, variance: []float64{0.2 + 2.0 + 2.7 - 2.1*2.1},
		bad: []badCall{
			{args: []Tensor{catOutcomes, notSimplex}, want: "the chance simplex is not a simplex: it has the element -0.1"},
			{args: []Tensor{vec(1, 4), vec(0.2, 0.5, 0.3)}, want: "categorical: outcome 4 at position 2 outside 1:3"},
			{rng: true, args: []Tensor{vec(0.2, 0.5, 0.4)}, want: "the chance simplex is not a simplex: its elements sum to 1.1"}}},
	"categorical_logit": {src: "distuv.Categorical with weights exp(β)",
		cases: func(r *rand.Rand) []Tensor { return []Tensor{catOutcomes, randVec(r, 3)} },
		lpdf: func(a []Tensor) float64 {
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
		dropped: zeroDropped,
		rng:     []Tensor{vec(math.Log(0.2), math.Log(0.5), math.Log(0.3))}, mean: []float64{2.1}, variance: []float64{4.9 - 2.1*2.1},
		bad: []badCall{{args: []Tensor{vec(0), vec(0, 0)}, want: "categorical_logit: outcome 0 at position 1 outside 1:2"}}},
	"ordered_logistic": {src: "differences of inv_logit (Functions Reference, \"Ordered logistic distribution\")",
		cases: func(r *rand.Rand) []Tensor {
			c := vec(-1+0.5*r.Float64(), 0.2*r.Float64(), 0.8+r.Float64())
			if r.IntN(2) == 0 {
				return []Tensor{vec(1, 3, 4, 2, 3, 4), Scalar(2*r.Float64() - 1), c}
			}
			return []Tensor{vec(1, 3, 4, 2, 3, 4), randVec(r, 6), c}
		},
		lpdf: func(a []Tensor) float64 {
			return orderedLogisticRef(a[0].X, func(i int) float64 {
				if len(a[1].Dims) == 0 {
					return a[1].X[0]
				}
				return a[1].X[i]
			}, a[2].X)
		},
		dropped: zeroDropped,
		rng:     []Tensor{Scalar(0), vec(-1, 1)},
		mean:    []float64{(1 - InvLogit(1)) + 2*(InvLogit(1)-InvLogit(-1)) + 3*InvLogit(-1)},
		variance: []float64{(1 - InvLogit(1)) + 4*(InvLogit(1)-InvLogit(-1)) + 9*InvLogit(-1) -
			math.Pow((1-InvLogit(1))+2*(InvLogit(1)-InvLogit(-1))+3*InvLogit(-1), 2)},
		bad: []badCall{
			{args: []Tensor{vec(1), Scalar(0), vec(1, -1)}, want: "the cutpoints are not ordered"},
			{args: []Tensor{vec(1, 2), vec(0, 1, 2), vec(-1, 1)}, want: "ordered_logistic: 2 outcomes and 3 locations"},
			{rng: true, args: []Tensor{Scalar(0), vec(1, -1)}, want: "the cutpoints are not ordered"}}},
	// N! / Π y_k! Π θ_k^y_k (Functions Reference, "Multinomial distribution")
	"multinomial": {src: "closed form, math.Lgamma",
		cases: func(r *rand.Rand) []Tensor { return []Tensor{vec(2, 0, 5), randSimplex(r, 3)} },
		lpdf: func(a []Tensor) float64 {
			n, s := 0.0, 0.0
			for k, c := range a[0].X {
				n += c
				s += -lg(c+1) + c*math.Log(a[1].X[k])
			}
			return s + lg(n+1)
		},
		dropped: func(a []Tensor, _ []bool) float64 {
			n, s := 0.0, 0.0
			for _, c := range a[0].X {
				n, s = n+c, s-lg(c+1)
			}
			return s + lg(n+1)
		},
		rng: []Tensor{vec(0.2, 0.5, 0.3), Scalar(10)}, mean: []float64{2, 5, 3}, variance: []float64{1.6, 2.5, 2.1},
		bad: []badCall{
			{args: []Tensor{vec(1, 2, 0), notSimplex}, want: "the chance simplex is not a simplex"},
			{rng: true, args: []Tensor{vec(0.2, 0.5, 0.3), Scalar(-1)}, want: "the total count is negative (-1)"}}},
	// Γ(Σα) / Π Γ(α_k) Π θ_k^(α_k - 1) (Functions Reference, "Dirichlet distribution")
	"dirichlet": {src: "closed form, math.Lgamma",
		cases: func(r *rand.Rand) []Tensor {
			return []Tensor{randSimplex(r, 4), vec(0.5+2*r.Float64(), 0.5+2*r.Float64(), 1, 3)}
		},
		lpdf: func(a []Tensor) float64 {
			s, t := 0.0, 0.0
			for k, al := range a[1].X {
				s += (al-1)*math.Log(a[0].X[k]) - lg(al)
				t += al
			}
			return s + lg(t)
		},
		dropped: func(a []Tensor, data []bool) float64 {
			if !data[1] {
				return 0
			}
			s, t := 0.0, 0.0
			for _, al := range a[1].X {
				s, t = s-lg(al), t+al
			}
			return s + lg(t)
		},
		rng:  []Tensor{vec(2, 3, 5)},
		mean: []float64{0.2, 0.3, 0.5}, variance: []float64{2 * 8 / 1100.0, 3 * 7 / 1100.0, 5 * 5 / 1100.0},
		bad: []badCall{
			{args: []Tensor{vec(0.5, 0.5), vec(1, -1)}, want: "the prior counts must be positive and finite; found -1"},
			{args: []Tensor{vec(0.5, 0.6), vec(1, 1)}, want: "the outcome is not a simplex"},
			{rng: true, args: []Tensor{vec(1, 0)}, want: "the prior counts must be positive and finite; found 0"}}},
	"multi_normal": {src: "gonum mat.Cholesky",
		cases: func(r *rand.Rand) []Tensor {
			s := symT(randSPD(r, 3))
			switch r.IntN(3) {
			case 0:
				return []Tensor{randVec(r, 3), randVec(r, 3), s}
			case 1: // an array of outcomes, one location
				return []Tensor{arr(randVec(r, 3), randVec(r, 3)), randVec(r, 3), s}
			}
			return []Tensor{randVec(r, 3), arr(randVec(r, 3), randVec(r, 3)), s}
		},
		lpdf: func(a []Tensor) float64 { return mvnRef(a[0], a[1], symOf(a[2])) },
		dropped: func(a []Tensor, data []bool) float64 {
			return mvnDropped(a, data, logDetT(a[2]))
		},
		rng: []Tensor{vec(1, -1), mat2(2, 4, 1.2, 1.2, 1)}, mean: []float64{1, -1}, variance: []float64{4, 1},
		bad: []badCall{
			{args: []Tensor{vec(0, 0), vec(0, 0), mat2(2, 1, 0.5, 0.4, 1)}, want: "the covariance matrix is not symmetric at [2,1]"},
			{args: []Tensor{vec(0, 0), vec(0, 0), mat2(2, 1, 2, 2, 1)}, want: "the covariance matrix is not positive definite"},
			{rng: true, args: []Tensor{vec(0, 0), mat2(2, 1, 2, 2, 1)}, want: "the covariance matrix is not positive definite"}}},
	"multi_normal_cholesky": {src: "gonum mat.Cholesky of L L'",
		cases: func(r *rand.Rand) []Tensor {
			l := cholT(randSPD(r, 3))
			if r.IntN(2) == 0 {
				return []Tensor{randVec(r, 3), randVec(r, 3), l}
			}
			return []Tensor{arr(randVec(r, 3), randVec(r, 3)), arr(randVec(r, 3), randVec(r, 3)), l}
		},
		lpdf: func(a []Tensor) float64 { return mvnRef(a[0], a[1], outer(a[2])) },
		dropped: func(a []Tensor, data []bool) float64 {
			return mvnDropped(a, data, 2*logDiag(a[2]))
		},
		rng: []Tensor{vec(1, -1), mat2(2, 2, 0, 0.6, 0.8)}, mean: []float64{1, -1}, variance: []float64{4, 1},
		bad: []badCall{{rng: true, args: []Tensor{vec(0, 0), mat2(3, 1, 0, 0, 0, 1, 0, 0, 0, 1)},
			want: "size mismatch: a location of size 2 needs a 2 x 2 Cholesky factor"}}},
	// det(Ω)^(η-1) / c_K(η)
	"lkj_corr": {src: "gonum mat.LU log det and the C-vine c_K",
		cases: func(r *rand.Rand) []Tensor {
			return []Tensor{symT(randCorr(r, 2+r.IntN(3))), Scalar(0.5 + 3*r.Float64())}
		},
		lpdf: func(a []Tensor) float64 {
			return (a[1].X[0]-1)*logDetT(a[0]) - lkjLogC(a[1].X[0], a[0].Dims[0])
		},
		dropped: func(a []Tensor, data []bool) float64 {
			if !data[1] {
				return 0
			}
			return -lkjLogC(a[1].X[0], a[0].Dims[0])
		},
		// each correlation is 2 Beta(b, b) - 1, b = η - 1 + K/2: variance
		// 1/(2η + K - 1); the diagonal is 1 (to rounding: not checked)
		rng:      []Tensor{Scalar(3), Scalar(2)},
		mean:     []float64{math.NaN(), 0, 0, 0, math.NaN(), 0, 0, 0, math.NaN()},
		variance: []float64{math.NaN(), 1 / 6.0, 1 / 6.0, 1 / 6.0, math.NaN(), 1 / 6.0, 1 / 6.0, 1 / 6.0, math.NaN()},
		bad: []badCall{
			{args: []Tensor{mat2(2, 1, 0, 0, 1), Scalar(-1)}, want: "the shape must be positive; found -1"},
			{args: []Tensor{mat2(2, 1, 2, 2, 1), Scalar(1)}, want: "the correlation matrix is not positive definite"},
			{rng: true, args: []Tensor{Scalar(0), Scalar(1)}, want: "the size must be at least 1; found 0"},
			{rng: true, args: []Tensor{Scalar(2), Scalar(0)}, want: "the shape must be positive; found 0"}}},
	// lkj_corr of Ω = L L' times the Jacobian Π_i L_ii^(K-i) of Ω -> L
	// (Stan Reference Manual, "Cholesky factors of correlation matrices")
	"bernoulli_logit_glm": {src: "gonum mat.VecDense.MulVec and distuv.Bernoulli",
		cases: func(r *rand.Rand) []Tensor {
			y, x, alpha, beta := glmCase(r)
			for i := range y.X {
				y.X[i] = float64(r.IntN(2))
			}
			return []Tensor{y, x, alpha, beta}
		},
		lpdf: func(a []Tensor) float64 {
			eta := glmEtaRef(a[1], a[2], a[3])
			s := 0.0
			for i, e := range eta {
				s += distuv.Bernoulli{P: 1 / (1 + math.Exp(-e))}.LogProb(a[0].X[min(i, len(a[0].X)-1)])
			}
			return s
		},
		dropped: zeroDropped,
		// x = [1 0.5; 0 1]: η = (0.5 + 1 - 2·0.5, 0.5 + 0 - 2) = (0.5, -1.5)
		rng:      []Tensor{mat2(2, 1, 0.5, 0, 1), Scalar(0.5), vec(1, -2)},
		mean:     []float64{1 / (1 + math.Exp(-0.5)), 1 / (1 + math.Exp(1.5))},
		variance: []float64{bernVar(0.5), bernVar(-1.5)},
		bad: []badCall{
			{args: []Tensor{vec(0, 2), mat2(2, 1, 0, 0, 1), Scalar(0), vec(1, 1)}, want: "bernoulli_logit_glm: the outcome is 2 at position 2, but must be 0 or 1"},
			{rng: true, args: []Tensor{mat2(2, 1, 0, 0, 1), Scalar(0), vec(1, 1, 1)}, want: "needs 2 weights, found 3"},
			{rng: true, args: []Tensor{mat2(2, 1, 0, 0, 1), Scalar(math.Inf(1)), vec(1, 1)}, want: "the intercept holds +Inf, but must be finite"}}},
	"normal_id_glm": {src: "gonum mat.VecDense.MulVec and distuv.Normal",
		cases: func(r *rand.Rand) []Tensor {
			y, x, alpha, beta := glmCase(r)
			sigma := Scalar(0.5 + r.Float64())
			if r.IntN(2) == 0 {
				sigma = vec(make([]float64, x.Dims[0])...)
				for i := range sigma.X {
					sigma.X[i] = 0.5 + r.Float64()
				}
			}
			return []Tensor{y, x, alpha, beta, sigma}
		},
		lpdf: func(a []Tensor) float64 {
			eta := glmEtaRef(a[1], a[2], a[3])
			s := 0.0
			for i, e := range eta {
				sigma := a[4].X[min(i, len(a[4].X)-1)]
				s += distuv.Normal{Mu: e, Sigma: sigma}.LogProb(a[0].X[min(i, len(a[0].X)-1)])
			}
			return s
		},
		// Σ_i -log(2π)/2, and Σ_i -log σ_i when σ is data
		dropped: func(a []Tensor, data []bool) float64 {
			n := a[1].Dims[0]
			d := -float64(n) * 0.5 * math.Log(2*math.Pi)
			if data[4] {
				for i := range n {
					d -= math.Log(a[4].X[min(i, len(a[4].X)-1)])
				}
			}
			return d
		},
		// μ = (0.5 + 1 - 2·0.5, -1 + 0 - 2) = (0.5, -3), σ = (1, 3)
		rng:      []Tensor{mat2(2, 1, 0.5, 0, 1), vec(0.5, -1), vec(1, -2), vec(1, 3)},
		mean:     []float64{0.5, -3},
		variance: []float64{1, 9},
		bad: []badCall{
			{args: []Tensor{vec(0, 2), mat2(2, 1, 0, 0, 1), Scalar(0), vec(1, 1), Scalar(-1)}, want: "normal_id_glm: the scale is -1 at position 1, but must be positive and finite"},
			{rng: true, args: []Tensor{mat2(2, 1, 0, 0, 1), Scalar(0), vec(1, 1), Scalar(0)}, want: "scale is 0, but must be positive and finite"}}},
	"lkj_corr_cholesky": {src: "lkj_corr's reference at L L' and the Jacobian",
		cases: func(r *rand.Rand) []Tensor {
			return []Tensor{cholT(randCorr(r, 2+r.IntN(3))), Scalar(0.5 + 3*r.Float64())}
		},
		lpdf: func(a []Tensor) float64 {
			L, eta := a[0], a[1].X[0]
			k := L.Dims[0]
			jac := 0.0
			for i := range k {
				jac += float64(k-1-i) * math.Log(L.X[i*k+i])
			}
			return (eta-1)*logDetT(symT(outer(L))) - lkjLogC(eta, k) + jac
		},
		dropped: func(a []Tensor, data []bool) float64 {
			if !data[1] {
				return 0
			}
			return -lkjLogC(a[1].X[0], a[0].Dims[0])
		},
		// L[1][0], L[2][0] are correlations; L[2][1] = z √(1 - L20²), z =
		// 2 Beta(2, 2) - 1 with variance 1/5: variance 1/5 (1 - 1/6) = 1/6
		rng:      []Tensor{Scalar(3), Scalar(2)},
		mean:     []float64{1, 0, 0, 0, math.NaN(), 0, 0, 0, math.NaN()},
		variance: []float64{0, 0, 0, 1 / 6.0, math.NaN(), 0, 1 / 6.0, 1 / 6.0, math.NaN()},
		bad: []badCall{
			{args: []Tensor{mat2(2, 1, 0, 0, 1), Scalar(0)}, want: "the shape must be positive; found 0"},
			{rng: true, args: []Tensor{Scalar(-2), Scalar(1)}, want: "the size must be at least 1; found -2"}}},
}

func symOf(t Tensor) *mat.SymDense {
	return mat.NewSymDense(t.Dims[0], append([]float64(nil), t.X...))
}

// outer is L L'.
func outer(l Tensor) *mat.SymDense {
	k := l.Dims[0]
	var s mat.SymDense
	s.SymOuterK(1, mat.NewDense(k, k, append([]float64(nil), l.X...)))
	return &s
}

func logDiag(l Tensor) float64 {
	k, s := l.Dims[0], 0.0
	for i := range k {
		s += math.Log(l.X[i*k+i])
	}
	return s
}
