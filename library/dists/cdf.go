package dists

import (
	"github.com/bayes-dev/bayes/library"
)

// The log CDF and log complementary CDF kernels of the families (Dist.Lcdf
// and Lccdf; one file NAME_cdf.go each). Each family gives their values
// (Go and C) and, for each argument, the factor f_i of ∂F/∂x_i = pdf · f_i
// (f_y = 1: ∂F/∂y is the density); the partials follow from the family's
// own density kernel, one rule for all:
//
//	∂ log F / ∂x_i = f_i exp(lpdf - log F),  ∂ log(1-F) / ∂x_i = -f_i exp(lpdf - log(1-F)),
//
// exp(lpdf - n), n the kernel's node, being pdf/F (or pdf/(1-F)) in log
// space, finite wherever the density and the CDF are, in the tails too.

// cdfFactor returns the factor f_i of argument i, built with b from the
// arguments xs; NoValue for f_i = 1.
type cdfFactor func(b library.Builder, xs []library.Value, i int) library.Value

// cdfPartial is the partial rule of a log CDF (upper: log CCDF) kernel with
// argument domains args over the density kernel lpdf.
func cdfPartial(args []library.Domain, lpdf *library.Kernel, upper bool, factor cdfFactor) library.PartialFunc {
	return func(b library.Builder, n library.Value, i int, adj library.Value) library.Value {
		if args[i].Data() {
			return library.NoValue
		}
		xs := make([]library.Value, len(args))
		for j := range xs {
			xs[j] = b.Arg(n, j)
		}
		e := b.Exp(b.Sub(b.Call(lpdf, xs...), n))
		if upper {
			e = b.Neg(e)
		}
		if f := factor(b, xs, i); f != library.NoValue {
			e = b.Mul(e, f)
		}
		return b.Mul(adj, e)
	}
}

// locationScaleFactor is cdfFactor of a location-scale family with
// arguments y, then off others (student_t's ν), then μ and σ: F depends on
// z = (y-μ)/σ, so f_μ = -1 and f_σ = -z.
func locationScaleFactor(off int) cdfFactor {
	return func(b library.Builder, xs []library.Value, i int) library.Value {
		switch i {
		case 0:
			return library.NoValue
		case 1 + off:
			return b.Const(-1)
		}
		y, mu, sigma := xs[0], xs[1+off], xs[2+off]
		return b.Neg(b.Div(b.Sub(y, mu), sigma))
	}
}

// cdfKernels makes a family's Lcdf and Lccdf kernels.
func cdfKernels(name string, args []library.Domain, lpdf *library.Kernel, lcdf, lccdf library.ScalarFunc, cLcdf, cLccdf string, factor cdfFactor) (*library.Kernel, *library.Kernel) {
	return &library.Kernel{Name: name + "_lcdf", Args: args, Value: lcdf, Partial: cdfPartial(args, lpdf, false, factor), C: cLcdf},
		&library.Kernel{Name: name + "_lccdf", Args: args, Value: lccdf, Partial: cdfPartial(args, lpdf, true, factor), C: cLccdf}
}
