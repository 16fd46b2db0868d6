package simulate

import (
	"fmt"
	"sort"
	"strings"

	"github.com/bayes-dev/bayes/lang"
)

// This file evaluates the sizes and bounds of data (`vector[N - 1]`,
// `array[N] int<lower=1, upper=K>`) for package data, which binds a data
// file before any block runs, and the data scales that the compiler's
// non-centered rewrite reads. The evaluator is the interpreter's own
// (eval.go, ops.go, funcs.go): the same int arithmetic (32-bit, overflow
// and division by zero are errors), the same functions, the same messages.
// Sizes mode (machine.sizes) adds the rules of that setting:
//   - a name is looked up by name among the values given (the data bound
//     so far, and the compiler's loop variables), not in a run's variables;
//   - every operand, condition, index and the result is a scalar, and a
//     condition of ?: an int;
//   - only literals, names, arithmetic, comparisons, && || !, ?:, single
//     indexes and the functions of sizeFuncs are evaluated: a size is a
//     deterministic function of data.

// Scalar is the value of a scalar expression: an int or a real.
type Scalar struct {
	IsInt bool
	Int   int     // the value when IsInt
	Real  float64 // the value when !IsInt
}

// Float is the value as a real (an int promoted).
func (s Scalar) Float() float64 {
	if s.IsInt {
		return float64(s.Int)
	}
	return s.Real
}

// String writes an int as an int and a real in Go's shortest form that
// reads back exactly ("0.5", "1e-08"), as print does.
func (s Scalar) String() string {
	if s.IsInt {
		return intValue(s.Int).String()
	}
	return realValue(s.Real).String()
}

// EvalScalar evaluates e, a scalar expression of a checked program, in
// sizes mode over env, the values of the variables it may name, by name.
// The error, a *lang.Error at the part of e that failed, says what went
// wrong: a name not in env, an index out of range, integer overflow or
// division by zero, a container where a scalar is needed, or a construct
// that sizes may not use.
func EvalScalar(e lang.Expr, env map[string]*Value) (_ Scalar, err error) {
	defer recoverInternal(&err)
	m := &machine{sizes: true, byName: env}
	v, err := m.eval(e)
	if err != nil {
		return Scalar{}, err
	}
	if !v.isScalar() {
		return Scalar{}, errAt(e, "%s is %s, not a scalar", lang.ExprString(e), v.kindPhrase())
	}
	if v.isInt() {
		return Scalar{IsInt: true, Int: v.Ints[0]}, nil
	}
	return Scalar{Real: v.float()}, nil
}

// sizeFuncs are the functions that sizes and bounds of data may call, true
// for those that take a container (size(x), sum(x), min(x)); the others
// take scalars. (log2, log10 and trunc are listed, as they always were, but
// lang's table does not have them yet, so the checker refuses them first.)
var sizeFuncs = map[string]bool{
	// "Array size and dimension function", "Matrix size functions", "Reductions".
	"size": true, "num_elements": true, "rows": true, "cols": true,
	"sum": true, "min": true, "max": true,
	// "Absolute functions", "Step-like functions", "Exponents and logs",
	// "Powers", "Integer-valued basic functions".
	"abs": false, "fabs": false, "floor": false, "ceil": false, "round": false, "trunc": false,
	"sqrt": false, "exp": false, "log": false, "log2": false, "log10": false,
	"square": false, "inv": false, "pow": false, "fmin": false, "fmax": false, "int_step": false,
}

// sizesUse says what sizes may use, for the message about what they cannot.
func sizesUse() string {
	names := make([]string, 0, len(sizeFuncs))
	for n := range sizeFuncs {
		names = append(names, n)
	}
	sort.Strings(names)
	return "sizes and bounds of data may use int and real literals, earlier data, arithmetic, " +
		"comparisons, && || !, ?:, single indexes and the functions " + strings.Join(names, ", ")
}

// kindPhrase names what a container is, for the messages of sizes mode:
// "a vector", "a 2-dimensional array".
func (v *Value) kindPhrase() string {
	if v.Type.Dims > 0 {
		return fmt.Sprintf("a %d-dimensional array", v.Type.Dims)
	}
	return "a " + v.Type.Kind.String()
}
