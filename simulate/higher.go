package simulate

import (
	"github.com/bayes-dev/bayes/lang"
)

// Calls of Stan's higher-order functions other than the ODE solvers
// (lang.Higher) in the interpreter. reduce_sum is f over the whole of x,
// f(x, 1, size(x), ...), and map_rect runs its jobs one after the other,
// as the compiled model does (package compiler, lower_higher.go); the
// algebraic solvers (solve.go) and integrate_1d (integrate.go) use the
// solvers the compiled model uses, with f run by this interpreter.

// callFnArg evaluates a call whose first argument names a user function.
func (m *machine) callFnArg(c *lang.CallExpr) (*Value, error) {
	h := lang.LookupHigher(c.Name)
	if h == nil {
		return m.callOde(c) // ode.go
	}
	args := make([]*Value, len(c.Args))
	for i, a := range c.Args[1:] {
		v, err := m.eval(a)
		if err != nil {
			return nil, err
		}
		args[i+1] = v
	}
	switch h.Kind {
	case lang.ReduceSum:
		if g := args[2].Ints[0]; g < 1 {
			return nil, errAt(c.Args[2], "%s: grainsize must be positive; found %d", c.Name, g)
		}
		n := 0
		if len(args[1].Shape) > 0 {
			n = args[1].Shape[0]
		}
		if n == 0 {
			return realValue(0), nil
		}
		return m.invoke(c, c.FnArg, append([]*Value{args[1], intValue(1), intValue(n)}, args[3:]...))
	case lang.MapRect:
		return m.mapRect(c, args)
	case lang.AlgebraSolver:
		return m.callSolve(c, h, args) // solve.go
	}
	return m.callIntegrate(c, h, args) // integrate.go
}

// mapRect concatenates f(phi, thetas[j], x_rs[j], x_is[j]) over the jobs.
func (m *machine) mapRect(c *lang.CallExpr, args []*Value) (*Value, error) {
	jobs := args[2].Shape[0]
	for i, what := range []string{"real data", "int data"} {
		if got := args[3+i].Shape[0]; got != jobs {
			return nil, errAt(c.Args[3+i], "%s: the %s has %d rows; the job parameters have %d (one row per job)", c.Name, what, got, jobs)
		}
	}
	out := &Value{Type: lang.Vector, Shape: []int{0}, Reals: []float64{}}
	for j := 0; j < jobs; j++ {
		r, err := m.invoke(c, c.FnArg, []*Value{args[1], row(args[2], j), row(args[3], j), row(args[4], j)})
		if err != nil {
			return nil, err
		}
		out.Reals = append(out.Reals, r.Reals...)
	}
	out.Shape[0] = len(out.Reals)
	return out, nil
}

// row is v[j], j from 0, for an array v: its elements are shared.
func row(v *Value, j int) *Value {
	shape := v.Shape[1:]
	n := product(shape)
	t := v.Type
	t.Dims--
	r := &Value{Type: t, Shape: shape}
	if v.Ints != nil {
		r.Ints = v.Ints[j*n : (j+1)*n]
	} else {
		r.Reals = v.Reals[j*n : (j+1)*n]
	}
	return r
}
