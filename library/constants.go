package library

import (
	"fmt"
	"strconv"
)

// The constants of the densities and special functions, each written once:
// Go reads the constant, C a macro generated from it (BAYES_HALF_LOG_2PI),
// which in float is the constant rounded to float (the table test checks
// that this is the exact constant's float rounding).
const (
	HalfLog2Pi = 0.91893853320467274178032973640561763986139747363778 // log(2π)/2 = log √(2π)
	LogPi      = 1.14472988584940017414342735135305871164729481291531 // log π
	Ln2        = 0.69314718055994530941723212145817656807550013436026 // log 2
	InvSqrt2   = 0.70710678118654752440084436210484903928483593768847 // 1/√2
	InvSqrtPi2 = 1.12837916709551257389615890312154517168810125865800 // 2/√π
	InvSqrt2Pi = 0.39894228040143267793994605993438186847585863116493 // 1/√(2π)
)

// cConstants are the constants C uses, by macro name.
var cConstants = []struct {
	name string
	x    float64
}{
	{"BAYES_HALF_LOG_2PI", HalfLog2Pi},
	{"BAYES_LOG_PI", LogPi},
	{"BAYES_LN2", Ln2},
	{"BAYES_INV_SQRT2", InvSqrt2},
}

func init() {
	code := "/* The constants of library/constants.go, in bayes_real. */\n"
	for _, c := range cConstants {
		code += fmt.Sprintf("#define %s BAYES_R(%s)\n", c.name, cLiteral(c.x))
	}
	registerC("constants", code)
}

// cLiteral is x as a C literal that reads back as x: the shortest
// round-trip decimal, with a decimal point.
func cLiteral(x float64) string {
	s := strconv.FormatFloat(x, 'g', -1, 64)
	for _, c := range s {
		if c == '.' || c == 'e' {
			return s
		}
	}
	return s + ".0"
}

// EulerGamma is the Euler–Mascheroni constant γ (Abramowitz & Stegun 6.1.3).
const EulerGamma = 0.57721566490153286
