package funcs

import (
	"github.com/bayes-dev/bayes/library"
)

// The falling and rising factorials (Stan Functions Reference,
// "Combinatorial functions"), each from lgamma (DLMF 5.2.5):
//
//	(x)_n falling = x!/(x-n)! = exp(lgamma(x+1) - lgamma(x-n+1)),
//	x^(n) rising  = Γ(x+n)/Γ(x) = exp(lgamma(x+n) - lgamma(x)),
//
// and their logs, whose n is real. falling_factorial and rising_factorial
// take an int n, as Stan's (real, int) overloads.
var (
	logFallingFactorial = &library.Func{Name: "log_falling_factorial", Doc: "log(x!/(x-n)!)", Overloads: realsOverload(2), Value: logFalling}
	logRisingFactorial  = &library.Func{Name: "log_rising_factorial", Doc: "log(Γ(x+n)/Γ(x))", Overloads: realsOverload(2), Value: logRising}
	fallingFactorial    = &library.Func{Name: "falling_factorial", Doc: "x!/(x-n)!, n an int", Overloads: realInt,
		Value: func(o library.Tensors, a []library.Value) library.Value { return o.Exp(logFalling(o, a)) }}
	risingFactorial = &library.Func{Name: "rising_factorial", Doc: "Γ(x+n)/Γ(x), n an int", Overloads: realInt,
		Value: func(o library.Tensors, a []library.Value) library.Value { return o.Exp(logRising(o, a)) }}
)

func logFalling(o library.Tensors, a []library.Value) library.Value {
	one := o.Const(1)
	return o.Sub(o.Lgamma(o.Add(a[0], one)), o.Lgamma(o.Add(o.Sub(a[0], a[1]), one)))
}

func logRising(o library.Tensors, a []library.Value) library.Value {
	return o.Sub(o.Lgamma(o.Add(a[0], a[1])), o.Lgamma(a[0]))
}

func init() {
	for _, f := range []*library.Func{fallingFactorial, logFallingFactorial, risingFactorial, logRisingFactorial} {
		registerFunc(f)
	}
}
