package lang

import (
	"fmt"
	"strings"
)

// Stan's ODE solvers (Stan Functions Reference, "Ordinary differential
// equation (ODE) solvers" and, for integrate_ode_*, "Removed/deprecated
// functions"): higher-order built-ins whose first argument names a user
// function, the right-hand side f. The checker resolves f and checks its
// signature against the call here, so that the compiler and the
// interpreter see a call whose FnArg is f.
//
//   - ode_M(f, vector y0, real t0, array[] real ts, ...) and
//     ode_M_tol(f, y0, t0, ts, data real rtol, data real atol,
//     data int max_num_steps, ...) return array[] vector; f is
//     vector f(real t, vector y, ...) and takes the trailing arguments.
//   - integrate_ode_M(f, array[] real y0, real t0, array[] real ts,
//     array[] real theta, data array[] real x_r, data array[] int x_i
//     [, data real rtol, data real atol, data int max_num_steps]) returns
//     array[,] real; f is array[] real f(real t, array[] real y,
//     array[] real theta, array[] real x_r, array[] int x_i).

// OdeSolver is one of the ODE functions.
type OdeSolver struct {
	Name   string
	Method string // rk45, bdf, adams or ckrk
	Legacy bool   // integrate_ode_*
	Tol    bool   // ode_*_tol: the controls are required
	// the defaults of the controls: Stan's for rk45 and ckrk, and for
	// the legacy functions, 1e-6, 1e-6, 10^6; for bdf and adams 1e-10,
	// 1e-10, 10^8
	Rtol, Atol float64
	MaxSteps   int
}

var odeSolvers = func() map[string]*OdeSolver {
	m := map[string]*OdeSolver{}
	for _, method := range []string{"rk45", "bdf", "adams", "ckrk"} {
		rtol, steps := 1e-6, 1_000_000
		if method == "bdf" || method == "adams" {
			rtol, steps = 1e-10, 100_000_000
		}
		m["ode_"+method] = &OdeSolver{Name: "ode_" + method, Method: method, Rtol: rtol, Atol: rtol, MaxSteps: steps}
		m["ode_"+method+"_tol"] = &OdeSolver{Name: "ode_" + method + "_tol", Method: method, Tol: true, Rtol: rtol, Atol: rtol, MaxSteps: steps}
		if method != "ckrk" {
			m["integrate_ode_"+method] = &OdeSolver{Name: "integrate_ode_" + method, Method: method, Legacy: true, Rtol: 1e-6, Atol: 1e-6, MaxSteps: 1_000_000}
		}
	}
	return m
}()

// LookupOde returns the ODE solver of that name, or nil.
func LookupOde(name string) *OdeSolver { return odeSolvers[name] }

// Controls is the index in a call's arguments of rtol (atol and
// max_num_steps follow it), or -1 when the call leaves them at their
// defaults.
func (s *OdeSolver) Controls(nargs int) int {
	if s.Tol {
		return 4
	}
	if s.Legacy && nargs == 10 {
		return 7
	}
	return -1
}

// Passed is the range [from, to) of a call's arguments passed on to f
// after t and y: the variadic arguments, or theta, x_r, x_i.
func (s *OdeSolver) Passed(nargs int) (from, to int) {
	switch {
	case s.Legacy:
		return 4, 7
	case s.Tol:
		return 7, nargs
	}
	return 4, nargs
}

