package funcs

import (
	"math"

	"github.com/bayes-dev/bayes/library"
)

// The constants that Stan writes as calls with no arguments (Stan
// Functions Reference, "Mathematical constants", "Special values"), one
// row each: a Func whose value is the constant.
var constantFuncs = []struct {
	name string
	x    float64
}{
	{"pi", math.Pi},
	{"e", math.E},
	{"sqrt2", math.Sqrt2},
	{"not_a_number", math.NaN()},
	{"positive_infinity", math.Inf(1)},
	{"negative_infinity", math.Inf(-1)},
	// machine_precision() is the distance from 1 to the next double, 2^-52
	{"machine_precision", 0x1p-52},
}

func init() {
	for _, c := range constantFuncs {
		registerFunc(&library.Func{Name: c.name, Doc: "the constant " + c.name, Overloads: []library.Signature{{Ret: library.TypeReal}},
			Value: func(o library.Tensors, _ []library.Value) library.Value { return o.Const(c.x) }})
	}
}
