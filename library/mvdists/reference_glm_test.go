package mvdists

import (
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat/distuv"

	"github.com/bayes-dev/bayes/library"
	"github.com/bayes-dev/bayes/library/librarytest"
)

// The reference rows of the count and category GLMs: the linear predictor
// by gonum's mat (glmEtaRef), each outcome's log probability by distuv or
// the closed form of the Functions Reference.

func init() {
	for name, ref := range glmReferences {
		mvReferences[name] = ref
	}
}

// glmCounts replaces y's elements by counts in 0..5.
func glmCounts(r *rand.Rand, y library.Tensor) library.Tensor {
	for i := range y.X {
		y.X[i] = float64(r.IntN(6))
	}
	return y
}

// nb2LogRef is neg_binomial_2(y | μ, φ), μ = exp(η): lgamma(y+φ) -
// lgamma(y+1) - lgamma(φ) + y log(μ/(μ+φ)) + φ log(φ/(μ+φ)) (Functions
// Reference, "Negative binomial distribution (alternative
// parameterization)").
func nb2LogRef(y, eta, phi float64) float64 {
	mu := math.Exp(eta)
	return librarytest.Lg(y+phi) - librarytest.Lg(y+1) - librarytest.Lg(phi) + y*math.Log(mu/(mu+phi)) + phi*math.Log(phi/(mu+phi))
}

// catGlmEta is the N x K matrix α' + x β, by gonum.
func catGlmEta(x, alpha, beta library.Tensor) *mat.Dense {
	var e mat.Dense
	e.Mul(mat.NewDense(x.Dims[0], x.Dims[1], append([]float64(nil), x.X...)), mat.NewDense(beta.Dims[0], beta.Dims[1], append([]float64(nil), beta.X...)))
	n, k := e.Dims()
	for i := range n {
		for j := range k {
			e.Set(i, j, e.At(i, j)+alpha.X[j])
		}
	}
	return &e
}

// softmaxMoments are the mean and variance of an outcome in 1..K with
// chances softmax(eta).
func softmaxMoments(eta ...float64) (float64, float64) {
	p := Softmax(eta)
	m, m2 := 0.0, 0.0
	for k, pk := range p {
		m += float64(k+1) * pk
		m2 += float64((k+1)*(k+1)) * pk
	}
	return m, m2 - m*m
}

var (
	olGlmMean, olGlmVar   = orderedMoments(1, -1, 1)
	olGlmMean0, olGlmVar0 = orderedMoments(0, -1, 1)
	catGlmMean, catGlmVar = softmaxMoments(0.2, 0.5, -0.8)
	// x = [1 0.5; 0 1], α = 0.5, β = (1, -2): η = (0.5, -1.5)
	glmRngX, glmRngAlpha, glmRngBeta = librarytest.Mat2(2, 1, 0.5, 0, 1), library.Scalar(0.5), librarytest.Vec(1, -2)
)

// orderedMoments are the mean and variance of ordered_logistic(η, c).
func orderedMoments(eta float64, c ...float64) (float64, float64) {
	p := orderedProbs(eta, c, library.InvLogit)
	m, m2 := 0.0, 0.0
	for k, pk := range p {
		m += float64(k+1) * pk
		m2 += float64((k+1)*(k+1)) * pk
	}
	return m, m2 - m*m
}

