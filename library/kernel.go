package library

import (
	"fmt"
	"math"
)

// MaxArgs is the largest arity of a Kernel (student_t_lpdf: y, ν, μ, σ).
const MaxArgs = 4

// Domain is where an argument must lie. It is checked by the interpreter
// (an argument outside it is an error naming the argument, as Stan's
// argument checks are) and says where the tests draw their points.
type Domain uint8

const (
	AnyReal     Domain = iota // any value but NaN
	Finite                    // finite
	Positive                  // > 0 and finite
	NonNegative               // >= 0 and finite (ints: a trial count)
	Probability               // in [0, 1]
	Binary                    // the int 0 or 1 (an outcome)
	Count                     // an int >= 0 (an outcome, or the trials that bound it)
	// DataPositive is > 0 and finite, and data: the kernel has no partial
	// in it (student_t_lcdf's degrees of freedom, whose derivative needs
	// that of the incomplete beta function in its parameter).
	DataPositive
)

var domainText = [...]string{AnyReal: "not NaN", Finite: "finite", Positive: "positive and finite",
	NonNegative: "non-negative", Probability: "in [0, 1]", Binary: "0 or 1", Count: "a non-negative int",
	DataPositive: "positive and finite, and data"}

// String says what the domain requires, for messages: "positive and finite".
func (d Domain) String() string { return domainText[d] }

// OK reports whether x lies in d.
func (d Domain) OK(x float64) bool {
	switch d {
	case Finite:
		return !math.IsInf(x, 0) && !math.IsNaN(x)
	case Positive, DataPositive:
		return x > 0 && !math.IsInf(x, 0)
	case NonNegative:
		return x >= 0 && !math.IsInf(x, 0)
	case Probability:
		return x >= 0 && x <= 1
	case Binary:
		return x == 0 || x == 1
	case Count:
		return x >= 0 && x == math.Trunc(x) && !math.IsInf(x, 0)
	}
	return !math.IsNaN(x)
}

// Discrete reports whether d holds ints.
func (d Domain) Discrete() bool { return d == Binary || d == Count }

// Data reports whether an argument of d is data, without a partial: ints,
// and DataPositive.
func (d Domain) Data() bool { return d.Discrete() || d == DataPositive }

// ScalarFunc computes one element of a Kernel; unused arguments are zero,
// aux is the op's Aux operand (unused by the densities).
type ScalarFunc func(a, b, c, d float64, aux int) float64

// PartialFunc returns adj times the partial derivative of the node n (an
// application of the Kernel) with respect to its argument i, built with b,
// or NoValue when that partial is identically zero (an integer argument).
type PartialFunc func(b Builder, n Value, i int, adj Value) Value

// Kernel is one elementwise function of the IR: a log density with every
// constant (Stan's *_lpdf, not `~`), or a companion of one. The compiler
// makes it an op named Name whose C template is bayes_Name($0, ...).
type Kernel struct {
	Name string
	// Args are the arguments' domains, in Stan's order (y | ...). Those
	// that hold ints (Binary, Count), and DataPositive ones, are data:
	// they have no partial.
	Args    []Domain
	Value   ScalarFunc
	Partial PartialFunc
	// C defines the C function bayes_Name (see CPrelude for the dialect).
	C string

	// Scale, when set, says that Value is one of the forms of ScaleForm in
	// its scale σ, so that the CPU kernel may compute 1/σ and log σ once
	// rather than per element (compiler/kernel: σ's tables, its loops).
	Scale *Scale
	// ScalePartials, when set on a kernel whose Scale is HalfSquare, are
	// its partials in μ and σ, so that the CPU kernel computes the three
	// over data sharing one σ in one loop (compiler/kernel/families.go).
	ScalePartials *ScalePartials
}

// ScaleForm is how a location-scale kernel of (y, μ, σ) reads its scale σ:
// only through the standardised residual z = (y − μ)/σ, 1/σ and log σ.
// Each form is written out below as the Go expression it stands for: the
// kernel's Value must perform exactly those operations in that order, so
// that a loop that reads 1/σ and log σ precomputed gives Value's result
// bit for bit (compiler/kernel's TestScaleForms checks every entry).
type ScaleForm uint8

const (
	NoScaleForm ScaleForm = iota
	// HalfSquare is -0.5*z*z - log σ - C with z = (y-μ)*(1/σ): a normal
	// log density in z.
	HalfSquare
	// ZOverScale is z*(1/σ) with z = (y-μ)*(1/σ): its partial in μ.
	ZOverScale
	// SquareMinusOne is (z*z - 1)*(1/σ) with z = (y-μ)*(1/σ): its partial
	// in σ.
	SquareMinusOne
	// Log1pSquare is -C - log σ - log1p(z*z) with z = (y-μ)/σ: a Cauchy
	// log density in z. z divides, so only log σ is precomputed.
	Log1pSquare
)

// Scale is a kernel's ScaleForm and the form's constant C.
type Scale struct {
	Form ScaleForm
	C    float64
}

// ScalePartials are the partials in μ and σ of a HalfSquare kernel, the
// kernels Dmu (a ZOverScale) and Dsigma (a SquareMinusOne). Over n
// elements that share σ, the kernel and Dsigma depend on the data only
// through S = Σ z², since z*z is what both square: Σ value = -0.5*S -
// n*(log σ + C) and Σ Dsigma = (S - n)*(1/σ).
type ScalePartials struct {
	Dmu, Dsigma *Kernel
}

// Arity is the number of arguments.
func (k *Kernel) Arity() int { return len(k.Args) }

// Discrete has bit i set when argument i holds ints or is otherwise data
// (Domain.Data): the op has no partial in it.
func (k *Kernel) Discrete() uint8 {
	var m uint8
	for i, d := range k.Args {
		if d.Data() {
			m |= 1 << i
		}
	}
	return m
}

// CTemplate is the C expression of one element: bayes_Name($0, $1, ...).
func (k *Kernel) CTemplate() string {
	s := "bayes_" + k.Name + "("
	for i := range k.Args {
		if i > 0 {
			s += ", "
		}
		s += fmt.Sprintf("$%d", i)
	}
	return s + ")"
}

// At evaluates the kernel at the arguments x (at most MaxArgs).
func (k *Kernel) At(x ...float64) float64 {
	var a [MaxArgs]float64
	copy(a[:], x)
	return k.Value(a[0], a[1], a[2], a[3], 0)
}
