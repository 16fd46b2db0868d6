package emit

import (
	"bytes"
	_ "embed" // the prelude
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/bayes-dev/bayes/compiler/ir"
	"github.com/bayes-dev/bayes/library"
)

// The C emitter: a value+gradient Program (and a Model's constrain map) as
// one C99 translation unit in double precision, straight-line over the
// shapes known at compile time, one loop per vector node. Each node's code
// is its op's C template from the op table (ir's ops.go): $0..$3 are the
// arguments, $aux the Aux operand, $out the output, $idx an index array,
// $cols a matrix width. The bayes_* helpers that the templates call are
// the prelude (Prelude), each a line-by-line port of the Go function that
// the CPU kernel runs, so the two agree to rounding.
//
// The code is device-neutral: functions are BAYES_FN (static in C,
// __device__ in CUDA), data are BAYES_DATA arrays, and the only library
// calls are math.h functions that CUDA also provides on the device. The
// work arrays live in a caller-given workspace (ws), so that a CUDA thread
// can give each chain its own; the C wrappers without _ws use one static
// workspace and are therefore not reentrant.
//
// Entry points, with P the prefix (Options.Prefix, default "bayes_"):
//
//	double P log_density_grad(const double *q, double *grad);
//	void   P constrain(const double *q, double *out);        (with a ConstrainMap)
//	void   P bind_data(int k, const double *x);              data passed by pointer
//	int    P dim(void), P num_outputs(void), P workspace_size(void);
//	BAYES_FN double P log_density_grad_ws(const double *q, double *grad, double *ws);
//	BAYES_FN void   P constrain_ws(const double *q, double *out, double *ws);
//
// The first group is host C only (#ifndef __CUDACC__). With
// Options.Cooperative the unit also has the entry points of a group of
// threads that compute one gradient together (emit_coop.go):
//
//	BAYES_FN double P log_density_grad_coop(const double *q, double *grad, double *ws, double *red);
//	BAYES_FN void   P constrain_coop(const double *q, double *out, double *ws, double *red);
//	int    P coop_red_width(void);                            (host C only)
//
// Data arrays longer than Options.InlineData are read through the table
// P extern_data, which P bind_data fills in C; on a GPU the host writes
// the device addresses into the same __device__ table (cuModuleGetGlobal).
// The test TestEmitCMatchesKernel compiles the output with cc and checks
// it against the Go kernel; cuda's TestEmittedCOnDevice does the same through NVRTC.
//
// With Options.Float32 (emit_f32.go) the arithmetic, the data, ws and red
// are float: ws and red are float *, P bind_data takes const float *
// (Source.Float32 tells the caller to convert Source.Extern), and q,
// grad, out and the returned log density stay double. With the default
// (double) the output is byte for byte what it was before Float32
// existed (TestEmitCGolden).

// Prelude is the C source of the helpers that the op table's C templates
// call: the library's (library.CPrelude: the dialect, the special
// functions and every kernel's body) and the cooperative group's defaults
// (emit_c_prelude.h). C writes it first unless Options.NoPrelude. It is
// built on first use (5 ms): a run on the CPU's Go kernel never needs it.
var Prelude = sync.OnceValue(func() string { return library.CPrelude() + "\n" + coopPrelude })

//go:embed emit_c_prelude.h
var coopPrelude string

// Options configures the C emitter.
type Options struct {
	// Prefix starts every global name, so that several programs can share
	// one translation unit; "" means "bayes_".
	Prefix string
	// InlineData is the longest data array written into the source as a
	// literal; longer ones are bound at run time with P bind_data (the
	// order of Source.Extern). 0 means DefaultInlineData; -1 binds all.
	InlineData int
	// NoPrelude leaves the helpers out: write Prelude once before several
	// programs that share a file.
	NoPrelude bool
	// Cooperative adds the entry points for a group of threads that
	// compute one gradient together (P log_density_grad_coop and
	// P constrain_coop, emit_coop.go); the other functions are unchanged.
	Cooperative bool
	// Float32 emits the arithmetic, the data and the workspace in single
	// precision (emit_f32.go): the entry points keep their double
	// interfaces (q, grad, out), convert q to float on entry and the
	// results back to double. Use it where Float32Safe allows.
	Float32 bool
}

