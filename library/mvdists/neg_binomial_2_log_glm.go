package mvdists

import (
	"math/rand/v2"

	"github.com/bayes-dev/bayes/library"
	"github.com/bayes-dev/bayes/library/dists"
)

// NegBinomial2LogGlm is neg_binomial_2_log_glm(x, α, β, φ), negative
// binomial regression: y_i ~ neg_binomial_2_log(α_i + x_i β, φ_i) for each
// row x_i of the design matrix x, α and φ one value or one per row (Stan
// Functions Reference, "Negative-binomial-2-log generalized linear model
// (Negative binomial regression)"; Stan Math's
// neg_binomial_2_log_glm_lpmf takes a vector φ too). Its density is built
// as `y ~ neg_binomial_2_log(alpha + x * beta, phi)` is, the same IR op for
// op, so its gradient is the hand-written regression's; `~` drops
// neg_binomial_2_log's lchoose(y+φ-1, y) when φ is data. Stan has no
// neg_binomial_2_log_glm_rng; the rng here draws the outcomes of prior
// predictive sampling only.
var NegBinomial2LogGlm = &library.MvDist{
	Name: "neg_binomial_2_log_glm", Discrete: true,
	Variate: library.Arg{Class: library.ClassInts},
	Params: []library.Arg{glmDesign, {Name: "intercept", Class: library.ClassReals},
		library.Exact("weight vector", library.TypeVector), {Name: "precision", Class: library.ClassReals}},
	Support: "N^N",
	Sizes:   glmSizes(true),
	Lpdf: func(o library.Tensors, a []library.Value, propto bool) library.Value {
		checkKnown(o, "neg_binomial_2_log_glm", "the outcome", "a non-negative int", a[0], library.Count.OK)
		checkKnown(o, "neg_binomial_2_log_glm", "the precision", "positive and finite", a[4], library.Positive.OK)
		args := []library.Value{a[0], glmLinear(o, a[1], a[2], a[3]), a[4]}
		return glmSum(o, dists.NegBinomial2Log, args, propto)
	},

	RngParams: []library.Arg{library.Exact("design matrix", library.TypeMatrix), {Name: "intercept", Class: library.ClassReals},
		library.Exact("weight vector", library.TypeVector), {Name: "precision", Class: library.ClassReals}},
	RngRet:    library.TypeInts,
	RngSizes:  glmRngSizes(true),
	NoRngFunc: "Stan has no neg_binomial_2_log_glm_rng",
	Rng: func(r *rand.Rand, a []library.Tensor) (library.Tensor, error) {
		eta, err := glmEta("neg_binomial_2_log_glm", a[0], a[1], a[2])
		if err != nil {
			return library.Tensor{}, err
		}
		return glmDraws(r, dists.NegBinomial2Log, eta, &a[3])
	},
}

func init() { registerMv(NegBinomial2LogGlm) }
