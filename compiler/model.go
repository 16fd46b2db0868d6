package compiler

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/bayes-dev/bayes/compiler/emit"
	"github.com/bayes-dev/bayes/compiler/extern"
	"github.com/bayes-dev/bayes/compiler/ir"
	"github.com/bayes-dev/bayes/compiler/kernel"
	"github.com/bayes-dev/bayes/compiler/transform"
	"github.com/bayes-dev/bayes/data"
	"github.com/bayes-dev/bayes/lang"
	"github.com/bayes-dev/bayes/simulate"
)

// Model is a compiled model: the kernel of its log density on the
// unconstrained space (Jacobians included) and the program that maps an
// unconstrained point to the constrained parameters and transformed
// parameters that the output layer writes.
type Model struct {
	// Outputs lists the parameters, then the transformed parameters, in
	// declaration order.
	Outputs []Output
	// Program is the optimised value+gradient IR (for `bayes compile --emit`).
	Program *ir.Program
	// Notes say what the compiled model leaves out of the program as
	// written (print statements), one line each, positioned.
	Notes []string

	kernel   *kernel.Kernel
	out      *kernel.OutProgram
	outGraph *ir.Graph // the graph of out, before optimisation
	params   []*paramInfo
	bounds   *kernel.OutProgram // the bound nodes of params, for Unconstrain
	checks   []boundCheck       // the transformed parameters' declared bounds, for Rejection
	checkOut *kernel.OutProgram
	terms    *termList // the log density's terms, for NonFiniteTerm
	dim      int
	nout     int
}

// Output is one output variable.
type Output struct {
	Name  string
	Block lang.BlockKind // parameters or transformed parameters
	Dims  []int          // full shape: array dimensions, then vector length or matrix rows, columns
	// Elems are the element names in CmdStan's order: every index runs
	// column-major (the first index fastest), as stanc3 writes
	// constrained_param_names: theta[1,1], theta[2,1], theta[1,2], ...
	Elems []string

	node ir.Value // the value, all elements row-major
	perm []int    // perm[k]: row-major offset of the k-th element in CmdStan's order
}

// Dim is the length of the unconstrained vector q.
func (m *Model) Dim() int { return m.dim }

// DataValues is the number of data values the log density reads (the
// vectors and matrices bound into its graph): the work of one gradient
// that a GPU could share among threads.
func (m *Model) DataValues() int {
	n := 0
	for _, d := range m.Program.G.Data {
		n += len(d)
	}
	return n
}

// EmitC emits the model's log density and gradient and its constrain map
// (parameters, then transformed parameters, in Constrain's order).
func (m *Model) EmitC(opts emit.Options) (*emit.Source, error) {
	return emit.C(m.Program, m.constrainMap(), opts)
}

// Float32Safe returns nil when the model may be emitted with
// COptions.Float32, else a *Float32Error saying why not.
func (m *Model) Float32Safe() error {
	return emit.Float32Safe(m.Program.G, m.outGraph)
}

// constrainMap is the constrain map for the C emitter.
func (m *Model) constrainMap() *emit.ConstrainMap {
	c := &emit.ConstrainMap{G: m.outGraph}
	for _, o := range m.Outputs {
		c.Outputs = append(c.Outputs, emit.Output{Name: o.Name, Node: o.node, Perm: o.perm})
	}
	return c
}

// NumOutputs is the number of output elements (the length Constrain writes).
func (m *Model) NumOutputs() int { return m.nout }

// OutputNames lists every output element's Stan name, in Constrain's order.
func (m *Model) OutputNames() []string {
	var s []string
	for _, o := range m.Outputs {
		s = append(s, o.Elems...)
	}
	return s
}

// ModelKernel is one chain's evaluator of a Model; it is not safe for
// concurrent use.
type ModelKernel struct {
	m      *Model
	k      *kernel.Kernel
	st     *kernel.OutState
	checks *kernel.OutState // for Rejection, made on first use
}

