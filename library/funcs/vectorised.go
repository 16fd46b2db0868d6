package funcs

import "github.com/bayes-dev/bayes/library"

// vectorisedBinary are the binary functions of this package that Stan
// vectorises (Stan Functions Reference, "Binary function vectorization";
// stanc3's Stan_math_signatures: add_binary_vec, add_binary_vec_real_real,
// _int_real, _real_int and _int_int): each scalar overload (a, b) also
// takes two containers of one type and shape, elementwise, or a scalar and
// a container, the scalar applied to every element. lmgamma (vectorised in
// Stan) is not here: its dimension k must be one known int.
var vectorisedBinary = map[string]bool{
	"atan2": true, "fmax": true, "fmin": true, "fmod": true, "hypot": true, "pow": true,
	"lbeta": true, "lchoose": true, "binomial_coefficient_log": true, "choose": true,
	"falling_factorial": true, "rising_factorial": true, "log_falling_factorial": true, "log_rising_factorial": true,
	"log_diff_exp": true, "log_sum_exp": true, "log_inv_logit_diff": true, "owens_t": true,
	"gamma_p": true, "gamma_q": true,
	"bessel_first_kind": true, "modified_bessel_first_kind": true, "log_modified_bessel_first_kind": true,
}

// vectorise appends to f, one of vectorisedBinary, the vectorised form of
// each of its overloads of two scalars: the same formula, which is written
// with elementwise ops that broadcast a scalar against a container (the
// compiler's ewise, the interpreter's mapN), so that the value and the
// gradient of every element are those of the scalar call on its elements.
func vectorise(f *library.Func) {
	shape := library.SameShape(0, 1)
	if len(f.Sizes.Groups) == 0 && f.Sizes.Independent == "" {
		f.Sizes = shape // the scalar overloads have no sizes to relate
	}
	for i, o := range f.Overloads {
		if len(o.Params) != 2 || !scalarArg(o.Params[0]) || !scalarArg(o.Params[1]) {
			continue
		}
		v := library.Signature{Ret: o.Ret, Result: library.ResultBinaryElementwise, Value: f.Formula(i), Sizes: &shape}
		for _, p := range o.Params {
			v.Params = append(v.Params, library.Arg{Name: p.Name, Class: library.ClassElements, Type: p.Type})
		}
		f.Overloads = append(f.Overloads, v)
	}
}

// scalarArg reports whether p is an int or a real.
func scalarArg(p library.Arg) bool {
	return p.Class == library.ClassExact && p.Type.Dims == 0 && (p.Type.Kind == library.KindInt || p.Type.Kind == library.KindReal)
}
