package mvdists

import (
	"math/rand/v2"

	"github.com/bayes-dev/bayes/library"
	"github.com/bayes-dev/bayes/library/dists"
)

// PoissonLogGlm is poisson_log_glm(x, α, β), Poisson regression: y_i ~
// poisson_log(α_i + x_i β) for each row x_i of the design matrix x, α one
// intercept or one per row (Stan Functions Reference, "Poisson-log
// generalized linear model (Poisson regression)"). Its density is built as
// `y ~ poisson_log(alpha + x * beta)` is, the same IR op for op: the
// matrix-vector product of data x, the elementwise poisson_log_lpmf op
// and its sum, whose gradient the kernel computes in the same loops (Stan
// fuses them by hand; here the IR is already the hand-written
// regression's). `~` drops poisson_log's -lgamma(y+1). Stan has no
// poisson_log_glm_rng; the rng here draws the outcomes of prior predictive
// sampling only.
var PoissonLogGlm = &library.MvDist{
	Name: "poisson_log_glm", Discrete: true,
	Variate: library.Arg{Class: library.ClassInts},
	Params: []library.Arg{glmDesign, {Name: "intercept", Class: library.ClassReals},
		library.Exact("weight vector", library.TypeVector)},
	Support: "N^N",
	Sizes:   glmSizes(false),
	Lpdf: func(o library.Tensors, a []library.Value, propto bool) library.Value {
		checkKnown(o, "poisson_log_glm", "the outcome", "a non-negative int", a[0], library.Count.OK)
		args := []library.Value{a[0], glmLinear(o, a[1], a[2], a[3])}
		return glmSum(o, dists.PoissonLog, args, propto)
	},

	RngParams: []library.Arg{library.Exact("design matrix", library.TypeMatrix), {Name: "intercept", Class: library.ClassReals},
		library.Exact("weight vector", library.TypeVector)},
	RngRet:    library.TypeInts,
	RngSizes:  glmRngSizes(false),
	NoRngFunc: "Stan has no poisson_log_glm_rng",
	Rng: func(r *rand.Rand, a []library.Tensor) (library.Tensor, error) {
		eta, err := glmEta("poisson_log_glm", a[0], a[1], a[2])
		if err != nil {
			return library.Tensor{}, err
		}
		return glmDraws(r, dists.PoissonLog, eta, nil)
	},
}

func init() { registerMv(PoissonLogGlm) }
