package mvdists

import (
	"math/rand/v2"

	"github.com/bayes-dev/bayes/library"
	"github.com/bayes-dev/bayes/library/dists"
)

// BernoulliLogitGlm is bernoulli_logit_glm(x, α, β), logistic regression:
// y_i ~ bernoulli_logit(α_i + x_i β) for each row x_i of the design matrix
// x, α one intercept or one per row (Stan Functions Reference,
// "Bernoulli-logit generalized linear model (Logistic Regression)"). Its
// density is built as `y ~ bernoulli_logit(alpha + x * beta)` is, the same
// IR op for op: the matrix-vector product of data x, the elementwise
// bernoulli_logit_lpmf op and its sum, whose gradient the kernel computes
// in the same loops (Stan fuses them by hand; here the IR is already the
// hand-written regression's). `~` drops nothing: every summand depends on
// the linear predictor.
var BernoulliLogitGlm = &library.MvDist{
	Name: "bernoulli_logit_glm", Discrete: true,
	Variate: library.Arg{Class: library.ClassInts},
	Params: []library.Arg{glmDesign, {Name: "intercept", Class: library.ClassReals},
		library.Exact("weight vector", library.TypeVector)},
	Support: "{0, 1}^N",
	Sizes:   glmSizes(false),
	Lpdf: func(o library.Tensors, a []library.Value, _ bool) library.Value {
		checkKnown(o, "bernoulli_logit_glm", "the outcome", "0 or 1", a[0], library.Binary.OK)
		return o.Sum(o.Call(dists.BernoulliLogit.Lpdf, a[0], glmLinear(o, a[1], a[2], a[3])))
	},

	// bernoulli_logit_glm_rng(x, α, β) (Stan 2.33): a draw per row of x;
	// of a row vector x, one row, so one draw, as Stan Math's
	// bernoulli_logit_glm_rng, whose M = x.rows() intercepts it checks α
	// against (glmRngSizes: one intercept). Stan has no other GLM rng.
	RngParams: []library.Arg{glmDesign, {Name: "intercept", Class: library.ClassReals},
		library.Exact("weight vector", library.TypeVector)},
	RngRet:   library.TypeInts,
	RngSizes: glmRngSizes(false),
	Rng: func(r *rand.Rand, a []library.Tensor) (library.Tensor, error) {
		eta, err := glmEta("bernoulli_logit_glm_rng", a[0], a[1], a[2])
		if err != nil {
			return library.Tensor{}, err
		}
		out := make([]float64, len(eta))
		for i, e := range eta {
			out[i] = dists.BernoulliLogit.Rng(r, []float64{e})
		}
		return library.Tensor{Dims: []int{len(out)}, X: out}, nil
	},
}

func init() { registerMv(BernoulliLogitGlm) }
