package lang

import "strings"

// Stan's higher-order functions other than the ODE solvers (Stan
// Functions Reference, "Higher-order functions"): their first argument
// names a user function f, which the checker resolves and checks against
// the call here; the compiler and the interpreter see the call with FnArg
// set to f, as for the ODE solvers (check_ode.go).
//
//   - reduce_sum(f, array[] T x, int grainsize, ...) and
//     reduce_sum_static: real f(array[] T x_slice, int start, int end, ...),
//     the sum of f over slices of x; f may be a density (NAME_lpdf,
//     NAME_lpmf, or NAME_lupmf to drop its constants).
//   - map_rect(f, vector phi, array[] vector thetas, data array[,] real x_rs,
//     data array[,] int x_is): vector f(vector phi, vector theta,
//     data array[] real x_r, data array[] int x_i), the concatenation of
//     f over the jobs j.
//   - algebra_solver and algebra_solver_newton(f, vector y_guess,
//     vector theta, data array[] real x_r, array[] int x_i
//     [, data real rel_tol or scaling_step, data real f_tol, int max_steps]):
//     vector f(vector y, vector theta, data array[] real x_r, array[] int x_i).
//   - solve_newton and solve_powell(f, vector y_guess, ...), and their _tol
//     forms (f, y_guess, data real scaling_step or rel_tol, data real f_tol,
//     int max_steps, ...): vector f(vector y, ...).
//   - integrate_1d(f, real a, real b, array[] real theta,
//     data array[] real x_r, data array[] int x_i [, data real rel_tol]):
//     real f(real x, real xc, array[] real theta, array[] real x_r,
//     array[] int x_i).

// HigherKind is the family of a higher-order function.
type HigherKind int

const (
	ReduceSum HigherKind = iota
	MapRect
	AlgebraSolver // all algebraic solvers
	Integrate1D
)

// Higher is one of the higher-order functions of this file.
type Higher struct {
	Name string
	Kind HigherKind
	// Newton is the algebraic solvers' method: Newton with a line search
	// (algebra_solver_newton, solve_newton) rather than Powell's dog leg.
	Newton bool
	Legacy bool // algebra_solver, algebra_solver_newton: (y, theta, x_r, x_i)
	Tol    bool // solve_*_tol: the controls are required
	// the controls' defaults (Stan Math: scaling_step 1e-3 for Newton,
	// relative tolerance 1e-10 for Powell; function tolerance 1e-6; at
	// most 200 steps), and integrate_1d's relative tolerance, √ε
	Tol1, Ftol float64
	MaxSteps   int
}

var highers = func() map[string]*Higher {
	m := map[string]*Higher{
		"reduce_sum":        {Kind: ReduceSum},
		"reduce_sum_static": {Kind: ReduceSum},
		"map_rect":          {Kind: MapRect},
		"integrate_1d":      {Kind: Integrate1D, Tol1: 1.4901161193847656e-08},
	}
	for _, newton := range []bool{false, true} {
		tol1, method := 1e-10, "powell"
		legacy := "algebra_solver"
		if newton {
			tol1, method, legacy = 1e-3, "newton", "algebra_solver_newton"
		}
		m[legacy] = &Higher{Kind: AlgebraSolver, Newton: newton, Legacy: true}
		m["solve_"+method] = &Higher{Kind: AlgebraSolver, Newton: newton}
		m["solve_"+method+"_tol"] = &Higher{Kind: AlgebraSolver, Newton: newton, Tol: true}
		for _, n := range []string{legacy, "solve_" + method, "solve_" + method + "_tol"} {
			m[n].Tol1, m[n].Ftol, m[n].MaxSteps = tol1, 1e-6, 200
		}
	}
	for n, h := range m {
		h.Name = n
	}
	return m
}()

// LookupHigher returns the higher-order function of that name, or nil.
func LookupHigher(name string) *Higher { return highers[name] }

// Controls is the index in a call's arguments of an algebraic solver's
// first control (the function tolerance and max_num_steps follow it) or
// of integrate_1d's relative tolerance, or -1 when the call leaves them
// at their defaults.
func (h *Higher) Controls(nargs int) int {
	switch {
	case h.Kind == AlgebraSolver && h.Tol:
		return 2
	case h.Kind == AlgebraSolver && h.Legacy && nargs == 8:
		return 5
	case h.Kind == Integrate1D && nargs == 7:
		return 6
	}
	return -1
}

// Passed is the range [from, to) of a call's arguments passed on to f
// after its own leading arguments (the slice and its bounds; y; x and xc).
func (h *Higher) Passed(nargs int) (from, to int) {
	switch h.Kind {
	case ReduceSum:
		return 3, nargs
	case MapRect:
		return 1, nargs
	case Integrate1D:
		return 3, 6
	}
	switch {
	case h.Legacy:
		return 2, 5
	case h.Tol:
		return 5, nargs
	}
	return 2, nargs
}

