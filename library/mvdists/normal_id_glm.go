package mvdists

import (
	"fmt"
	"math/rand/v2"

	"github.com/bayes-dev/bayes/library"
	"github.com/bayes-dev/bayes/library/dists"
)

// NormalIdGlm is normal_id_glm(x, α, β, σ), linear regression: y_i ~
// normal(α_i + x_i β, σ_i) for each row x_i of the design matrix x, α and
// σ one value or one per row (Stan Functions Reference, "Normal-id
// generalized linear model (Linear Regression)"). Its density is built as
// `y ~ normal(alpha + x * beta, sigma)` is, the same IR op for op (the
// kernel fuses the normal density with its partials, kernel/families.go);
// `~` drops normal's summands, -log(2π)/2 and, when σ is data, -log σ.
// Stan has no normal_id_glm_rng; the rng here draws the outcomes of prior
// predictive sampling only.
var NormalIdGlm = &library.MvDist{
	Name:    "normal_id_glm",
	Variate: library.Arg{Class: library.ClassReals},
	Params: []library.Arg{glmDesign, {Name: "intercept", Class: library.ClassReals},
		library.Exact("weight vector", library.TypeVector), {Name: "scale", Class: library.ClassReals}},
	Support: "R^N",
	Sizes:   glmSizes(true),
	Lpdf: func(o library.Tensors, a []library.Value, propto bool) library.Value {
		checkKnown(o, "normal_id_glm", "the scale", "positive and finite", a[4], library.Positive.OK)
		args := []library.Value{a[0], glmLinear(o, a[1], a[2], a[3]), a[4]}
		lp := o.Sum(o.Call(dists.NormalLpdf, args...))
		if propto {
			if d := droppedTerms(o, dists.Normal, args); d != 0 {
				lp = o.Sub(lp, o.Const(d))
			}
		}
		return lp
	},

	RngParams: []library.Arg{library.Exact("design matrix", library.TypeMatrix), {Name: "intercept", Class: library.ClassReals},
		library.Exact("weight vector", library.TypeVector), {Name: "scale", Class: library.ClassReals}},
	RngRet:    library.TypeVector,
	RngSizes:  glmRngSizes(true),
	NoRngFunc: "Stan has no normal_id_glm_rng",
	Rng: func(r *rand.Rand, a []library.Tensor) (library.Tensor, error) {
		eta, err := glmEta("normal_id_glm", a[0], a[1], a[2])
		if err != nil {
			return library.Tensor{}, err
		}
		sigma := a[3].X
		if len(a[3].Dims) > 0 && len(sigma) != len(eta) {
			return library.Tensor{}, fmt.Errorf("normal_id_glm: %d scales for %d rows", len(sigma), len(eta))
		}
		out := make([]float64, len(eta))
		for i, e := range eta {
			s := sigma[min(i, len(sigma)-1)]
			if !library.Positive.OK(s) {
				return library.Tensor{}, &library.DomainError{Param: "scale", Value: s, Domain: library.Positive}
			}
			out[i] = dists.Normal.Rng(r, []float64{e, s})
		}
		return library.Tensor{Dims: []int{len(out)}, X: out}, nil
	},
}

func init() { registerMv(NormalIdGlm) }