var glmReferences = map[string]librarytest.MvReference{
	"poisson_log_glm": {Src: "gonum mat.VecDense.MulVec and distuv.Poisson",
		Cases: func(r *rand.Rand) []library.Tensor {
			y, x, alpha, beta := glmDesignCase(r)
			return []library.Tensor{glmCounts(r, y), x, alpha, beta}
		},
		Lpdf: func(a []library.Tensor) float64 {
			s := 0.0
			for i, e := range glmEtaFor(a[0], a[1], a[2], a[3]) {
				s += distuv.Poisson{Lambda: math.Exp(e)}.LogProb(elemOf(a[0], i))
			}
			return s
		},
		// Σ_i -lgamma(y_i + 1) when y is data
		Dropped: func(a []library.Tensor, data []bool) float64 {
			if !data[0] {
				return 0
			}
			s := 0.0
			for i := range glmRows(a[0], a[1]) {
				s -= librarytest.Lg(elemOf(a[0], i) + 1)
			}
			return s
		},
		Rng:      []library.Tensor{glmRngX, glmRngAlpha, glmRngBeta},
		Mean:     []float64{math.Exp(0.5), math.Exp(-1.5)},
		Variance: []float64{math.Exp(0.5), math.Exp(-1.5)},
		Bad: []librarytest.BadCall{
			{Args: []library.Tensor{librarytest.Vec(-1, 2), librarytest.Mat2(2, 1, 0, 0, 1), library.Scalar(0), librarytest.Vec(1, 1)}, Want: "poisson_log_glm: the outcome is -1 at position 1, but must be a non-negative int"},
			{Rng: true, Args: []library.Tensor{librarytest.Mat2(2, 1, 0, 0, 1), library.Scalar(math.NaN()), librarytest.Vec(1, 1)}, Want: "the intercept holds NaN, but must be finite"},
			{Rng: true, Args: []library.Tensor{librarytest.Mat2(1, 30), library.Scalar(0), librarytest.Vec(1)}, Want: "log rate is 30, but must be less than"}}},
	"neg_binomial_2_log_glm": {Src: "gonum mat.VecDense.MulVec and the closed form with math.Lgamma",
		Cases: func(r *rand.Rand) []library.Tensor {
			y, x, alpha, beta := glmDesignCase(r)
			phi := library.Scalar(0.5 + 3*r.Float64())
			if r.IntN(2) == 0 {
				phi = librarytest.Vec(make([]float64, glmRows(y, x))...)
				for i := range phi.X {
					phi.X[i] = 0.5 + 3*r.Float64()
				}
			}
			return []library.Tensor{glmCounts(r, y), x, alpha, beta, phi}
		},
		Lpdf: func(a []library.Tensor) float64 {
			s := 0.0
			for i, e := range glmEtaFor(a[0], a[1], a[2], a[3]) {
				s += nb2LogRef(elemOf(a[0], i), e, elemOf(a[4], i))
			}
			return s
		},
		// Σ_i lchoose(y_i+φ_i-1, y_i) when y and φ are data, Σ_i y_i η_i
		// when y and η (x, α and β) are (neg_binomial_2_log's Terms)
		Dropped: func(a []library.Tensor, data []bool) float64 {
			s := 0.0
			for i, e := range glmEtaFor(a[0], a[1], a[2], a[3]) {
				y, phi := elemOf(a[0], i), elemOf(a[4], i)
				if data[0] && data[4] {
					s += librarytest.Lg(y+phi) - librarytest.Lg(y+1) - librarytest.Lg(phi)
				}
				if data[0] && data[1] && data[2] && data[3] {
					s += y * e
				}
			}
			return s
		},
		Rng:      []library.Tensor{glmRngX, glmRngAlpha, glmRngBeta, library.Scalar(2)},
		Mean:     []float64{math.Exp(0.5), math.Exp(-1.5)},
		Variance: []float64{math.Exp(0.5) + math.Exp(1)/2, math.Exp(-1.5) + math.Exp(-3)/2},
		Bad: []librarytest.BadCall{
			{Args: []library.Tensor{librarytest.Vec(0, 2), librarytest.Mat2(2, 1, 0, 0, 1), library.Scalar(0), librarytest.Vec(1, 1), library.Scalar(-1)}, Want: "neg_binomial_2_log_glm: the precision is -1 at position 1, but must be positive and finite"},
			{Args: []library.Tensor{librarytest.Vec(0, 0.5), librarytest.Mat2(2, 1, 0, 0, 1), library.Scalar(0), librarytest.Vec(1, 1), library.Scalar(1)}, Want: "the outcome is 0.5 at position 2, but must be a non-negative int"},
			{Rng: true, Args: []library.Tensor{librarytest.Mat2(2, 1, 0, 0, 1), library.Scalar(0), librarytest.Vec(1, 1), library.Scalar(0)}, Want: "precision is 0, but must be positive and finite"},
			{Rng: true, Args: []library.Tensor{librarytest.Mat2(2, 1, 0, 0, 1), library.Scalar(0), librarytest.Vec(1, 1), librarytest.Vec(1, 1, 1)}, Want: "3 values of the precision for 2 rows"}}},
	"ordered_logistic_glm": {Src: "gonum mat.VecDense.MulVec and differences of inv_logit",
		Cases: func(r *rand.Rand) []library.Tensor {
			_, x, _, beta := glmCase(r)
			y := librarytest.Vec(make([]float64, x.Dims[0])...)
			for i := range y.X {
				y.X[i] = float64(1 + r.IntN(4))
			}
			return []library.Tensor{y, x, beta, librarytest.Vec(-1+0.5*r.Float64(), 0.2*r.Float64(), 0.8+r.Float64())}
		},
		Lpdf: func(a []library.Tensor) float64 {
			eta := glmEtaRef(a[1], library.Scalar(0), a[2])
			return orderedLogisticRef(a[0].X, func(i int) float64 { return eta[i] }, a[3].X)
		},
		Dropped: zeroDropped,
		// x = (1, 0)', β = (1): η = (1, 0); cutpoints (-1, 1)
		Rng:      []library.Tensor{librarytest.Mat2(2, 1, 0), librarytest.Vec(1), librarytest.Vec(-1, 1)},
		Mean:     []float64{olGlmMean, olGlmMean0},
		Variance: []float64{olGlmVar, olGlmVar0},
		Bad: []librarytest.BadCall{
			{Args: []library.Tensor{librarytest.Vec(1, 2), librarytest.Mat2(2, 1, 0), librarytest.Vec(1), librarytest.Vec(1, -1)}, Want: "the cutpoints are not ordered"},
			{Args: []library.Tensor{librarytest.Vec(1, 4), librarytest.Mat2(2, 1, 0), librarytest.Vec(1), librarytest.Vec(-1, 1)}, Want: "ordered_logistic: outcome 4 at position 2 outside 1:3"},
			{Rng: true, Args: []library.Tensor{librarytest.Mat2(2, 1, 0), librarytest.Vec(1), librarytest.Vec(1, -1)}, Want: "the cutpoints are not ordered"}}},
	"categorical_logit_glm": {Src: "gonum mat.Dense.Mul and distuv.Categorical with weights exp(η)",
		Cases: func(r *rand.Rand) []library.Tensor {
			n, p, k := 1+r.IntN(5), 1+r.IntN(3), 2+r.IntN(3)
			y := librarytest.Vec(make([]float64, n)...)
			for i := range y.X {
				y.X[i] = float64(1 + r.IntN(k))
			}
			if r.IntN(4) == 0 {
				y = library.Scalar(y.X[0])
			}
			return []library.Tensor{y, librarytest.RandT(r, n, p), librarytest.RandVec(r, k), librarytest.RandT(r, p, k)}
		},
		Lpdf: func(a []library.Tensor) float64 {
			e := catGlmEta(a[1], a[2], a[3])
			n, k := e.Dims()
			s := 0.0
			for i := range n {
				w := make([]float64, k)
				for j := range w {
					w[j] = math.Exp(e.At(i, j))
				}
				s += distuv.NewCategorical(w, nil).LogProb(elemOf(a[0], i) - 1)
			}
			return s
		},
		Dropped: zeroDropped,
		// x = (1), α = (0, 0.5, -0.5), β = (0.2, 0, -0.3): η = (0.2, 0.5, -0.8)
		Rng:      []library.Tensor{librarytest.Mat2(1, 1), librarytest.Vec(0, 0.5, -0.5), librarytest.Mat2(1, 0.2, 0, -0.3)},
		Mean:     []float64{catGlmMean},
		Variance: []float64{catGlmVar},
		Bad: []librarytest.BadCall{
			{Args: []library.Tensor{librarytest.Vec(1, 4), librarytest.Mat2(2, 1, 0), librarytest.Vec(0, 0, 0), librarytest.Mat2(1, 1, 2, 3)}, Want: "categorical_logit_glm: outcome 4 at position 2 outside 1:3"},
			{Args: []library.Tensor{librarytest.Vec(1, 2, 1), librarytest.Mat2(2, 1, 0), librarytest.Vec(0, 0, 0), librarytest.Mat2(1, 1, 2, 3)}, Want: "categorical_logit_glm: 3 outcomes for 2 rows"},
			{Rng: true, Args: []library.Tensor{librarytest.Mat2(1, 1), librarytest.Vec(0, 0), librarytest.Mat2(1, 1, 2, 3)}, Want: "2 intercepts and a weight matrix of [1 3] do not fit"}}},
}