// higherCall checks a call of a function of this file.
func (c *checker) higherCall(e *CallExpr, h *Higher) Type {
	args := make([]Type, len(e.Args))
	for i, a := range e.Args {
		if i > 0 {
			args[i] = c.expr(a)
		}
	}
	if len(e.Args) == 0 {
		c.errs.Add(e.Pos, "%s: the first argument must name a user-defined function", h.Name)
		return Invalid
	}
	id, _ := e.Args[0].(*Ident)
	var f *FuncDef
	unnorm := false
	if id != nil {
		f, unnorm = c.lookupUser(id.Name)
	}
	if f == nil {
		c.errs.Add(e.Args[0].Position(), "%s: the first argument must name a user-defined function; found `%s`", h.Name, ExprString(e.Args[0]))
		return Invalid
	}
	for _, t := range args[1:] {
		if t == Invalid {
			return Invalid
		}
	}
	arr := func(k Kind, dims int) Type { return Type{Kind: k, Dims: dims} }
	// the call's leading arguments after f, which data ones are, and f's
	// leading parameters and return type
	var want []Type
	var names []string
	var data []bool
	var lead []Type
	ret := Real
	nargs := len(e.Args)
	switch h.Kind {
	case ReduceSum:
		want, names, data = []Type{{}, Int}, []string{"sliced argument", "grainsize"}, []bool{false, false}
		if nargs >= 2 {
			want[0] = args[1]
			if args[1].Dims == 0 {
				c.errs.Add(e.Args[1].Position(), "%s: argument 2 (the sliced argument) must be an array; found %s", h.Name, args[1])
				return Invalid
			}
		}
		lead = []Type{want[0], Int, Int}
	case MapRect:
		want = []Type{Vector, arr(KindVector, 1), arr(KindReal, 2), arr(KindInt, 2)}
		names, data = []string{"shared parameters", "job parameters", "real data", "int data"}, []bool{false, false, true, true}
		lead, ret = []Type{Vector, Vector, arr(KindReal, 1), arr(KindInt, 1)}, Vector
	case Integrate1D:
		want = []Type{Real, Real, arr(KindReal, 1), arr(KindReal, 1), arr(KindInt, 1)}
		names, data = []string{"lower limit", "upper limit", "theta", "x_r", "x_i"}, []bool{false, false, false, true, true}
		if nargs == 7 {
			want, names, data = append(want, Real), append(names, "relative_tolerance"), append(data, true)
		}
		if nargs != 6 && nargs != 7 {
			c.errs.Add(e.Pos, "%s: expected 6 or 7 arguments (f, a, b, theta, x_r, x_i[, relative_tolerance]), found %d", h.Name, nargs)
			return Invalid
		}
		lead = []Type{Real, Real}
	case AlgebraSolver:
		ctl := []string{"relative_tolerance", "function_tolerance", "max_num_steps"}
		if h.Newton {
			ctl[0] = "scaling_step"
		}
		want, names, data, ret = []Type{Vector}, []string{"initial guess"}, []bool{false}, Vector
		lead = []Type{Vector}
		switch {
		case h.Legacy:
			want = append(want, Vector, arr(KindReal, 1), arr(KindInt, 1))
			names, data = append(names, "theta", "x_r", "x_i"), append(data, false, true, true)
			if nargs == 8 {
				want, names, data = append(want, Real, Real, Int), append(names, ctl...), append(data, true, true, true)
			}
			if nargs != 5 && nargs != 8 {
				c.errs.Add(e.Pos, "%s: expected 5 or 8 arguments (f, y_guess, theta, x_r, x_i[, %s]), found %d", h.Name, strings.Join(ctl, ", "), nargs)
				return Invalid
			}
		case h.Tol:
			want, names, data = append(want, Real, Real, Int), append(names, ctl...), append(data, true, true, true)
		}
	}
	if nargs < len(want)+1 {
		c.errs.Add(e.Pos, "%s: expected at least %d arguments (f, %s, ...), found %d", h.Name, len(want)+1, strings.Join(names, ", "), nargs)
		return Invalid
	}
	if h.Kind == MapRect && nargs != 5 {
		c.errs.Add(e.Pos, "%s: expected 5 arguments (f, %s), found %d", h.Name, strings.Join(names, ", "), nargs)
		return Invalid
	}
	ok := true
	for i, w := range want {
		a := e.Args[i+1]
		if m, _ := (Param{Type: w}).match(args[i+1]); !m {
			c.errs.Add(a.Position(), "%s: argument %d (%s) must be %s; found %s", h.Name, i+2, names[i], w, args[i+1])
			ok = false
			continue
		}
		if data[i] {
			if id := c.autodiffIdent(a); id != nil {
				c.errs.Add(a.Position(), "%s: argument %d (%s) must be data; found `%s`, which depends on %s %q", h.Name, i+2, names[i], ExprString(a), c.role(id.Decl), id.Name)
				ok = false
			}
		}
	}
	if !ok {
		return Invalid
	}
	// f's signature: the leading parameters, then the passed arguments
	from, to := h.Passed(nargs)
	if h.Kind == MapRect {
		from, to = 0, 0 // map_rect passes elements of its arguments, in lead
	}
	fwant := append(append([]Type(nil), lead...), args[from:to]...)
	parts := make([]string, len(fwant))
	for i, t := range fwant {
		parts[i] = t.String()
	}
	bad := f.Void || f.Ret != ret || len(f.Params) != len(fwant)
	for i := 0; !bad && i < len(fwant); i++ {
		bad = !exactMatch(f.Params[i].Decl.Type.Type(), fwant[i])
	}
	if bad {
		c.errs.Add(e.Args[0].Position(), "%s: the function %s has the signature %s; this call needs %s f(%s)", h.Name, f.Name, signatureText(f), ret, strings.Join(parts, ", "))
		return Invalid
	}
	switch suf := f.Suffix(); {
	case h.Kind == ReduceSum && (suf == "_lpdf" || suf == "_lpmf"):
		c.userAllowed(id.Pos, id.Name, f, unnorm)
	case suf != "":
		c.errs.Add(e.Args[0].Position(), "%s: the function cannot be a %s function", h.Name, suf)
		return Invalid
	}
	e.FnArg = f
	id.T = Invalid
	return ret
}

// Unnormalized reports whether a reduce_sum call names its density as
// NAME_lupdf or NAME_lupmf: the partial sums drop their constants.
func (e *CallExpr) Unnormalized() bool {
	id, ok := e.Args[0].(*Ident)
	return ok && (strings.HasSuffix(id.Name, "_lupdf") || strings.HasSuffix(id.Name, "_lupmf"))
}
