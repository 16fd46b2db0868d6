package mvdists

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/bayes-dev/bayes/library"
)

// The pieces the generalized linear models share (Stan Functions
// Reference, "Bernoulli-logit generalized linear model", "Normal-id
// generalized linear model"): the linear predictor α + x β, built as the
// hand-written regression builds it, so that a GLM's IR, and so its
// gradient, is that of the regression it replaces; the summands `~` drops,
// those of the univariate family's Terms; and the argument checks of the
// rngs, which take plain numbers.

// glmLinear is α + x β: α a real or a vector of one per row of x, the
// design matrix x times the weights β (Stan's `alpha + x * beta`); for x a
// row vector, the one row of every outcome, α + x·β, a scalar that the
// family's elementwise density broadcasts against the outcomes (and α).
func glmLinear(o library.Tensors, x, alpha, beta library.Value) library.Value {
	if len(o.Dims(x)) == 1 {
		return o.Add(alpha, o.Dot(x, beta))
	}
	return o.Add(alpha, o.MatVec(x, beta))
}

// glmDesign is a GLM's design argument: a matrix, or a row vector
// broadcast to every outcome (ClassDesign).
var glmDesign = library.Arg{Name: "design matrix", Class: library.ClassDesign}

// glmSizes relate a GLM's arguments: y (argument 0), x (1), α (2), β (3)
// and, for normal_id_glm, σ (4): one length for y, the rows of x, α and
// σ; another for the columns of x and β (a scalar y, α or σ, or a row
// vector x, is broadcast).
func glmSizes(scale bool) library.SizeRule {
	rows := []library.Size{{Arg: 0, Of: library.SizeLen}, {Arg: 1, Of: library.SizeDesignRows}, {Arg: 2, Of: library.SizeLen}}
	if scale {
		rows = append(rows, library.Size{Arg: 4, Of: library.SizeLen})
	}
	return library.SizeGroups(rows, []library.Size{{Arg: 1, Of: library.SizeCols}, {Arg: 3, Of: library.SizeLen}})
}

// glmRngSizes are glmSizes for the rng's arguments, which lack y.
func glmRngSizes(scale bool) library.SizeRule {
	rows := []library.Size{{Arg: 0, Of: library.SizeRows}, {Arg: 1, Of: library.SizeLen}}
	if scale {
		rows = append(rows, library.Size{Arg: 3, Of: library.SizeLen})
	}
	return library.SizeGroups(rows, []library.Size{{Arg: 0, Of: library.SizeCols}, {Arg: 2, Of: library.SizeLen}})
}

// droppedTerms is the sum, over the elements of a vectorised density of d
// with arguments args, of the summands of d.Terms whose arguments are all
// data: what `~` drops (Stan Math's include_summand), worked out as the
// compiler works out a univariate family's, in its order, so that the
// constant is the same to the last bit.
func droppedTerms(o library.Tensors, d *library.Dist, args []library.Value) float64 {
	var mask uint8
	n := 1
	known := make([][]float64, len(args))
	for i, a := range args {
		if o.Data(a) {
			mask |= 1 << i
			known[i], _ = o.Known(a)
		}
		n = max(n, library.NumElems(o.Dims(a)))
	}
	s := 0.0
	var x [library.MaxArgs]float64
	for j := range n {
		for i, k := range known {
			if len(k) > 0 {
				x[i] = k[min(j, len(k)-1)]
			}
		}
		e := 0.0 // element j's dropped summands, then their sum, in the compiler's order
		for _, t := range d.Terms {
			if t.Deps&^mask == 0 {
				e += t.F(&x)
			}
		}
		s += e
	}
	return s
}

// checkKnown applies ok to every element of x that is known when the
// density is built (data), failing with what it must be: Stan's argument
// checks on data, which a parameter meets by its constraints.
func checkKnown(o library.Tensors, name, what, must string, x library.Value, ok func(float64) bool) {
	xs, known := o.Known(x)
	if !known {
		return
	}
	for i, v := range xs {
		if !ok(v) {
			o.Fail("%s: %s is %v at position %d, but must be %s", name, what, v, i+1, must)
		}
	}
}

// glmEta is α + x β over numbers, for the rngs, after Stan's checks
// (check_finite on x, α and β, and their sizes).
func glmEta(name string, x, alpha, beta library.Tensor) ([]float64, error) {
	if len(x.Dims) == 1 { // a row vector: one row (Stan's x.rows() = 1)
		x.Dims = []int{1, x.Dims[0]}
	}
	if len(x.Dims) != 2 || len(beta.X) != x.Dims[1] {
		return nil, fmt.Errorf("%s: a design matrix of %v needs %d weights, found %d", name, x.Dims, x.Dims[len(x.Dims)-1], len(beta.X))
	}
	n, k := x.Dims[0], x.Dims[1]
	if len(alpha.Dims) > 0 && len(alpha.X) != n {
		return nil, fmt.Errorf("%s: %d intercepts for %d rows", name, len(alpha.X), n)
	}
	for _, t := range []struct {
		what string
		xs   []float64
	}{{"design matrix", x.X}, {"intercept", alpha.X}, {"weight vector", beta.X}} {
		for _, v := range t.xs {
			if math.IsInf(v, 0) || math.IsNaN(v) {
				return nil, fmt.Errorf("%s: the %s holds %v, but must be finite", name, t.what, v)
			}
		}
	}
	eta := make([]float64, n)
	for i := range eta {
		s := 0.0
		for j := range k {
			s += x.X[i*k+j] * beta.X[j]
		}
		eta[i] = alpha.X[min(i, len(alpha.X)-1)] + s
	}
	return eta, nil
}

// glmSum is Σ_i lpdf_d(args_i), the elementwise density of d over the
// outcomes and the linear predictor (and any further argument), less, with
// propto, the summands `~` drops: what `y ~ d(alpha + x * beta, ...)`
// builds.
func glmSum(o library.Tensors, d *library.Dist, args []library.Value, propto bool) library.Value {
	lp := o.Sum(o.Call(d.Lpdf, args...))
	if propto {
		if c := droppedTerms(o, d, args); c != 0 {
			lp = o.Sub(lp, o.Const(c))
		}
	}
	return lp
}

// glmDraws draws one outcome of d per linear predictor η_i, with the
// further parameter extra (one, or one per row; nil when d has none),
// after its domain check.
func glmDraws(r *rand.Rand, d *library.Dist, eta []float64, extra *library.Tensor) (library.Tensor, error) {
	out := make([]float64, len(eta))
	p := make([]float64, len(d.Params))
	for i, e := range eta {
		p[0] = e
		if extra != nil {
			if len(extra.Dims) > 0 && len(extra.X) != len(eta) {
				return library.Tensor{}, fmt.Errorf("%d values of the %s for %d rows", len(extra.X), d.Params[1].Name, len(eta))
			}
			p[1] = extra.X[min(i, len(extra.X)-1)]
		}
		if err := d.CheckParams(p); err != nil {
			return library.Tensor{}, err
		}
		x, err := d.Draw(r, p)
		if err != nil {
			return library.Tensor{}, err
		}
		out[i] = x
	}
	return library.Tensor{Dims: []int{len(out)}, X: out}, nil
}

// checkFinite fails on the first element of xs that is not finite.
func checkFinite(name, what string, xs []float64) error {
	for _, v := range xs {
		if math.IsInf(v, 0) || math.IsNaN(v) {
			return fmt.Errorf("%s: the %s holds %v, but must be finite", name, what, v)
		}
	}
	return nil
}