// NewKernel returns an evaluator with its own memory, for one chain.
func (m *Model) NewKernel() *ModelKernel {
	return &ModelKernel{m: m, k: m.kernel.Clone(), st: m.out.NewState()}
}

// SetThreads sets the number of goroutines, n >= 1, that evaluate the
// slices of each reduce_sum call and the jobs of each map_rect call at
// once within one evaluation (Stan's STAN_NUM_THREADS, per chain;
// extern.ReduceSum, extern.MapRect). The log density, its
// gradient and so the draws are the same, bit for bit, for any n. Call it
// before the model's kernels are used.
func (m *Model) SetThreads(n int) {
	for _, g := range []*ir.Graph{m.Program.G, m.outGraph} {
		if g == nil {
			continue
		}
		for _, e := range g.Externs {
			switch r := e.(type) {
			case *extern.ReduceSum:
				r.Threads = n
			case *extern.MapRect:
				r.Threads = n
			}
		}
	}
}

// Dim is the length of q.
func (k *ModelKernel) Dim() int { return k.m.dim }

// LogDensityGrad returns the log density at the unconstrained q, Jacobians
// included, and writes its gradient into grad (the sampler's interface).
func (k *ModelKernel) LogDensityGrad(grad, q []float64) float64 {
	return k.k.LogDensityGrad(grad, q)
}

// Constrain writes every output element (parameters, then transformed
// parameters, each in CmdStan's order) for the unconstrained q into out,
// of length NumOutputs. It allocates nothing.
func (k *ModelKernel) Constrain(out, q []float64) {
	k.st.Run(q)
	pos := 0
	for i := range k.m.Outputs {
		o := &k.m.Outputs[i]
		v := k.st.Slots[o.node]
		for _, p := range o.perm {
			out[pos] = v[p]
			pos++
		}
	}
}

// CompileModel lowers a checked program with its data bound and compiles
// its kernel. Every error comes back as a *lang.FileError at the statement
// or expression that caused it: errors in the model (unsupported features,
// loops too long to unroll, parameter-dependent while loops, indexes out of
// range) and internal failures alike (a builder's shape check, a broken
// invariant of lowering, AD or a pass, which say "compiler:").
func CompileModel(p *lang.Program, d *data.Data) (m *Model, err error) {
	return CompileModelSeed(p, d, 0)
}

// CompileModelSeed is CompileModel for a run with the given seed: the
// _rng calls of transformed data draw from simulate.TransformedDataRNG(seed),
// as the run's generated quantities do.
func CompileModelSeed(p *lang.Program, d *data.Data, seed uint64) (m *Model, err error) {
	return CompileModelOptions(p, d, seed, Options{})
}

// Options are the choices of CompileModelOptions that change how a
// model is lowered.
type Options struct {
	// Serial lowers each reduce_sum call as the one call
	// f(x, 1, size(x), ...), inlined, and each map_rect call as its jobs
	// inlined one after another, instead of extern ops over slices or
	// jobs that threads evaluate (lower_reduce.go, lower_maprect.go): the
	// emitted C has no extern ops, so the C and CUDA samplers need it.
	Serial bool
}

