package compiler

import (
	"github.com/bayes-dev/bayes/compiler/extern"
	"github.com/bayes-dev/bayes/compiler/ir"
	"github.com/bayes-dev/bayes/lang"
)

// Calls of map_rect(f, phi, thetas, x_rs, x_is). Stan defines the result
// as the concatenation of f(phi, thetas[j], x_rs[j], x_is[j]) over the
// jobs j, which its MPI processes or threads evaluate in parallel. Where
// phi or thetas depend on parameters, each job is lowered into a program
// of its own, q = (phi's and thetas[j]'s parameter-dependent elements, w)
// ↦ w·f, and the call becomes an extern op (extern.MapRect) that
// evaluates the jobs, on several goroutines when the model is given
// threads (Model.SetThreads), each into its own part of the output: the
// jobs are fixed by the data, never by the number of threads, so the log
// density and gradient are the same, bit for bit, for any number. The
// extern's Jacobian holds each job's block only (ir.SparseExtern), so the
// outputs may be used as any vector is: the adjoint of job j's outputs,
// whatever the caller makes of them, meets job j's block. A call whose
// phi and thetas are data, and every call for the C and CUDA samplers
// (Options.Serial), which have no extern ops, is inlined: the jobs one
// after another.

// mapRect lowers a call of map_rect.
func (l *lowerer) mapRect(c *lang.CallExpr) *val {
	args := make([]*val, 5)
	for i := 1; i < 5; i++ {
		args[i] = l.expr(c.Args[i])
		if args[i].lanes > 0 {
			l.vectorFail()
		}
	}
	jobs := args[2].dims[0]
	what := [...]string{"real data", "int data"}
	for i := range what {
		if got := args[3+i].dims[0]; got != jobs {
			l.fail(c.Args[3+i], "%s: the %s has %d rows; the job parameters have %d (one row per job)", c.Name, what[i], got, jobs)
		}
	}
	elems, xs := l.paramElems(args[1:3])
	if len(xs) == 0 || l.serial {
		return l.mapRectInline(c, args)
	}
	nphi := 0
	var use0 []int32 // phi's elements of x: every job reads them
	for _, e := range elems[0] {
		if e == ir.NoValue {
			use0 = append(use0, int32(nphi))
			nphi++
		}
	}
	theta := args[2]
	t := size(theta.dims[1:])
	next := int32(nphi)
	xr, xi := l.dataElems(args[3]), l.dataElems(args[4])
	var js []extern.Job
	for j := 0; j < jobs; j++ {
		row := &val{dims: theta.dims[1:], kind: theta.kind, isInt: theta.isInt, autodiff: theta.autodiff}
		var rowElems []ir.Value
		use := append([]int32(nil), use0...)
		if theta.known != nil {
			row.known = theta.known[j*t : (j+1)*t]
		} else {
			rowElems = elems[1][j*t : (j+1)*t]
			for _, e := range rowElems {
				if e == ir.NoValue {
					use = append(use, next)
					next++
				}
			}
		}
		passed := []*val{args[1], row, l.row(args[3], xr, j), l.row(args[4], xi, j)}
		for i, a := range passed[2:] {
			if a.known == nil {
				l.fail(c.Args[3+i], "%s: the %s must be data", c.Name, what[i])
			}
		}
		k, out, err := l.fnProgramN(c, 0, func(*ir.Builder) []*val { return nil }, passed, [][]ir.Value{elems[0], rowElems, nil, nil}, len(use), -1, "function", "")
		if err != nil {
			l.fail(c, "%s: job %d of %s: %v", c.Name, j+1, c.FnArg.Name, err)
		}
		js = append(js, extern.Job{F: k, Use: use, Out: out})
	}
	mr := extern.NewMapRect(len(xs), js)
	if mr.Out() == 0 {
		return &val{dims: []int{0}, kind: lang.KindVector, known: []float64{}}
	}
	return symbolic([]int{mr.Out()}, lang.KindVector, l.b.Extern(mr, l.b.Pack(xs)))
}

// dataElems is elemsOf(v) for map_rect's data arguments, nil where v is
// known; Stan's checker makes them data, so they hold no parameter.
func (l *lowerer) dataElems(v *val) []ir.Value {
	if v.known != nil {
		return nil
	}
	return l.elemsOf(v)
}

// mapRectInline lowers the call as the concatenation of its jobs,
// inlined one after the other.
func (l *lowerer) mapRectInline(c *lang.CallExpr, args []*val) *val {
	jobs := args[2].dims[0]
	elems := make([][]ir.Value, 5)
	for i := 2; i < 5; i++ {
		if args[i].known == nil {
			elems[i] = l.elemsOf(args[i])
		}
	}
	out := &val{dims: []int{0}, kind: lang.KindVector, known: []float64{}}
	for j := 0; j < jobs; j++ {
		v := l.inline(c, c.FnArg, []*val{args[1], l.row(args[2], elems[2], j), l.row(args[3], elems[3], j), l.row(args[4], elems[4], j)}, false)
		out = l.concat(out, v)
	}
	return out
}

// row is v[j], j from 0, for an array v whose elements (elemsOf) are
// elems unless v is known.
func (l *lowerer) row(v *val, elems []ir.Value, j int) *val {
	dims := v.dims[1:]
	n := size(dims)
	out := &val{dims: dims, kind: v.kind, isInt: v.isInt, autodiff: v.autodiff}
	if v.known != nil {
		out.known = v.known[j*n : (j+1)*n]
		return out
	}
	out = l.fromElems(dims, v.kind, elems[j*n:(j+1)*n])
	out.isInt, out.autodiff = v.isInt, v.autodiff
	return out
}
