package library

import (
	"fmt"
	"math/rand/v2"
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
var NormalIdGlm = &MvDist{
	Name:    "normal_id_glm",
	Variate: Arg{Class: ClassReals},
	Params: []Arg{Exact("design matrix", TypeMatrix), {Name: "intercept", Class: ClassReals},
		Exact("weight vector", TypeVector), {Name: "scale", Class: ClassReals}},
	Support: "R^N",
	Sizes:   glmSizes(true),
	Lpdf: func(o Tensors, a []Value, propto bool) Value {
		checkKnown(o, "normal_id_glm", "the scale", "positive and finite", a[4], Positive.OK)
		args := []Value{a[0], glmLinear(o, a[1], a[2], a[3]), a[4]}
		lp := o.Sum(o.Call(NormalLpdf, args...))
		if propto {
			if d := droppedTerms(o, Normal, args); d != 0 {
				lp = o.Sub(lp, o.Const(d))
			}
		}
		return lp
	},

	RngParams: []Arg{Exact("design matrix", TypeMatrix), {Name: "intercept", Class: ClassReals},
		Exact("weight vector", TypeVector), {Name: "scale", Class: ClassReals}},
	RngRet:    TypeVector,
	RngSizes:  glmRngSizes(true),
	NoRngFunc: "Stan has no normal_id_glm_rng",
	Rng: func(r *rand.Rand, a []Tensor) (Tensor, error) {
		eta, err := glmEta("normal_id_glm", a[0], a[1], a[2])
		if err != nil {
			return Tensor{}, err
		}
		sigma := a[3].X
		if len(a[3].Dims) > 0 && len(sigma) != len(eta) {
			return Tensor{}, fmt.Errorf("normal_id_glm: %d scales for %d rows", len(sigma), len(eta))
		}
		out := make([]float64, len(eta))
		for i, e := range eta {
			s := sigma[min(i, len(sigma)-1)]
			if !Positive.OK(s) {
				return Tensor{}, &DomainError{Param: "scale", Value: s, Domain: Positive}
			}
			out[i] = Normal.Rng(r, []float64{e, s})
		}
		return Tensor{Dims: []int{len(out)}, X: out}, nil
	},
}

func init() { registerMv(NormalIdGlm) }
