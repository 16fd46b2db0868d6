package mvdists

import (
	"fmt"
	"math/rand/v2"

	"github.com/bayes-dev/bayes/library"
)

// CategoricalLogitGlm is categorical_logit_glm(x, α, β), multinomial
// logistic regression: y_i ~ categorical_logit(α + (x_i β)') for each row
// x_i of the N x P design matrix x, α a vector of K intercepts and β a P x
// K matrix of weights (Stan Functions Reference, "Categorical logit
// generalized linear model (softmax regression)"); one outcome is shared by
// every row. `~` drops nothing.
var CategoricalLogitGlm = &library.MvDist{
	Name: "categorical_logit_glm", Discrete: true,
	Variate: library.Arg{Class: library.ClassInts},
	Params: []library.Arg{library.Exact("design matrix", library.TypeMatrix), library.Exact("intercept vector", library.TypeVector),
		library.Exact("weight matrix", library.TypeMatrix)},
	Support: "(1:K)^N",
	Sizes: library.SizeGroups([]library.Size{{Arg: 0, Of: library.SizeLen}, {Arg: 1, Of: library.SizeRows}},
		[]library.Size{{Arg: 1, Of: library.SizeCols}, {Arg: 3, Of: library.SizeRows}},
		[]library.Size{{Arg: 2, Of: library.SizeLen}, {Arg: 3, Of: library.SizeCols}}),
	Lpdf: categoricalLogitGlmLpmf,

	RngParams: []library.Arg{library.Exact("design matrix", library.TypeMatrix), library.Exact("intercept vector", library.TypeVector),
		library.Exact("weight matrix", library.TypeMatrix)},
	RngRet: library.TypeInts,
	RngSizes: library.SizeGroups([]library.Size{{Arg: 0, Of: library.SizeCols}, {Arg: 2, Of: library.SizeRows}},
		[]library.Size{{Arg: 1, Of: library.SizeLen}, {Arg: 2, Of: library.SizeCols}}),
	NoRngFunc: "Stan has no categorical_logit_glm_rng",
	Rng:       categoricalLogitGlmRng,
}

func init() { registerMv(CategoricalLogitGlm) }

// categoricalLogitGlmLpmf: with the linear predictors of category j,
// η_j = x β_j + α_j (β_j the column j of β), a vector over the rows,
// Σ_i η_{y_i}[i] - Σ_i log Σ_j exp(η_j[i]). This is the loop
// `y[i] ~ categorical_logit(alpha + (x[i] * beta)')` turned inside out:
// K matrix-vector products, the log-sum-exp over categories as K-1
// elementwise log_sum_exp ops on vectors of N, and each category's
// outcomes gathered, so the IR grows with K, not with N, and its gradient
// is K fused loops over the rows.
func categoricalLogitGlmLpmf(o library.Tensors, a []library.Value, _ bool) library.Value {
	y, x, alpha, beta := a[0], a[1], a[2], a[3]
	xd, bd := o.Dims(x), o.Dims(beta)
	n, p, k := xd[0], bd[0], bd[1]
	ys := outcomes(o, "categorical_logit_glm", y, k)
	if len(ys) != n && len(ys) != 1 {
		o.Fail("categorical_logit_glm: %d outcomes for %d rows", len(ys), n)
	}
	rows := make([][]int, k+1) // the rows of each outcome
	for i := range n {
		c := ys[min(i, len(ys)-1)]
		rows[c] = append(rows[c], i)
	}
	col := make([]int, p)
	var lse, picked library.Value = library.NoValue, library.NoValue
	add := func(acc, x library.Value) library.Value {
		if acc == library.NoValue {
			return x
		}
		return o.Add(acc, x)
	}
	for j := range k {
		for r := range p {
			col[r] = r*k + j
		}
		eta := o.Add(o.MatVec(x, o.Pick(beta, col)), o.Elem(alpha, j))
		if lse == library.NoValue {
			lse = eta
		} else {
			lse = o.LogSumExp2(lse, eta)
		}
		if len(rows[j+1]) > 0 {
			picked = add(picked, o.Sum(o.Gather(eta, rows[j+1])))
		}
	}
	if picked == library.NoValue { // no rows
		picked = o.Const(0)
	}
	return o.Sub(picked, o.Sum(lse))
}

// categoricalLogitGlmRng draws y_i from softmax(α + (x_i β)') per row.
func categoricalLogitGlmRng(r *rand.Rand, a []library.Tensor) (library.Tensor, error) {
	x, alpha, beta := a[0], a[1], a[2]
	if len(x.Dims) != 2 || len(beta.Dims) != 2 || x.Dims[1] != beta.Dims[0] || len(alpha.X) != beta.Dims[1] {
		return library.Tensor{}, fmt.Errorf("categorical_logit_glm: a design matrix of %v, %d intercepts and a weight matrix of %v do not fit", x.Dims, len(alpha.X), beta.Dims)
	}
	n, p, k := x.Dims[0], x.Dims[1], beta.Dims[1]
	out := make([]float64, n)
	eta := make([]float64, k)
	for i := range n {
		for j := range k {
			s := alpha.X[j]
			for c := range p {
				s += x.X[i*p+c] * beta.X[c*k+j]
			}
			eta[j] = s
		}
		if err := checkFinite("categorical_logit_glm", "linear predictor", eta); err != nil {
			return library.Tensor{}, err
		}
		out[i] = float64(drawIndex(r, Softmax(eta)))
	}
	return library.Tensor{Dims: []int{n}, X: out}, nil
}
