package funcs

import "github.com/bayes-dev/bayes/library"

// needData fails the call name unless its argument x (what, for the
// message) is known when the model is compiled: the kernels of
// inc_beta, gamma_p, gamma_q and log_modified_bessel_first_kind have no
// derivative in that argument (library.DataPositive), so the gradient of a
// parameter there would be silently zero. The message says "must be
// data", which the derivative walk reads to skip the argument.
func needData(o library.Tensors, name, what string, x library.Value) {
	if _, ok := o.Known(x); !ok {
		o.Fail("%s: the %s must be data: bayes has no derivative of %s in it (Stan has one); pass a number or data", name, what, name)
	}
}

// ints2 is the one overload (int, int) -> int.
var ints2 = []library.Signature{{Params: []library.Arg{library.Exact("", library.TypeInt), library.Exact("", library.TypeInt)}, Ret: library.TypeInt}}

// realInt is the one overload (real, int) -> real.
var realInt = []library.Signature{{Params: []library.Arg{library.Exact("", library.TypeReal), library.Exact("", library.TypeInt)}, Ret: library.TypeReal}}

// intReal is the one overload (int, real) -> real.
var intReal = []library.Signature{{Params: []library.Arg{library.Exact("", library.TypeInt), library.Exact("", library.TypeReal)}, Ret: library.TypeReal}}
