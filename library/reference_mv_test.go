package library

import (
	"math"
	"math/rand/v2"
	"sort"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat/distuv"
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
// argument checks refuse, with the message they give.
type badCall struct {
	rng  bool
	args []Tensor
	want string
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

func lg(x float64) float64 { r, _ := math.Lgamma(x); return r }

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
	xb.MulVec(denseOf(x, shapeMatrix), mat.NewVecDense(len(beta.X), append([]float64(nil), beta.X...)))
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

// funcReference is one plain function's row: its value from gonum or a
// closed form (value, from src) at argument sets drawn by cases, each
// for the overload it returns.
type funcReference struct {
	src   string
	cases func(r *rand.Rand) (int, []Tensor)
	value func(overload int, a []Tensor) Tensor
	bad   []badFuncCall
}

// badFuncCall is a call of the overload that the function's argument
// checks refuse, with (a part of) the message they give.
type badFuncCall struct {
	overload int
	args     []Tensor
	want     string
}

// randMat is an r x c matrix with entries in (-1, 1).
func randMat(rng *rand.Rand, r, c int) Tensor { return randT(rng, r, c) }

// ints is the scalars ns, as int arguments are passed.
func ints(ns ...int) []Tensor {
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

// denseOf sees a tensor of shape s as a gonum matrix (a real 1 x 1, a
// vector a column, a row vector a row).
func denseOf(t Tensor, s shape) *mat.Dense {
	switch s {
	case shapeScalar:
		return mat.NewDense(1, 1, []float64{t.X[0]})
	case shapeVector:
		return mat.NewDense(len(t.X), 1, append([]float64(nil), t.X...))
	case shapeRowVector:
		return mat.NewDense(1, len(t.X), append([]float64(nil), t.X...))
	}
	return mat.NewDense(t.Dims[0], t.Dims[1], append([]float64(nil), t.X...))
}

// asShape is the gonum matrix m as a tensor of shape s.
func asShape(m mat.Matrix, s shape) Tensor {
	t := denseT(m)
	if s != shapeMatrix {
		t.Dims = t.Dims[:1]
		t.Dims[0] = len(t.X)
	}
	return t
}

// colMajor is a matrix's elements read column-major: its transpose's
// row-major, by gonum.
func colMajor(t Tensor) []float64 {
	return mat.DenseCopyOf(mat.NewDense(t.Dims[0], t.Dims[1], append([]float64(nil), t.X...)).T()).RawMatrix().Data
}

// sliceCase draws an argument of head, tail or segment for the overload o
// (a vector, a row vector, an array of vectors) and its outer size.
func sliceCase(r *rand.Rand) (int, Tensor, int) {
	o, n := r.IntN(3), 3+r.IntN(3)
	if o == 2 {
		return o, randT(r, n, 2), n
	}
	return o, randT(r, n), n
}

// outerRange is entries [from, to) of t's outer dimension, as a slice.
func outerRange(t Tensor, from, to int) Tensor {
	inner := numElems(t.Dims[1:])
	return Tensor{Dims: append([]int{to - from}, t.Dims[1:]...), X: t.X[from*inner : to*inner]}
}

// the shapes of append_row's and append_col's overloads, in order
var (
	appendRowShapes = [][3]shape{{shapeVector, shapeVector, shapeVector}, {shapeScalar, shapeVector, shapeVector},
		{shapeVector, shapeScalar, shapeVector}, {shapeMatrix, shapeMatrix, shapeMatrix},
		{shapeRowVector, shapeMatrix, shapeMatrix}, {shapeMatrix, shapeRowVector, shapeMatrix},
		{shapeRowVector, shapeRowVector, shapeMatrix}}
	appendColShapes = [][3]shape{{shapeRowVector, shapeRowVector, shapeRowVector}, {shapeScalar, shapeRowVector, shapeRowVector},
		{shapeRowVector, shapeScalar, shapeRowVector}, {shapeMatrix, shapeMatrix, shapeMatrix},
		{shapeVector, shapeMatrix, shapeMatrix}, {shapeMatrix, shapeVector, shapeMatrix},
		{shapeVector, shapeVector, shapeMatrix}}
)

// appendCase draws arguments of the shapes s, whose rows (rows true) or
// columns agree, with shared size k.
func appendCase(r *rand.Rand, s [3]shape, rows bool) []Tensor {
	k := 2 + r.IntN(2)
	one := func(sh shape) Tensor {
		other := 1 + r.IntN(3)
		switch sh {
		case shapeScalar:
			return Scalar(randVec(r, 1).X[0])
		case shapeVector:
			if rows {
				return randT(r, other) // a column: stacked rows need 1 column
			}
			return randT(r, k)
		case shapeRowVector:
			if rows {
				return randT(r, k)
			}
			return randT(r, other)
		}
		if rows {
			return randT(r, other, k)
		}
		return randT(r, k, other)
	}
	return []Tensor{one(s[0]), one(s[1])}
}

var funcReferences = map[string]funcReference{
	"head": {src: "a slice of the elements",
		cases: func(r *rand.Rand) (int, []Tensor) {
			o, x, n := sliceCase(r)
			return o, []Tensor{x, Scalar(float64(r.IntN(n + 1)))}
		},
		value: func(_ int, a []Tensor) Tensor { return outerRange(a[0], 0, int(a[1].X[0])) }},
	"tail": {src: "a slice of the elements",
		cases: func(r *rand.Rand) (int, []Tensor) {
			o, x, n := sliceCase(r)
			return o, []Tensor{x, Scalar(float64(r.IntN(n + 1)))}
		},
		value: func(_ int, a []Tensor) Tensor {
			return outerRange(a[0], a[0].Dims[0]-int(a[1].X[0]), a[0].Dims[0])
		}},
	"segment": {src: "a slice of the elements",
		cases: func(r *rand.Rand) (int, []Tensor) {
			o, x, n := sliceCase(r)
			i := 1 + r.IntN(n)
			return o, []Tensor{x, Scalar(float64(i)), Scalar(float64(r.IntN(n - i + 2)))}
		},
		value: func(_ int, a []Tensor) Tensor {
			i, n := int(a[1].X[0]), int(a[2].X[0])
			return outerRange(a[0], i-1, i-1+n)
		}},
	"append_row": {src: "gonum mat.Dense.Stack",
		cases: func(r *rand.Rand) (int, []Tensor) {
			o := r.IntN(len(appendRowShapes))
			return o, appendCase(r, appendRowShapes[o], true)
		},
		value: func(o int, a []Tensor) Tensor {
			s := appendRowShapes[o]
			var m mat.Dense
			m.Stack(denseOf(a[0], s[0]), denseOf(a[1], s[1]))
			return asShape(&m, s[2])
		}},
	"append_col": {src: "gonum mat.Dense.Augment",
		cases: func(r *rand.Rand) (int, []Tensor) {
			o := r.IntN(len(appendColShapes))
			return o, appendCase(r, appendColShapes[o], false)
		},
		value: func(o int, a []Tensor) Tensor {
			s := appendColShapes[o]
			var m mat.Dense
			m.Augment(denseOf(a[0], s[0]), denseOf(a[1], s[1]))
			return asShape(&m, s[2])
		}},
	"rep_matrix": {src: "loops over the result",
		cases: func(r *rand.Rand) (int, []Tensor) {
			m, n := 1+r.IntN(3), 1+r.IntN(3)
			switch o := r.IntN(3); o {
			case 0:
				return o, []Tensor{Scalar(randVec(r, 1).X[0]), Scalar(float64(m)), Scalar(float64(n))}
			default:
				return o, []Tensor{randT(r, m), Scalar(float64(n))}
			}
		},
		value: func(o int, a []Tensor) Tensor {
			x := a[0].X
			var rows, cols int
			at := func(i, j int) float64 { return x[0] }
			switch o {
			case 0:
				rows, cols = int(a[1].X[0]), int(a[2].X[0])
			case 1: // each column is the vector
				rows, cols = len(x), int(a[1].X[0])
				at = func(i, _ int) float64 { return x[i] }
			case 2: // each row is the row vector
				rows, cols = int(a[1].X[0]), len(x)
				at = func(_, j int) float64 { return x[j] }
			}
			m := mat.NewDense(rows, cols, nil)
			for i := range rows {
				for j := range cols {
					m.Set(i, j, at(i, j))
				}
			}
			return denseT(m)
		}},
	"to_matrix": {src: "gonum transposes (column-major)",
		cases: func(r *rand.Rand) (int, []Tensor) {
			m, n := 1+r.IntN(3), 1+r.IntN(3)
			switch o := r.IntN(9); o {
			case 0:
				return o, []Tensor{randT(r, m, n)}
			case 1, 2:
				return o, []Tensor{randT(r, m)}
			case 3:
				return o, []Tensor{randT(r, n, m), Scalar(float64(m)), Scalar(float64(n))}
			case 4, 5, 6:
				return o, []Tensor{randT(r, m*n), Scalar(float64(m)), Scalar(float64(n))}
			default:
				return o, []Tensor{randT(r, m, n)}
			}
		},
		value: func(o int, a []Tensor) Tensor {
			x := a[0]
			switch o {
			case 0, 7, 8:
				return Tensor{Dims: x.Dims[:2], X: x.X}
			case 1:
				return Tensor{Dims: []int{len(x.X), 1}, X: x.X}
			case 2:
				return Tensor{Dims: []int{1, len(x.X)}, X: x.X}
			}
			xs := x.X
			if o == 3 {
				xs = colMajor(x)
			}
			m, n := int(a[1].X[0]), int(a[2].X[0])
			// column-major fill: the transpose of the n x m matrix of xs
			return denseT(mat.NewDense(n, m, append([]float64(nil), xs...)).T())
		}},
	"to_row_vector": {src: "gonum transposes (column-major)",
		cases: func(r *rand.Rand) (int, []Tensor) {
			if o := r.IntN(5); o != 2 {
				return o, []Tensor{randT(r, 1+r.IntN(4))}
			}
			return 2, []Tensor{randT(r, 1+r.IntN(3), 1+r.IntN(3))}
		},
		value: func(o int, a []Tensor) Tensor {
			if o == 2 {
				return vec(colMajor(a[0])...)
			}
			return vec(a[0].X...)
		}},
	"to_array_1d": {src: "gonum transposes (column-major)",
		cases: func(r *rand.Rand) (int, []Tensor) {
			switch o := r.IntN(4); o {
			case 2:
				return o, []Tensor{randT(r, 1+r.IntN(3), 1+r.IntN(3))}
			case 3: // an array of matrices: row-major throughout
				return o, []Tensor{randT(r, 2, 2, 3)}
			default:
				return o, []Tensor{randT(r, 1+r.IntN(4))}
			}
		},
		value: func(o int, a []Tensor) Tensor {
			if o == 2 {
				return vec(colMajor(a[0])...)
			}
			return vec(a[0].X...)
		}},
	"log10": {src: "log(x)/log(10), math.Log and math.Ln10",
		cases: func(r *rand.Rand) (int, []Tensor) {
			// a scalar, a vector, a matrix or an array of vectors, positive
			shapes := [][]int{nil, {1 + r.IntN(4)}, {2, 3}, {2, 3}}
			t := Tensor{Dims: shapes[r.IntN(len(shapes))]}
			for range numElems(t.Dims) {
				t.X = append(t.X, math.Exp(6*r.Float64()-3))
			}
			return 0, []Tensor{t}
		},
		value: func(_ int, a []Tensor) Tensor {
			out := Tensor{Dims: a[0].Dims, X: make([]float64, len(a[0].X))}
			for i, x := range a[0].X {
				out.X[i] = math.Log(x) / math.Ln10
			}
			return out
		}},
	"block": {src: "gonum mat.Dense.Slice",
		cases: func(r *rand.Rand) (int, []Tensor) {
			m, b := blockCase(r)
			return 0, append([]Tensor{m}, ints(b[:]...)...)
		},
		value: func(_ int, a []Tensor) Tensor {
			i, j, nr, nc := int(a[1].X[0]), int(a[2].X[0]), int(a[3].X[0]), int(a[4].X[0])
			return gonumSlice(a[0], i-1, j-1, nr, nc)
		},
		bad: []badFuncCall{
			{0, append([]Tensor{mat2(2, 1, 2, 3, 4)}, ints(2, 1, 2, 1)...), "block: rows 2 to 3 and columns 1 to 1 are out of range: the matrix is 2 x 2"},
			{0, append([]Tensor{mat2(2, 1, 2, 3, 4)}, ints(0, 1, 1, 1)...), "out of range"},
		}},
	"col": {src: "gonum mat.Dense.ColView",
		cases: func(r *rand.Rand) (int, []Tensor) {
			m, b := blockCase(r)
			return 0, []Tensor{m, Scalar(float64(b[1]))}
		},
		value: func(_ int, a []Tensor) Tensor {
			return asShape(denseOf(a[0], shapeMatrix).ColView(int(a[1].X[0])-1), shapeVector)
		},
		bad: []badFuncCall{{0, []Tensor{mat2(2, 1, 2, 3, 4), Scalar(3)}, "col: rows 1 to 2 and columns 3 to 3 are out of range: the matrix is 2 x 2"}}},
	"row": {src: "gonum mat.Dense.RowView",
		cases: func(r *rand.Rand) (int, []Tensor) {
			m, b := blockCase(r)
			return 0, []Tensor{m, Scalar(float64(b[0]))}
		},
		value: func(_ int, a []Tensor) Tensor {
			return asShape(denseOf(a[0], shapeMatrix).RowView(int(a[1].X[0])-1).T(), shapeRowVector)
		},
		bad: []badFuncCall{{0, []Tensor{mat2(2, 1, 2, 3, 4), Scalar(0)}, "row: rows 0 to 0"}}},
	"sub_col": {src: "gonum mat.Dense.Slice of one column",
		cases: func(r *rand.Rand) (int, []Tensor) {
			m, b := blockCase(r)
			return 0, append([]Tensor{m}, ints(b[0], b[1], b[2])...)
		},
		value: func(_ int, a []Tensor) Tensor {
			t := gonumSlice(a[0], int(a[1].X[0])-1, int(a[2].X[0])-1, int(a[3].X[0]), 1)
			return vec(t.X...)
		},
		bad: []badFuncCall{{0, append([]Tensor{mat2(2, 1, 2, 3, 4)}, ints(2, 2, 2)...), "sub_col: rows 2 to 3 and columns 2 to 2 are out of range"}}},
	"sub_row": {src: "gonum mat.Dense.Slice of one row",
		cases: func(r *rand.Rand) (int, []Tensor) {
			m, b := blockCase(r)
			return 0, append([]Tensor{m}, ints(b[0], b[1], b[3])...)
		},
		value: func(_ int, a []Tensor) Tensor {
			t := gonumSlice(a[0], int(a[1].X[0])-1, int(a[2].X[0])-1, 1, int(a[3].X[0]))
			return vec(t.X...)
		},
		bad: []badFuncCall{{0, append([]Tensor{mat2(2, 1, 2, 3, 4)}, ints(1, 2, 2)...), "sub_row: rows 1 to 1 and columns 2 to 3 are out of range"}}},
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
		bad:   []badFuncCall{{0, []Tensor{mat2(2, 1, 2, 3, 4)}, "eigenvalues_sym: the matrix is not symmetric: [2,1] is 3, [1,2] is 2"}}},
	"eigenvectors_sym": {src: "gonum mat.Eigen (the general, nonsymmetric solver), sorted, unit length, largest element positive",
		cases: func(r *rand.Rand) (int, []Tensor) { return 0, []Tensor{randSym(r)} },
		value: func(_ int, a []Tensor) Tensor {
			vals, vecs := eigenRef(a[0])
			n := len(vals)
			return Tensor{Dims: []int{n, n}, X: vecs}
		},
		bad: []badFuncCall{{0, []Tensor{mat2(2, 1, 2, 3, 4)}, "not symmetric"}}},
	"quad_form_diag": {src: "gonum mat.Dense product diag(v) m diag(v)",
		cases: func(r *rand.Rand) (int, []Tensor) {
			n := 2 + r.IntN(3)
			return r.IntN(2), []Tensor{{Dims: []int{n, n}, X: randVec(r, n*n).X}, randVec(r, n)}
		},
		value: func(_ int, a []Tensor) Tensor {
			n := a[0].Dims[0]
			d := mat.NewDiagDense(n, append([]float64(nil), a[1].X...))
			var dm, dmd mat.Dense
			dm.Mul(d, mat.NewDense(n, n, append([]float64(nil), a[0].X...)))
			dmd.Mul(&dm, d)
			return denseT(&dmd)
		}},
}