// DefaultInlineData keeps the source of the posteriordb models under a
// megabyte: data up to 4096 values inline, larger arrays by pointer.
const DefaultInlineData = 4096

// Source is an emitted translation unit and what a caller must supply.
type Source struct {
	Code       []byte
	Dim        int // length of q
	NumOutputs int // length of constrain's out (0 without constrain)
	// Workspace is the workspace the _ws and _coop entry points need, in
	// elements of the unit's real type (doubles, or floats with Float32);
	// WorkspaceBytes is the same in bytes.
	Workspace      int
	WorkspaceBytes int
	// Float32 says that the unit computes in float (Options.Float32): its
	// ws and red hold floats, and the Extern arrays must be converted to
	// float32 before P bind_data(k, const float *x) binds them.
	Float32 bool
	// Extern lists the data arrays that P bind_data(k, x) must bind before
	// any call: Extern[k] is the array bound as k. They are read, never written.
	Extern [][]float64
	// CoopRedWidth is the reduction scratch the _coop entry points need,
	// in elements of the real type per thread of the group: red holds
	// NT * CoopRedWidth doubles (floats with Float32). At least 1 with
	// Options.Cooperative, else 0.
	CoopRedWidth int
	// coop records, for the tests, how each node of the _coop functions
	// was split among the threads.
	coop []coopStep
}

// ConstrainMap is what the emitted constrain function computes: the
// outputs of a graph (the model's before optimisation), each written in
// the order of its Perm.
type ConstrainMap struct {
	G       *ir.Graph
	Outputs []Output
}

// ConstrainOutput is one output variable: its value, all elements
// row-major, and the row-major offset of each element in output order.
type Output struct {
	Name string
	Node ir.Value
	Perm []int
}

// len is the number of output elements.
func (c *ConstrainMap) len() int {
	n := 0
	for _, o := range c.Outputs {
		n += len(o.Perm)
	}
	return n
}