// CompileModelOptions is CompileModelSeed with opts.
func CompileModelOptions(p *lang.Program, d *data.Data, seed uint64, opts Options) (m *Model, err error) {
	if d == nil {
		d = &data.Data{Vars: map[string]*simulate.Value{}}
	}
	bound, notes, err := bindTransformedData(p, d, seed)
	if err != nil {
		return nil, err
	}
	l := &lowerer{b: ir.NewBuilder(0), prog: p, bound: bound, notes: notes, vars: map[*lang.VarDecl]*val{}, loops: map[loopKey]*val{},
		serial: opts.Serial}
	outs, lp, err := l.lower()
	if err != nil {
		return nil, err
	}
	// What the model keeps of the lowering; the rest of the lowerer (its
	// variables' values, a 10 000-statement HMM's) is garbage from here,
	// so that the passes below reuse its memory instead of faulting in
	// fresh pages, which cost a cold `bayes check` more than the passes.
	params, notes, checks, terms, b := l.paramInfos, l.notes, l.checks, l.termList(), l.b
	l = nil
	// Compile has no node to name; a panic there is placed at the file.
	defer func() {
		if r := recover(); r != nil {
			m, err = nil, passError(p, ir.AtOrigin(r, p.Position()))
		}
	}()
	prog, err := ir.Grad(b, lp)
	if err != nil {
		return nil, passError(p, err)
	}
	g := b.G
	b.Release()
	opt, err := ir.Optimize(prog)
	if err != nil {
		return nil, passError(p, err)
	}
	k, err := kernel.Compile(opt)
	if err != nil {
		return nil, passError(p, err)
	}
	m = &Model{Outputs: outs, Program: opt, Notes: notes, kernel: k, dim: g.Dim}
	var nodes []ir.Value
	for _, o := range outs {
		nodes = append(nodes, o.node)
		m.nout += len(o.perm)
	}
	m.out, m.outGraph = kernel.NewOutProgram(g, nodes), g
	m.params = params
	var bounds []ir.Value
	for _, pi := range params {
		for _, v := range []ir.Value{pi.lo, pi.hi} {
			if v != ir.NoValue {
				bounds = append(bounds, v)
			}
		}
	}
	m.bounds = kernel.NewOutProgram(g, bounds)
	m.checks = checks
	var checked []ir.Value
	for _, c := range checks {
		checked = append(checked, c.value, c.bound)
	}
	m.checkOut = kernel.NewOutProgram(g, checked)
	m.terms = terms
	return m, nil
}

// lower runs the lowering pass, recovering its bailouts: a user error
// (lowerer.fail) at its node, anything else at the statement or expression
// being lowered (Builder.at).
func (l *lowerer) lower() (outs []Output, lp ir.Value, err error) {
	p := l.prog
	defer func() {
		r := recover()
		if r == nil {
			return
		}
		switch e := r.(type) {
		case lowerError:
			err = fileError(p, e.err)
		case notVectorisable:
			err = passError(p, &ir.ShapeError{Msg: "internal error: a per-iteration value outside a vectorised loop", Pos: l.b.At})
		default:
			// a builder's shape check, or a broken invariant of the
			// lowering: report it rather than crash the command on a
			// user's model
			pos := l.b.At
			if pos == (lang.Pos{}) {
				pos = p.Position()
			}
			err = passError(p, ir.AtOrigin(r, pos))
		}
	}()
	outs, lp = l.program()
	return outs, lp, nil
}

// passError places an error of the IR passes in the model: a ShapeError at
// its position, any other (a failed check between passes) at the file.
func passError(p *lang.Program, err error) error {
	pos := p.Position()
	var se *ir.ShapeError
	if errors.As(err, &se) && se.Pos != (lang.Pos{}) {
		pos = se.Pos
	}
	return fileError(p, &lang.Error{Pos: pos, Msg: err.Error()})
}

// fileError attaches the model's source to e.
func fileError(p *lang.Program, e *lang.Error) error {
	return &lang.FileError{File: p.File, Src: p.Src, List: lang.ErrorList{e}}
}

// IsCompileError reports whether err is positioned in the model, as every
// error of CompileModel is; internal failures among them say "compiler:".
func IsCompileError(err error) bool {
	var fe *lang.FileError
	return errors.As(err, &fe)
}

