package funcs

import (
	"github.com/bayes-dev/bayes/library"
)

// The Bessel functions of the first kind (Stan Functions Reference,
// "Bessel functions"), each one kernel over library/bessel.go:
//
//   - bessel_first_kind(v, z) = J_v(z), v an int, ∂/∂z = (J_{v-1} -
//     J_{v+1})/2 (DLMF 10.6.1);
//   - modified_bessel_first_kind(v, z) = I_v(z), v an int, ∂/∂z =
//     (I_{v-1} + I_{v+1})/2 (DLMF 10.29.1);
//   - log_modified_bessel_first_kind(v, z) = log I_v(z), v >= 0 real and
//     data, z >= 0: ∂/∂z = I_{v+1}/I_v + v/z (DLMF 10.29.2), the ratio as
//     exp of the difference of two logs. Stan also differentiates in v;
//     bayes refuses a v that depends on parameters (needData).
//
// Each partial calls its own kernel, so it is set in init (a variable's
// initializer may not refer to itself).
var (
	besselJKernel = &library.Kernel{Name: "bessel_first_kind", Args: []library.Domain{library.Count, library.Finite},
		Value: func(v, z, _, _ float64, _ int) float64 { return library.BesselJ(v, z) }, C: `
BAYES_FN bayes_real bayes_bessel_first_kind(bayes_real v, bayes_real z)
{
	return bayes_bessel_j(v, z);
}`}
	besselIKernel = &library.Kernel{Name: "modified_bessel_first_kind", Args: []library.Domain{library.Count, library.Finite},
		Value: func(v, z, _, _ float64, _ int) float64 { return library.BesselI(v, z) }, C: `
BAYES_FN bayes_real bayes_modified_bessel_first_kind(bayes_real v, bayes_real z)
{
	return bayes_bessel_i(v, z);
}`}
	logBesselIKernel = &library.Kernel{Name: "log_modified_bessel_first_kind", Args: []library.Domain{library.DataPositive, library.Positive},
		Value: func(v, z, _, _ float64, _ int) float64 { return library.LogBesselI(v, z) }, C: `
BAYES_FN bayes_real bayes_log_modified_bessel_first_kind(bayes_real v, bayes_real z)
{
	return bayes_log_bessel_i(v, z);
}`}
)

// neighbours is the kernel k at orders v-1 and v+1 of the node n's.
func neighbours(b library.Builder, k *library.Kernel, n library.Value) (lo, hi library.Value) {
	v, z := b.Arg(n, 0), b.Arg(n, 1)
	return b.Call(k, b.Sub(v, b.Const(1)), z), b.Call(k, b.Add(v, b.Const(1)), z)
}

func init() {
	besselJKernel.Partial = func(b library.Builder, n library.Value, i int, adj library.Value) library.Value {
		if i == 0 {
			return library.NoValue
		}
		lo, hi := neighbours(b, besselJKernel, n)
		return b.Mul(adj, b.Mul(b.Const(0.5), b.Sub(lo, hi)))
	}
	besselIKernel.Partial = func(b library.Builder, n library.Value, i int, adj library.Value) library.Value {
		if i == 0 {
			return library.NoValue
		}
		lo, hi := neighbours(b, besselIKernel, n)
		return b.Mul(adj, b.Mul(b.Const(0.5), b.Add(lo, hi)))
	}
	logBesselIKernel.Partial = func(b library.Builder, n library.Value, i int, adj library.Value) library.Value {
		if i == 0 {
			return library.NoValue
		}
		v, z := b.Arg(n, 0), b.Arg(n, 1)
		ratio := b.Exp(b.Sub(b.Call(logBesselIKernel, b.Add(v, b.Const(1)), z), n))
		return b.Mul(adj, b.Add(ratio, b.Div(v, z)))
	}
	for _, k := range []*library.Kernel{besselJKernel, besselIKernel, logBesselIKernel} {
		registerKernel(k)
	}
	registerFunc(&library.Func{Name: "bessel_first_kind", Doc: "J_v(z), the Bessel function of the first kind, v an int", Overloads: intReal,
		Value: func(o library.Tensors, a []library.Value) library.Value { return o.Call(besselJKernel, a[0], a[1]) }})
	registerFunc(&library.Func{Name: "modified_bessel_first_kind", Doc: "I_v(z), the modified Bessel function of the first kind, v an int", Overloads: intReal,
		Value: func(o library.Tensors, a []library.Value) library.Value { return o.Call(besselIKernel, a[0], a[1]) }})
	registerFunc(&library.Func{Name: "log_modified_bessel_first_kind", Doc: "log I_v(z), v >= 0 real and data", Overloads: realsOverload(2),
		Value: func(o library.Tensors, a []library.Value) library.Value {
			needData(o, "log_modified_bessel_first_kind", "order v", a[0])
			return o.Call(logBesselIKernel, a[0], a[1])
		}})
}
