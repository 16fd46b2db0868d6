package compiler

import (
	"github.com/bayes-dev/bayes/compiler/ir"
	"github.com/bayes-dev/bayes/lang"
	"github.com/bayes-dev/bayes/library"
)

// cumulative lowers NAME_lcdf, NAME_lccdf and NAME_cdf of a univariate
// family with the library's log CDF kernels (library.Dist's Lcdf and
// Lccdf): the sum over the elements of the kernel, and for _cdf its exp
// (Stan Functions Reference, "Vectorization": a CDF of containers is the
// product over their elements). Inside a vectorised loop a call gives one
// value per iteration, as a density does. A family without the kernels,
// and an argument that the kernel takes as data (student_t's degrees of
// freedom) but that depends on parameters, are refused at the call.
func (l *lowerer) cumulative(c *lang.CallExpr, args []*val) *val {
	d := c.Sig.Dist.Lib
	k := d.Lcdf
	if c.Sig.Suffix == lang.SuffixLCCDF {
		k = d.Lccdf
	}
	if k == nil {
		l.fail(c, "bayes cannot compile `%s` yet: the library has no log CDF kernel for %s", c.Name, d.Name)
	}
	for _, a := range args {
		if a.lanes == 0 && a.size() == 0 {
			return knownScalar(cdfOfNothing(c.Sig.Suffix), false)
		}
	}
	for _, f := range d.Fill {
		args = append(args, knownScalar(f, false))
	}
	for i, a := range args {
		if k.Args[i] == library.DataPositive && !a.constant() {
			l.fail(c, "bayes cannot compile `%s` with parameter-dependent %s yet (its derivative in that argument is missing): pass data",
				c.Name, paramName(d, i))
		}
		if a.elems != nil && a.size() > 1 {
			args[i] = symbolic(a.dims, a.kind, l.node(a))
			args[i].autodiff = a.autodiff
		}
	}
	v := l.ewise(c, ir.LibraryOp(k), 0, args...)
	if v.lanes == 0 {
		v = l.sum(v)
	}
	if c.Sig.Suffix == lang.SuffixCDF {
		v = l.ewise(c, ir.OpExp, 0, v)
	}
	return v
}

// cdfOfNothing is the value of a CDF function over no elements: the empty
// product, 1, or its log.
func cdfOfNothing(s lang.Suffix) float64 {
	if s == lang.SuffixCDF {
		return 1
	}
	return 0
}

// paramName names argument i of a family's kernel (0, the outcome).
func paramName(d *library.Dist, i int) string {
	if i == 0 || i > len(d.Params) {
		return "outcome"
	}
	return d.Params[i-1].Name
}