// program lowers the blocks in order and returns the outputs and the log density.
func (l *lowerer) program() ([]Output, ir.Value) {
	p := l.prog
	var params []*paramInfo
	if p.Parameters != nil {
		dim := 0
		for _, s := range p.Parameters.Stmts {
			d, ok := s.(*lang.VarDecl)
			if !ok {
				continue
			}
			l.b.At = d.Pos
			pi := &paramInfo{decl: d, dims: l.declDims(d.Type), off: dim, lo: ir.NoValue, hi: ir.NoValue}
			l.checkParamSize(d, pi.dims)
			pi.n = transform.UnconstrainedSize(d.Type.Kind, pi.dims)
			dim += pi.n
			params = append(params, pi)
		}
		l.paramInfos = params
		l.b.G.Dim = dim
	}
	var outs []Output
	for _, pi := range params {
		l.block = lang.BlockParameters
		l.at, l.b.At = pi.decl, pi.decl.Pos // its log Jacobian's term
		v := l.constrainParam(pi)
		l.vars[pi.decl] = v
		outs = append(outs, l.output(pi.decl, v))
	}
	if p.TransformedParameters != nil {
		l.block = lang.BlockTransformedParameters
		l.stmts(p.TransformedParameters.Stmts)
		for _, s := range p.TransformedParameters.Stmts {
			if d, ok := s.(*lang.VarDecl); ok {
				l.at, l.b.At = d, d.Pos // its bound check's term
				l.checkBounds(d, l.vars[d])
				outs = append(outs, l.output(d, l.vars[d]))
			}
		}
	}
	if p.Model != nil {
		l.block = lang.BlockModel
		l.stmts(p.Model.Stmts)
	}
	// The sum of the terms is the model block's (the file's when it has none).
	l.b.At = p.Position()
	if p.Model != nil {
		l.b.At = p.Model.Pos
	}
	lp := l.b.Const(0)
	for i, t := range l.target {
		if i == 0 {
			lp = t
		} else {
			lp = l.b.Add(lp, t)
		}
	}
	return outs, lp
}

// checkBounds adds the check that Stan makes at the end of the transformed
// parameters block: a value outside its declared lower or upper bound
// rejects the draw (Stan Reference Manual, "Program block: transformed
// parameters"), here as a log density of -Inf. Other constrained types are
// not checked.
func (l *lowerer) checkBounds(d *lang.VarDecl, v *val) {
	var bad ir.Value = ir.NoValue
	for _, b := range []struct {
		e     lang.Expr
		below bool
	}{{d.Type.Lower, true}, {d.Type.Upper, false}} {
		if b.e == nil || v.size() == 0 {
			continue
		}
		bound := l.expr(b.e)
		var out *val
		if b.below {
			out = l.ewise(d, ir.OpLt, 0, v, bound)
		} else {
			out = l.ewise(d, ir.OpLt, 0, bound, v)
		}
		n := l.sum(out)
		if n.known != nil {
			if n.known[0] != 0 {
				l.fail(d, "the transformed parameter %s is outside its bounds for every value of the parameters", d.Name)
			}
			continue
		}
		l.checks = append(l.checks, boundCheck{name: d.Name, dims: v.dims, lower: b.below, value: l.node(v), bound: l.node(bound)})
		c := l.b.Apply(ir.OpLt, l.b.Const(0), n.whole)
		if bad == ir.NoValue {
			bad = c
		} else {
			bad = l.b.Apply(ir.OpLt, l.b.Const(0), l.b.Add(bad, c))
		}
	}
	if bad != ir.NoValue {
		l.addTarget(l.b.Select(bad, l.b.Const(math.Inf(-1)), l.b.Const(0)))
	}
}

// output records a variable for Constrain, with its element names.
func (l *lowerer) output(d *lang.VarDecl, v *val) Output {
	o := Output{Name: d.Name, Block: d.Block, Dims: v.dims}
	n := size(v.dims)
	if n > 0 {
		o.node = l.node(v)
	} else {
		o.node = l.b.Const(0)
	}
	o.perm = make([]int, 0, n)
	idx := make([]int, len(v.dims))
	for k := 0; k < n; k++ {
		// column-major: the first index runs fastest
		off := 0
		for j := range v.dims {
			off = off*v.dims[j] + idx[j]
		}
		o.perm = append(o.perm, off)
		if len(v.dims) == 0 {
			o.Elems = append(o.Elems, d.Name)
		} else {
			parts := make([]string, len(idx))
			for j, x := range idx {
				parts[j] = strconv.Itoa(x + 1)
			}
			o.Elems = append(o.Elems, fmt.Sprintf("%s[%s]", d.Name, strings.Join(parts, ",")))
		}
		for j := range idx {
			idx[j]++
			if idx[j] < v.dims[j] {
				break
			}
			idx[j] = 0
		}
	}
	return o
}

