package simulate

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/bayes-dev/bayes/lang"
)

// This file applies the univariate rows of the distribution table to
// vectorised arguments, and draws from truncated distributions.

// scalarArgs broadcasts a univariate family's arguments (Stan Functions
// Reference, "Vectorization"): each is a scalar or a container of the common
// size n, which is 1 when every argument is a scalar.
func broadcastSize(args []*Value) (int, bool, error) {
	n, vec := 1, false
	for _, a := range args {
		if a.isScalar() {
			continue
		}
		if vec && a.Len() != n {
			return 0, false, fmt.Errorf("size mismatch: arguments of sizes %d and %d", n, a.Len())
		}
		n, vec = a.Len(), true
	}
	return n, vec, nil
}

// paramsAt fills p with the i'th element of each argument and checks their domains.
func (f *family) paramsAt(p []float64, args []*Value, i int) error {
	for k, a := range args {
		x := a.float()
		if !a.isScalar() {
			x = a.at(i)
		}
		p[k] = x
		if k < len(f.lib.Params) && !f.lib.Params[k].Domain.OK(x) {
			return fmt.Errorf("%s is %g, but must be %s", f.lib.Params[k].Name, x, f.lib.Params[k].Domain)
		}
	}
	return nil
}

// draw is NAME_rng(args): one draw, or an array of draws when an argument is a container.
func (f *family) draw(r *rand.Rand, args []*Value) (*Value, error) {
	if f.multivariate() {
		return f.mvRng(r, args)
	}
	n, vec, err := broadcastSize(args)
	if err != nil {
		return nil, err
	}
	p := make([]float64, len(args))
	xs := make([]float64, n)
	for i := range n {
		if err := f.paramsAt(p, args, i); err != nil {
			return nil, err
		}
		if xs[i], err = f.draw1(r, p); err != nil {
			return nil, err
		}
	}
	return f.wrap(xs, vec), nil
}

// wrap makes draws into the _rng result: int or real, scalar or array.
func (f *family) wrap(xs []float64, vec bool) *Value {
	t := lang.Real
	if f.lib.Discrete {
		t = lang.Int
	}
	v := &Value{Type: t}
	if vec {
		v.Type.Dims = 1
		v.Shape = []int{len(xs)}
	}
	if t.Kind == lang.KindInt {
		v.Ints = make([]int, len(xs))
		for i, x := range xs {
			v.Ints[i] = int(x)
		}
	} else {
		v.Reals = xs
	}
	return v
}

// logDensity is NAME_lpdf(y | args), summed over the broadcast elements.
func (f *family) logDensity(y *Value, args []*Value) (float64, error) {
	if f.multivariate() {
		return f.mvLpdf(y, args)
	}
	return f.sumOver(y, args, f.lib.LogDensity)
}

// sumOver adds term(y_i, parameters_i) over the broadcast elements of y and
// the arguments (Stan's vectorised densities).
func (f *family) sumOver(y *Value, args []*Value, term func(x float64, p []float64) float64) (float64, error) {
	n, _, err := broadcastSize(append([]*Value{y}, args...))
	if err != nil {
		return 0, err
	}
	p := make([]float64, len(args))
	acc := 0.0
	for i := range n {
		if err := f.paramsAt(p, args, i); err != nil {
			return 0, err
		}
		x := y.float()
		if !y.isScalar() {
			x = y.at(i)
		}
		acc += term(x, p)
	}
	return acc, nil
}

// cumulative is NAME_cdf (log false) or NAME_lcdf / NAME_lccdf (log true,
// upper for the complement): the product (sum of logs) over elements, each
// the family's log CDF kernel where it has one (accurate in the tails).
func (f *family) cumulative(y *Value, args []*Value, log, upper bool) (float64, error) {
	acc, err := f.sumOver(y, args, func(x float64, p []float64) float64 {
		return f.lib.LogCumulative(x, p, upper)
	})
	if err != nil {
		return 0, err
	}
	if log {
		return acc, nil
	}
	return math.Exp(acc), nil
}

// maxRejections caps rejection sampling from a truncated distribution.
const maxRejections = 10000

// truncated draws from the family with parameters p restricted to [lo, hi]:
// by inverse CDF, u ~ U(F(lo), F(hi)), x = F^-1(u), when the row has a
// quantile, else by rejection, which gives up after maxRejections tries.
func (f *family) truncated(r *rand.Rand, p []float64, lo, hi float64) (float64, error) {
	if math.IsInf(lo, -1) && math.IsInf(hi, 1) {
		return f.draw1(r, p)
	}
	if f.lib.Quantile != nil && f.lib.CDF != nil {
		fl, fh := 0.0, 1.0
		if !math.IsInf(lo, -1) {
			fl = f.lib.CDF(lo, p)
		}
		if !math.IsInf(hi, 1) {
			fh = f.lib.CDF(hi, p)
		}
		if !(fh > fl) {
			return 0, fmt.Errorf("%s(%v) has no mass in [%g, %g]", f.name, p, lo, hi)
		}
		x := f.lib.Quantile(fl+(fh-fl)*r.Float64(), p)
		return math.Min(hi, math.Max(lo, x)), nil
	}
	for range maxRejections {
		x, err := f.draw1(r, p)
		if err != nil {
			return 0, err
		}
		if x >= lo && x <= hi {
			return x, nil
		}
	}
	return 0, fmt.Errorf("no draw of %s(%v) fell in [%g, %g] in %d tries", f.name, p, lo, hi, maxRejections)
}