// emitC emits the log density and gradient of p and, unless m is nil, the
// constrain map m.
func C(p *ir.Program, m *ConstrainMap, opts Options) (src *Source, err error) {
	if err := refuse(p); err != nil {
		return nil, err
	}
	if opts.Prefix == "" {
		opts.Prefix = "bayes_"
	}
	if opts.InlineData == 0 {
		opts.InlineData = DefaultInlineData
	}
	e := &cEmitter{opts: opts, pre: opts.Prefix, data: map[*float64]int{}, index: map[*int32]int{}}
	e.setPrecision(opts.Float32)
	err = ir.Build(func() error {
		e.emitProgram(p, false)
		if m != nil {
			e.emitConstrain(m, false)
		}
		if opts.Cooperative {
			e.emitProgram(p, true)
			if m != nil {
				e.emitConstrain(m, true)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	var out bytes.Buffer
	fmt.Fprintf(&out, "/* Generated by bayes (compiler.EmitC): the log density of a model on the\n")
	fmt.Fprintf(&out, "   unconstrained space and its gradient, in C99. Do not edit. */\n\n")
	if opts.Float32 {
		out.WriteString(cFloat32Header(opts.NoPrelude))
	}
	if !opts.NoPrelude {
		out.WriteString(Prelude())
		out.WriteString("\n")
	}
	out.Write(e.globals.Bytes())
	if len(e.extern) > 0 {
		fmt.Fprintf(&out, "BAYES_GLOBAL const %s *%sextern_data[%d]; /* set by %sbind_data */\n", e.real, e.pre, len(e.extern), e.pre)
	}
	out.WriteString("\n")
	out.Write(e.funcs.Bytes())
	src = &Source{Dim: p.G.Dim, Workspace: e.workspace, WorkspaceBytes: e.workspace * e.realSize,
		Float32: opts.Float32, Extern: e.extern}
	if opts.Cooperative {
		src.CoopRedWidth = max(e.redWidth, 1)
		src.coop = e.coop
	}
	if m != nil {
		src.NumOutputs = m.len()
	}
	e.writeWrappers(&out, m != nil, src.Dim, src.NumOutputs, src.CoopRedWidth)
	src.Code = out.Bytes()
	return src, nil
}

// cEmitter accumulates globals (data and index arrays, shared by the
// functions) and functions.
type cEmitter struct {
	opts      Options
	pre       string
	globals   bytes.Buffer
	funcs     bytes.Buffer
	data      map[*float64]int // data array -> its global's number
	dataLen   []int
	dataExt   []int // -1: inline array P d<k>, else index into extern
	extern    [][]float64
	index     map[*int32]int
	workspace int
	redWidth  int            // widest vector reduction of the _coop functions
	coop      []coopStep     // the _coop functions' plan, for Source.coop
	grouped   map[*int32]int // index array -> its grouped form's number (emit_coop.go)
	// The precision (setPrecision, emit_f32.go): the C type of values,
	// its size, its zero, the name the functions read q by, and the op
	// templates rewritten for it.
	real     string
	realSize int
	zero     string
	qv       string
	tmpl     [ir.MaxOps]string
}

// cExtent says which length an op's structural template loops over (the
// index i): the output's, the first argument's (rows of a matrix), or one
// element. It is a fact about the C templates of ops.go, kept beside the
// code that reads it; TestEmitCCoversOps checks that every structural op
// has one.
type cExtent uint8

const (
	extentNone cExtent = iota
	overOut
	overArg
	overOne
)

var cExtents = [ir.MaxOps]cExtent{
	ir.OpBcast: overOut, ir.OpSum: overArg, ir.OpDot: overArg, ir.OpGather: overOut,
	ir.OpScatterAdd: overArg, ir.OpMatVec: overArg, ir.OpMatTVec: overArg,
	ir.OpElem: overOne, ir.OpConcat: overOut, ir.OpLseShift: overOne,
	ir.OpProd: overArg, ir.OpMaxOf: overArg, ir.OpMinOf: overArg, ir.OpCumSum: overOut,
}

// cFunc is the emission state of one function over one graph.
type cFunc struct {
	e     *cEmitter
	g     *ir.Graph
	w     *bytes.Buffer
	ws    []int  // workspace offset of each vector node, -1 when none
	local []bool // constant declared as a local (an array argument needs its address)
	size  int    // workspace used
	free  map[int][]int
	// coop is the barrier bookkeeping of a _coop function (emit_coop.go),
	// nil in the others; name is the _coop function's, for its coopSteps.
	coop *coopState
	name string
}

func (e *cEmitter) newFunc(g *ir.Graph) *cFunc {
	f := &cFunc{e: e, g: g, w: &e.funcs, ws: make([]int, len(g.Nodes)), local: make([]bool, len(g.Nodes)), free: map[int][]int{}}
	for i := range f.ws {
		f.ws[i] = -1
	}
	return f
}

// emitProgram writes P log_density_grad_ws, or P log_density_grad_coop
// when coop.
func (e *cEmitter) emitProgram(p *ir.Program, coop bool) {
	g := p.G
	live := make([]bool, len(g.Nodes))
	ir.MarkLive(p, live)
	order := liveOrder(live)
	lastUse := lastUses(g, order)
	lastUse[p.LP] = len(order)
	for _, pg := range p.Grads {
		if pg.Adj != ir.NoValue {
			lastUse[pg.Adj] = len(order)
		}
	}
	f := e.newFunc(g)
	if coop {
		f.coop, f.name = newCoopState(), "log_density_grad_coop"
		fmt.Fprintf(f.w, "BAYES_FN double %slog_density_grad_coop(const double *q, double *grad, %s *ws, %s *red)\n{\n\t(void)ws;\n\t(void)red;\n", e.pre, e.real, e.real)
	} else {
		fmt.Fprintf(f.w, "BAYES_FN double %slog_density_grad_ws(const double *q, double *grad, %s *ws)\n{\n\t(void)ws;\n", e.pre, e.real)
	}
	f.convertQ(g.Dim)
	f.body(order, lastUse)
	if coop {
		f.publish()
	}
	fmt.Fprintf(f.w, "\tfor (int i = 0; i < %d; i++) grad[i] = 0.0;\n", g.Dim)
	for _, pg := range p.Grads {
		if pg.Adj == ir.NoValue {
			continue
		}
		par := g.Node(pg.Param)
		if par.Shape.Kind == ir.Scalar {
			fmt.Fprintf(f.w, "\tgrad[%d] += %s;\n", par.Aux, e.widen(f.elem(pg.Adj, false)))
			continue
		}
		fmt.Fprintf(f.w, "\tfor (int i = 0; i < %d; i++) grad[%d + i] += %s;\n", par.Shape.Len(), par.Aux, e.widen(f.elem(pg.Adj, true)))
	}
	if coop {
		f.endCoop()
	}
	fmt.Fprintf(f.w, "\treturn %s;\n}\n\n", e.widen(f.elem(p.LP, false)))
	e.workspace = max(e.workspace, f.size)
}

// emitConstrain writes P constrain_ws (P constrain_coop when coop): the
// model's output nodes, which live in the graph before optimisation, each
// element in Constrain's order.
func (e *cEmitter) emitConstrain(m *ConstrainMap, coop bool) {
	g := m.G
	live := make([]bool, len(g.Nodes))
	for _, o := range m.Outputs {
		live[o.Node] = true
	}
	for v := len(g.Nodes) - 1; v >= 0; v-- {
		if !live[v] {
			continue
		}
		n := &g.Nodes[v]
		for i := 0; i < n.Op.Info().Arity; i++ {
			live[n.Args[i]] = true
		}
	}
	order := liveOrder(live)
	lastUse := lastUses(g, order)
	for _, o := range m.Outputs {
		lastUse[o.Node] = len(order)
	}
	f := e.newFunc(g)
	if coop {
		f.coop, f.name = newCoopState(), "constrain_coop"
		fmt.Fprintf(f.w, "BAYES_FN void %sconstrain_coop(const double *q, double *out, %s *ws, %s *red)\n{\n\t(void)ws;\n\t(void)red;\n", e.pre, e.real, e.real)
	} else {
		fmt.Fprintf(f.w, "BAYES_FN void %sconstrain_ws(const double *q, double *out, %s *ws)\n{\n\t(void)ws;\n", e.pre, e.real)
	}
	f.convertQ(g.Dim)
	f.body(order, lastUse)
	if coop {
		f.publish()
	}
	pos := 0
	for _, o := range m.Outputs {
		fmt.Fprintf(f.w, "\t/* %s */\n", o.Name)
		identity := true
		for k, p := range o.Perm {
			identity = identity && p == k
		}
		if identity && len(o.Perm) > 1 {
			fmt.Fprintf(f.w, "\tfor (int i = 0; i < %d; i++) out[%d + i] = %s;\n", len(o.Perm), pos, e.widen(f.elem(o.Node, true)))
			pos += len(o.Perm)
			continue
		}
		for _, p := range o.Perm {
			fmt.Fprintf(f.w, "\tout[%d] = %s;\n", pos, e.widen(f.elemAt(o.Node, p)))
			pos++
		}
	}
	if coop {
		f.endCoop()
	}
	fmt.Fprintf(f.w, "}\n\n")
	e.workspace = max(e.workspace, f.size)
}

func liveOrder(live []bool) []ir.Value {
	var order []ir.Value
	for v, ok := range live {
		if ok {
			order = append(order, ir.Value(v))
		}
	}
	return order
}

// lastUses gives, for each node, the position in order of its last reader.
func lastUses(g *ir.Graph, order []ir.Value) []int {
	last := make([]int, len(g.Nodes))
	for pos, v := range order {
		n := g.Node(v)
		for i := 0; i < n.Op.Info().Arity; i++ {
			last[n.Args[i]] = pos
		}
	}
	return last
}

// body declares and computes every node of order. A vector's workspace is
// released after its last reader has run, and reused by a later vector of
// the same length (never by its own reader: structural templates read
// their arguments whole).
func (f *cFunc) body(order []ir.Value, lastUse []int) {
	g := f.g
	// Constants that a structural template reads as arrays need an address.
	for _, v := range order {
		n := g.Node(v)
		if n.Op.Info().Elementwise {
			continue
		}
		for i := 0; i < n.Op.Info().Arity; i++ {
			a := n.Args[i]
			if g.Node(a).Op == ir.OpConst && !f.local[a] {
				f.local[a] = true
				fmt.Fprintf(f.w, "\tconst %s v%d = %s;\n", f.e.real, a, f.e.lit(f.constOf(a)))
			}
		}
	}
	for pos, v := range order {
		n := g.Node(v)
		switch n.Op {
		case ir.OpConst, ir.OpParam:
			continue
		case ir.OpData:
			f.e.dataName(g.Data[n.Aux])
			continue
		}
		f.node(v)
		for i := 0; i < n.Op.Info().Arity; i++ {
			a := n.Args[i]
			if lastUse[a] == pos && f.ws[a] >= 0 {
				L := g.Node(a).Shape.Len()
				f.free[L] = append(f.free[L], f.ws[a])
				f.ws[a] = -2 // released
			}
		}
	}
}

func (f *cFunc) alloc(v ir.Value) {
	L := f.g.Node(v).Shape.Len()
	if s := f.free[L]; len(s) > 0 {
		f.ws[v] = s[len(s)-1]
		f.free[L] = s[:len(s)-1]
	} else {
		f.ws[v] = f.size
		f.size += L
	}
	if f.coop != nil {
		f.coopAlloc(v)
	}
}

var (
	cArgRef   = regexp.MustCompile(`\$([0-9])`)
	cArrayRef = regexp.MustCompile(`\$([0-9])\[?`)
	cIndexRx  = regexp.MustCompile(`\bi\b`)
)

// node writes the code of one computed node.
func (f *cFunc) node(v ir.Value) {
	n := f.g.Node(v)
	info := n.Op.Info()
	if f.e.tmpl[n.Op] == "" {
		ir.Bailf("%s: op has no C template", info.Name)
	}
	if f.coop != nil {
		f.coopNode(v)
		return
	}
	vec := n.Shape.Kind != ir.Scalar
	if vec {
		f.alloc(v)
		fmt.Fprintf(f.w, "\t%s *v%d = ws + %d; /* %s */\n", f.e.real, v, f.ws[v], n.Shape)
	}
	if info.Elementwise {
		code := f.elementwise(v)
		if vec {
			fmt.Fprintf(f.w, "\tfor (int i = 0; i < %d; i++) v%d[i] = %s;\n", n.Shape.Len(), v, code)
		} else {
			fmt.Fprintf(f.w, "\tconst %s v%d = %s;\n", f.e.real, v, code)
		}
		return
	}
	f.serialStructural(v)
}

// serialStructural writes the loop of the structural node v, declared
// already when it is a vector: its template is a statement for element i.
func (f *cFunc) serialStructural(v ir.Value) {
	n := f.g.Node(v)
	vec := n.Shape.Kind != ir.Scalar
	extent := f.extent(v)
	out := fmt.Sprintf("v%d", v)
	code := f.e.tmpl[n.Op]
	if !vec {
		code = strings.ReplaceAll(code, "$out[i]", "$out")
		fmt.Fprintf(f.w, "\t%s v%d = %s;\n", f.e.real, v, f.e.zero)
	} else if strings.Contains(code, "+=") {
		fmt.Fprintf(f.w, "\tfor (int i = 0; i < %d; i++) v%d[i] = %s;\n", n.Shape.Len(), v, f.e.zero)
	}
	code = f.structural(v, strings.ReplaceAll(code, "$out", out))
	switch {
	case extent != 1:
		fmt.Fprintf(f.w, "\tfor (int i = 0; i < %d; i++) %s;\n", extent, code)
	case cIndexRx.MatchString(code):
		fmt.Fprintf(f.w, "\t{ const int i = 0; %s; }\n", code)
	default:
		fmt.Fprintf(f.w, "\t%s;\n", code)
	}
}

// elementwise is the C expression of element i of the elementwise node v
// (of v itself when it is a scalar).
func (f *cFunc) elementwise(v ir.Value) string {
	n := f.g.Node(v)
	vec := n.Shape.Kind != ir.Scalar
	code := cArgRef.ReplaceAllStringFunc(f.e.tmpl[n.Op], func(s string) string {
		return f.elem(n.Args[s[1]-'0'], vec)
	})
	return strings.ReplaceAll(code, "$aux", strconv.Itoa(n.Aux))
}

// extent is the length that the structural node v's template loops over.
func (f *cFunc) extent(v ir.Value) int {
	g, n := f.g, f.g.Node(v)
	switch cExtents[n.Op] {
	case overOut:
		return n.Shape.N
	case overArg:
		return g.Node(n.Args[0]).Shape.N
	case overOne:
		return 1
	}
	ir.Bailf("%s: no loop extent for its C template (cExtents)", n.Op.Info().Name)
	return 0
}

// structural fills in the operands of the structural node v's template
// code, in which the caller has already replaced $out.
func (f *cFunc) structural(v ir.Value, code string) string {
	g, n := f.g, f.g.Node(v)
	// $k[...] reads argument k as an array (a scalar as one element); a
	// bare $k is a scalar's value or a vector's array.
	code = cArrayRef.ReplaceAllStringFunc(code, func(s string) string {
		a := n.Args[s[1]-'0']
		switch {
		case len(s) == 3:
			return f.array(a) + "["
		case g.Node(a).Shape.Kind == ir.Scalar:
			return f.elem(a, false)
		}
		return f.array(a)
	})
	if strings.Contains(code, "$idx") {
		code = strings.ReplaceAll(code, "$idx", f.e.indexName(g.Index[n.Aux]))
	}
	if strings.Contains(code, "$cols") {
		code = strings.ReplaceAll(code, "$cols", strconv.Itoa(g.Node(n.Args[0]).Shape.M))
	}
	return strings.ReplaceAll(code, "$aux", strconv.Itoa(n.Aux))
}

func (f *cFunc) constOf(v ir.Value) float64 {
	x, _ := f.g.IsConst(v)
	return x
}

// elem is the C expression of v's element i inside a loop (inLoop) or of
// the scalar v.
func (f *cFunc) elem(v ir.Value, inLoop bool) string {
	n := f.g.Node(v)
	if n.Shape.Kind == ir.Scalar {
		switch n.Op {
		case ir.OpConst:
			return f.e.lit(f.constOf(v))
		case ir.OpParam:
			return fmt.Sprintf("%s[%d]", f.e.qv, n.Aux)
		}
		return fmt.Sprintf("v%d", v)
	}
	if !inLoop {
		ir.Bailf("%s %%%d used as a scalar", n.Shape, v)
	}
	if n.Op == ir.OpParam {
		if n.Aux == 0 {
			return f.e.qv + "[i]"
		}
		return fmt.Sprintf("%s[%d + i]", f.e.qv, n.Aux)
	}
	return f.array(v) + "[i]"
}

// elemAt is element k of v.
func (f *cFunc) elemAt(v ir.Value, k int) string {
	if f.g.Node(v).Shape.Kind == ir.Scalar {
		return f.elem(v, false)
	}
	n := f.g.Node(v)
	if n.Op == ir.OpParam {
		return fmt.Sprintf("%s[%d]", f.e.qv, n.Aux+k)
	}
	return fmt.Sprintf("%s[%d]", f.array(v), k)
}

// array is v as a C array expression (a scalar as a one-element array).
func (f *cFunc) array(v ir.Value) string {
	n := f.g.Node(v)
	switch n.Op {
	case ir.OpParam:
		if n.Aux == 0 {
			return f.e.qv
		}
		return fmt.Sprintf("(%s + %d)", f.e.qv, n.Aux)
	case ir.OpData:
		return f.e.dataName(f.g.Data[n.Aux])
	}
	if n.Shape.Kind == ir.Scalar {
		return fmt.Sprintf("(&v%d)", v)
	}
	return fmt.Sprintf("v%d", v)
}

// dataName returns the C name of a data array, declaring it on first use.
func (e *cEmitter) dataName(x []float64) string {
	k, ok := e.data[&x[0]]
	if ok && e.dataLen[k] >= len(x) {
		return e.dataRef(k)
	}
	k = len(e.dataLen)
	e.data[&x[0]] = k
	e.dataLen = append(e.dataLen, len(x))
	if len(x) > e.opts.InlineData {
		e.dataExt = append(e.dataExt, len(e.extern))
		e.extern = append(e.extern, x)
		return e.dataRef(k)
	}
	e.dataExt = append(e.dataExt, -1)
	fmt.Fprintf(&e.globals, "BAYES_DATA %s %sd%d[%d] = {", e.real, e.pre, k, len(x))
	writeList(&e.globals, len(x), func(i int) string { return e.lit(x[i]) })
	e.globals.WriteString("};\n")
	return e.dataRef(k)
}

func (e *cEmitter) dataRef(k int) string {
	if j := e.dataExt[k]; j >= 0 {
		return fmt.Sprintf("%sextern_data[%d]", e.pre, j)
	}
	return fmt.Sprintf("%sd%d", e.pre, k)
}

// indexName returns the C name of an index array, declaring it on first use.
func (e *cEmitter) indexName(ix ir.IndexArray) string {
	if len(ix.Idx) == 0 {
		ir.Bailf("empty index array")
	}
	k, ok := e.index[&ix.Idx[0]]
	if !ok {
		k = len(e.index)
		e.index[&ix.Idx[0]] = k
		fmt.Fprintf(&e.globals, "BAYES_DATA int %si%d[%d] = {", e.pre, k, len(ix.Idx))
		writeList(&e.globals, len(ix.Idx), func(i int) string { return strconv.Itoa(int(ix.Idx[i])) })
		e.globals.WriteString("};\n")
	}
	return fmt.Sprintf("%si%d", e.pre, k)
}

// writeList writes n comma-separated items, eight to a line when long.
func writeList(w *bytes.Buffer, n int, item func(int) string) {
	for i := 0; i < n; i++ {
		if i > 0 {
			w.WriteString(",")
			if i%8 == 0 {
				w.WriteString("\n\t")
			} else {
				w.WriteString(" ")
			}
		}
		w.WriteString(item(i))
	}
}

// writeWrappers writes the host entry points (C only) and the extern table.
func (e *cEmitter) writeWrappers(w *bytes.Buffer, constrain bool, dim, nout, redWidth int) {
	p := e.pre
	fmt.Fprintf(w, "#ifndef __CUDACC__\n")
	fmt.Fprintf(w, "static %s %sworkspace[%d];\n\n", e.real, p, max(e.workspace, 1))
	fmt.Fprintf(w, "double %slog_density_grad(const double *q, double *grad)\n{\n\treturn %slog_density_grad_ws(q, grad, %sworkspace);\n}\n\n", p, p, p)
	if constrain {
		fmt.Fprintf(w, "void %sconstrain(const double *q, double *out)\n{\n\t%sconstrain_ws(q, out, %sworkspace);\n}\n\n", p, p, p)
	}
	fmt.Fprintf(w, "void %sbind_data(int k, const %s *x)\n{\n", p, e.real)
	if len(e.extern) > 0 {
		fmt.Fprintf(w, "\tif (k >= 0 && k < %d) %sextern_data[k] = x;\n", len(e.extern), p)
	} else {
		fmt.Fprintf(w, "\t(void)k;\n\t(void)x;\n")
	}
	fmt.Fprintf(w, "}\n\n")
	fmt.Fprintf(w, "int %sworkspace_size(void) { return %d; }\n", p, e.workspace)
	fmt.Fprintf(w, "int %sdim(void) { return %d; }\n", p, dim)
	fmt.Fprintf(w, "int %snum_outputs(void) { return %d; }\n", p, nout)
	if redWidth > 0 {
		fmt.Fprintf(w, "int %scoop_red_width(void) { return %d; }\n", p, redWidth)
	}
	fmt.Fprintf(w, "#endif\n")
}

// cLiteral writes x as a C double literal that reads back exactly:
// the shortest round-trip decimal, negative values in parentheses (so
// that -(x) never reads as a decrement), ±Inf and NaN as the prelude's
// macros.
func cLiteral(x float64) string {
	switch {
	case math.IsNaN(x):
		return "BAYES_NAN"
	case math.IsInf(x, 1):
		return "BAYES_INF"
	case math.IsInf(x, -1):
		return "(-BAYES_INF)"
	}
	s := strconv.FormatFloat(x, 'g', -1, 64)
	if !strings.ContainsAny(s, ".e") {
		s += ".0"
	}
	if x < 0 || (x == 0 && math.Signbit(x)) {
		return "(" + s + ")"
	}
	return s
}
