package funcs

import (
	"github.com/bayes-dev/bayes/library"
)

// binomial_coefficient_log(n, k) = log C(n, k) (Stan Functions Reference,
// "Combinatorial functions"), of which lchoose is Stan's other name: the
// same formula (lchoose.go).
var binomialCoefficientLog = &library.Func{
	Name:      "binomial_coefficient_log",
	Doc:       "log C(n, k) of reals",
	Overloads: realsOverload(2),
	Value:     func(o library.Tensors, a []library.Value) library.Value { return lchoose.Value(o, a) },
}

func init() { registerFunc(binomialCoefficientLog) }