// paramInfo is one parameter declaration's place in q and its transform's
// bounds (lower and upper, or offset and multiplier when affine), as nodes
// that depend only on data and earlier parameters; NoValue when absent.
type paramInfo struct {
	decl   *lang.VarDecl
	dims   []int
	off    int
	n      int
	affine bool
	lo, hi ir.Value
}

// Unconstrain writes into q (length Dim) the unconstrained point of the
// constrained parameter values given by name, each flattened row-major as
// in a JSON data file (a matrix by rows), for user-given initial values.
// Bounds that depend on earlier parameters use the values given for them.
func (m *Model) Unconstrain(q []float64, values map[string][]float64) error {
	return m.unconstrain(q, values, false)
}

// unconstrain is Unconstrain; partial leaves the coordinates of the
// parameters that values lacks NaN instead of failing (inits.go).
func (m *Model) unconstrain(q []float64, values map[string][]float64, partial bool) error {
	if len(q) != m.dim {
		return fmt.Errorf("unconstrain: q has length %d, want %d", len(q), m.dim)
	}
	clear(q)
	st := m.bounds.NewState()
	for _, pi := range m.params {
		x, ok := values[pi.decl.Name]
		if !ok && partial {
			for i := range pi.n {
				q[pi.off+i] = math.NaN()
			}
			continue
		}
		if !ok {
			return fmt.Errorf("no value for the parameter %s", pi.decl.Name)
		}
		if len(x) != size(pi.dims) {
			return fmt.Errorf("the parameter %s has %d elements; the value given has %d", pi.decl.Name, size(pi.dims), len(x))
		}
		st.Run(q) // the bounds from the parameters filled so far
		at := func(v ir.Value, i int) (float64, bool) {
			if v == ir.NoValue {
				return 0, false
			}
			s := st.Slots[v]
			return s[min(i, len(s)-1)], true
		}
		u := q[pi.off : pi.off+pi.n]
		switch t := pi.decl.Type; t.Kind {
		case lang.DeclReal, lang.DeclVector, lang.DeclRowVector, lang.DeclMatrix:
			for i, xi := range x {
				lo, hasLo := at(pi.lo, i)
				hi, hasHi := at(pi.hi, i)
				switch {
				case pi.affine:
					if !hasLo {
						lo = 0
					}
					if !hasHi {
						hi = 1
					}
					u[i] = (xi - lo) / hi
				default:
					u[i] = transform.UnconstrainBound(xi, lo, hi, hasLo, hasHi)
					if partial && (math.IsNaN(u[i]) || math.IsInf(u[i], 0)) {
						return initBoundError(elementName(pi.decl.Name, pi.dims, i), xi, lo, hi, hasLo, hasHi)
					}
				}
			}
		default:
			tr := transform.Of(t.Kind)
			if tr == nil {
				return fmt.Errorf("bayes cannot unconstrain %s parameters yet", t.Kind)
			}
			_, inner := transform.InnerDims(t.Kind, pi.dims)
			per, each := tr.Free(inner), size(inner)
			for r := 0; r*each < len(x); r++ {
				ur := tr.Inverse(x[r*each:(r+1)*each], inner)
				copy(u[r*per:(r+1)*per], ur)
			}
		}
		for i, ui := range u {
			if partial && (math.IsNaN(ui) || math.IsInf(ui, 0)) {
				return fmt.Errorf("%s is on the boundary of its constraint, declared %s, or outside it: an initial value must lie strictly inside, where it maps to a finite point of the unconstrained space", pi.decl.Name, lang.TypeString(pi.decl.Type))
			}
			if math.IsNaN(ui) || math.IsInf(ui, 0) {
				return fmt.Errorf("the value of %s (element %d in row-major order) is outside its constraint", pi.decl.Name, i+1)
			}
		}
	}
	return nil
}