// odeCall checks a call of an ODE solver.
func (c *checker) odeCall(e *CallExpr, s *OdeSolver) Type {
	if len(e.Args) == 0 {
		c.errs.Add(e.Pos, "%s: the first argument must name the user-defined function of the system, f(t, y, ...)", s.Name)
		return Invalid
	}
	args := make([]Type, len(e.Args))
	for i, a := range e.Args[1:] {
		args[i+1] = c.expr(a)
	}
	id, ok := e.Args[0].(*Ident)
	var f *FuncDef
	if ok {
		f, _ = c.lookupUser(id.Name)
	}
	if f == nil {
		c.errs.Add(e.Args[0].Position(), "%s: the first argument must name a user-defined function, the system's right-hand side; found `%s`", s.Name, ExprString(e.Args[0]))
		return Invalid
	}
	for _, t := range args[1:] {
		if t == Invalid {
			return Invalid
		}
	}
	e.FnArg = f
	arr := func(k Kind) Type { return Type{Kind: k, Dims: 1} }
	var want []Type // the call's arguments after f
	var names []string
	ret := Type{Kind: KindVector, Dims: 1}
	switch {
	case s.Legacy:
		want = []Type{arr(KindReal), Real, arr(KindReal), arr(KindReal), arr(KindReal), arr(KindInt)}
		names = []string{"initial_state", "initial_time", "times", "theta", "x_r", "x_i"}
		if len(e.Args) == 10 {
			want = append(want, Real, Real, Int)
			names = append(names, "relative_tolerance", "absolute_tolerance", "max_num_steps")
		}
		if len(e.Args) != 7 && len(e.Args) != 10 {
			c.errs.Add(e.Pos, "%s: expected 7 or 10 arguments (f, initial_state, initial_time, times, theta, x_r, x_i[, relative_tolerance, absolute_tolerance, max_num_steps]), found %d", s.Name, len(e.Args))
			return Invalid
		}
		ret = Type{Kind: KindReal, Dims: 2}
	default:
		want = []Type{Vector, Real, arr(KindReal)}
		names = []string{"initial_state", "initial_time", "times"}
		if s.Tol {
			want = append(want, Real, Real, Int)
			names = append(names, "relative_tolerance", "absolute_tolerance", "max_num_steps")
		}
		if len(e.Args) < len(want)+1 {
			c.errs.Add(e.Pos, "%s: expected at least %d arguments (f, %s, ...), found %d", s.Name, len(want)+1, strings.Join(names, ", "), len(e.Args))
			return Invalid
		}
	}
	ok = true
	for i, w := range want {
		a := e.Args[i+1]
		if m, _ := (Param{Type: w}).match(args[i+1]); !m {
			c.errs.Add(a.Position(), "%s: argument %d (%s) must be %s; found %s", s.Name, i+2, names[i], w, args[i+1])
			ok = false
			continue
		}
		data := names[i] == "x_r" || names[i] == "x_i" || strings.Contains(names[i], "tolerance") || names[i] == "max_num_steps"
		if data {
			if id := c.autodiffIdent(a); id != nil {
				c.errs.Add(a.Position(), "%s: argument %d (%s) must be data; found `%s`, which depends on %s %q", s.Name, i+2, names[i], ExprString(a), c.role(id.Decl), id.Name)
				ok = false
			}
		}
	}
	if !ok {
		return Invalid
	}
	// f's signature: (real t, y, passed...) returning y's type
	yT := want[0]
	from, to := s.Passed(len(args))
	passed := args[from:to]
	fwant := append([]Type{Real, yT}, passed...)
	sig := func() string {
		parts := []string{}
		for _, t := range fwant {
			parts = append(parts, t.String())
		}
		return fmt.Sprintf("%s f(%s)", yT, strings.Join(parts, ", "))
	}
	bad := f.Void || f.Ret != yT || len(f.Params) != len(fwant)
	for i := 0; !bad && i < len(fwant); i++ {
		pt := f.Params[i].Decl.Type.Type()
		bad = !exactMatch(pt, fwant[i])
	}
	if bad {
		c.errs.Add(e.Args[0].Position(), "%s: the system function %s has the signature %s; this call needs %s", s.Name, f.Name, signatureText(f), sig())
		return Invalid
	}
	if suf := f.Suffix(); suf != "" {
		c.errs.Add(e.Args[0].Position(), "%s: the system function cannot be a %s function", s.Name, suf)
		return Invalid
	}
	id.T = Invalid
	return ret
}
