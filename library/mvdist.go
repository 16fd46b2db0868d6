package library

import (
	"math/rand/v2"
)

// MvDist is one multivariate family (Stan Functions Reference, "Multivariate
// discrete distributions", "Continuous distributions on [0, 1]",
// "Distributions over unbounded vectors", "Correlation matrix
// distributions"): the functions NAME_lpdf (or _lpmf), _lupdf and _rng, and
// what `y ~ NAME(...)` means. Unlike a Dist's, its arguments are whole
// vectors and matrices, so its log density is a Formula over Tensors, not
// an elementwise Kernel.
type MvDist struct {
	Name string
	// Doc says in one line what the family is, for the function reference
	// (docs/functions.md, internal/funcref).
	Doc      string
	Discrete bool  // an int outcome: NAME_lpmf
	Variate  Arg   // the outcome
	Params   []Arg // the arguments after the outcome
	Support  string
	// Sizes relates the sizes of the density's arguments (0 is the
	// outcome), beyond the vectorisation rule of Stan's "reals" and "ints".
	Sizes SizeRule

	// Lpdf is the log density, every summand `~` may drop marked by
	// propto in the formula. The interpreter evaluates it (LogDensity), the
	// compiler builds it as IR.
	Lpdf Formula
	// Check are the density's argument checks that the formula does not
	// make itself (Stan Math's check_simplex, check_pos_definite, ...):
	// the interpreter applies them; nil when there are none.
	Check func(args []Tensor) error

	// RngParams are the arguments of NAME_rng, RngRet its result and
	// RngSizes their rule; SizedRng says that the first is the size K of
	// the outcome (K x K matrices), which `~` takes from its left side.
	RngParams []Arg
	RngRet    Type
	RngSizes  SizeRule
	SizedRng  bool
	// Rng draws one outcome, checking its arguments.
	Rng func(r *rand.Rand, args []Tensor) (Tensor, error)
	// NoRngFunc, when set, says why there is no NAME_rng (Stan has none):
	// Rng then draws only the outcomes of prior predictive sampling.
	NoRngFunc string

	// Generates is set for the family that a constrained type is drawn
	// from (a simplex from dirichlet).
	Generates *Generates
}

// Generates says that prior predictive sampling draws a parameter of the
// constrained Type ("simplex", Stan's name) only from this family, whose
// draws lie in it, as no other family's do; Why says so in the message for
// another prior.
type Generates struct{ Type, Why string }

// LogDensity is Lpdf at args (the outcome, then the parameters), after Check.
func (d *MvDist) LogDensity(args []Tensor) (float64, error) {
	if d.Check != nil {
		if err := d.Check(args); err != nil {
			return 0, err
		}
	}
	t, err := Run(func(o Tensors, a []Value) Value { return d.Lpdf(o, a, false) }, args)
	if err != nil {
		return 0, err
	}
	return t.X[0], nil
}

// Func is one plain function (Stan Functions Reference, "Matrix
// operations", "Array operations"): its overloads, the rule its arguments'
// sizes obey, and its result as a formula, Value or an overload's own,
// which the interpreter evaluates (Eval) and the compiler builds as IR.
type Func struct {
	Name string
	// Doc says in one line what the function computes, for the function
	// reference (docs/functions.md, internal/funcref).
	Doc       string
	Overloads []Signature
	Sizes     SizeRule
	Value     FuncFormula
	// Interp, when set, is what the interpreter computes in place of the
	// formula, checking its arguments: cholesky_decompose keeps gonum's
	// factorisation, whose last bits differ from the formula's and which
	// generated quantities have always had.
	Interp func(args []Tensor) (Tensor, error)
	// DataOnly, when set, says why the function takes data only: its
	// formula computes with the numbers (eigenvalues_sym) and fails on an
	// argument that depends on parameters.
	DataOnly string
	// Rng, when set, makes the function a random draw (hmm_latent_rng), with
	// no formula: the interpreter calls it with its generator, checking the
	// arguments, and the checker allows the function where Stan allows
	// _rng functions (transformed data, generated quantities, _rng
	// functions).
	Rng func(r *rand.Rand, args []Tensor) (Tensor, error)
}

// Formula is the formula of the overload i.
func (f *Func) Formula(i int) FuncFormula {
	if v := f.Overloads[i].Value; v != nil {
		return v
	}
	return f.Value
}

// SizesOf is the size rule of the overload i: its own, or the function's.
func (f *Func) SizesOf(i int) SizeRule {
	if r := f.Overloads[i].Sizes; r != nil {
		return *r
	}
	return f.Sizes
}

// Eval is the value of the overload i at args, as the interpreter computes
// it: Interp, or the formula.
func (f *Func) Eval(i int, args []Tensor) (Tensor, error) {
	if f.Interp != nil {
		return f.Interp(args)
	}
	return Run(f.Formula(i), args)
}
