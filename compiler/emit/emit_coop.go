package emit

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"

	"github.com/bayes-dev/bayes/compiler/ir"
)

// The cooperative form of the emitted C (Options.Cooperative): one log
// density and gradient computed by a group of NT threads together, for
// the GPU's data regime (cnuts.RegimeData), where one chain runs on a thread
// block and every thread runs the sampler's control flow redundantly.
//
//	BAYES_FN double P log_density_grad_coop(const double *q, double *grad, double *ws, double *red);
//	BAYES_FN void   P constrain_coop(const double *q, double *out, double *ws, double *red);  (with a ConstrainMap)
//
// All NT threads call it together with the same q (each may pass its own
// copy) and each its own grad or out; ws (Source.Workspace doubles) and
// red (NT * Source.CoopRedWidth doubles) are shared by the group. With
// Options.Float32, ws and red are float * and hold floats (the partial
// sums too), and the threads convert q into ws together, then meet at a
// barrier, before the first node. On
// return every thread holds the whole gradient (output) and the same log
// density, bit for bit the same in every thread. The including code
// defines BAYES_TID, BAYES_NT, BAYES_SYNC() and optionally
// BAYES_COOP_SUM(partial, red) before the emitted code (the prelude's
// defaults are a group of one).
//
// How a node is split among the threads is a fact of its op (cCoopForms
// below, beside cExtents): an elementwise vector node, and a structural
// one whose element i depends on reads only, runs element i in thread
// i mod NT (a strided loop); a sum over i is a strided partial per thread
// and BAYES_COOP_SUM; a vector-valued sum (the transposed matrix-vector
// product of a regression's gradient, a scatter-add into few outputs)
// keeps each thread's partials of all m outputs in red[k*NT + TID], then
// the threads split the m outputs and add the NT partials of each in
// thread order; a scatter-add with a one-to-one index is zeroed, then
// strided. Scalars are computed by every thread from values a barrier has
// published, and the few templates that cannot be split (scans,
// order-dependent folds) run whole: a scalar in every thread, a vector in
// thread 0. The partial sums change the order of additions, so the result
// differs from the serial functions by rounding (about 1e-15 relative),
// never across threads or runs. The pattern is the block reduction of
// Harris, "Optimizing parallel reduction in CUDA" (NVIDIA, 2007), without
// its tree, so that the order is fixed.
//
// Barriers (BAYES_SYNC) go only where a hazard needs one (coopState): a
// thread reads a ws element that another thread wrote since the last
// barrier; a thread writes ws memory (a reused vector's) or red that
// another may still read or write; the copies of grad or out, which read
// all of ws; and the end of each function, so that the next call may
// overwrite ws and red. A strided loop gives element i to thread i mod NT
// whatever its length, so a chain of elementwise nodes and the sum over
// it need none: the logistic regression's gradient has three
// (testdata/emit/logistic_coop.c.golden). The emitter does not count on
// BAYES_COOP_SUM to order memory, only on it leaving red free for reuse
// on return. TestEmitCoopRaceFree checks the placement under
// ThreadSanitizer.

// coopForm says how the threads of a group share one structural op's C
// template. Elementwise ops have none: their element i reads element i of
// the arguments only, so they are all strided.
type coopForm uint8

const (
	coopUnset    coopForm = iota
	coopStrided           // element i of a vector written from reads only ($out[i] = ..., or += after zeroing)
	coopSum               // a scalar sum over i ($out += ...)
	coopVecSum            // a vector sum over i ($out[k] += ... for any k)
	coopSerial            // run whole: a scalar in every thread, a vector in thread 0
	coopScatter           // $out[$idx[i]] += ... with a one-to-one index: zeros, a barrier, then strided
	coopByOutput          // $out[$idx[i]] += ...: each output k sums its terms, through the index grouped by k
)

// cCoopForms is the cooperative form of each structural op's C template
// (ir's ops.go). TestEmitCCoversOps checks that every structural op has one.
var cCoopForms = [ir.MaxOps]coopForm{
	ir.OpBcast: coopStrided, ir.OpGather: coopStrided, ir.OpConcat: coopStrided, ir.OpMatVec: coopStrided,
	ir.OpSum: coopSum, ir.OpDot: coopSum,
	ir.OpMatTVec: coopVecSum, ir.OpScatterAdd: coopVecSum,
	// One element: every thread reads it.
	ir.OpElem: coopSerial,
	// A max with its ±Inf rule (bayes_lse_shift); its vectors are short
	// (the components of a mixture, the states of an HMM).
	ir.OpLseShift: coopSerial,
	// Order-dependent folds: the first of equal values wins (±0), and NaN
	// propagates from where it is met; a product rounds differently from a
	// tree. Rare in models and short.
	ir.OpProd: coopSerial, ir.OpMaxOf: coopSerial, ir.OpMinOf: coopSerial,
	// A scan: element i needs element i-1.
	ir.OpCumSum: coopSerial,
}

// coopScatterMax is the longest scatter-add output kept as per-thread
// partials in red (coopVecSum); a longer one, or one longer than its input
// (the adjoint of one element: a long zero vector with one entry), would
// cost more to zero in NT copies than the scatter itself: it runs strided
// over its input when its index is one-to-one (coopScatter), else strided
// over its outputs (coopByOutput, the varying intercepts of many groups).
const coopScatterMax = 256

// coopAccMax is the widest vector sum whose per-thread partials are kept
// in a local array (registers on a GPU) while the rows are read, and
// copied into red once at the end; a wider one adds into red directly.
const coopAccMax = 32

// coopSplit is how one node of a _coop function was emitted.
type coopSplit uint8

const (
	splitStrided  coopSplit = iota // element i in thread i mod NT
	splitSum                       // strided partials and BAYES_COOP_SUM
	splitVecSum                    // strided partials in red, outputs split
	splitEvery                     // the whole loop in every thread (a scalar)
	splitThread0                   // the whole loop in thread 0
	splitScatter                   // a one-to-one scatter, strided
	splitByOutput                  // a scatter, strided over its outputs
)

func (s coopSplit) String() string {
	return [...]string{"strided", "sum", "vector sum", "every thread", "thread 0", "scatter", "by output"}[s]
}

// coopStep records the split of one node with a loop, for the tests and
// for reports of which ops run serially.
type coopStep struct {
	fn     string // log_density_grad_coop or constrain_coop
	op     ir.Op
	extent int // the loop's length
	split  coopSplit
}

// coopState is the barrier bookkeeping of a _coop function. A barrier is
// written only where a hazard needs one: a thread reads a vector element
// that another thread wrote since the last barrier (read after write), or
// writes memory that another thread may still read or write (a reused
// vector's, or red). Strided loops give element i to thread i mod NT
// whatever their length, so a strided reader of element i of a strided
// writer's output reads its own thread's write: a chain of elementwise
// nodes and the sum over it run without barriers between them.
type coopState struct {
	// dirty holds the vectors written since the last barrier: true when
	// each element i was written by thread i mod NT (aligned).
	dirty map[ir.Value]bool
	// read holds the vectors read since the last barrier: true when each
	// element i was read by thread i mod NT only.
	read map[ir.Value]bool
	// redRead: every thread has read red since the last barrier.
	redRead bool
	// owner is the vector that last lived at each workspace offset.
	owner map[int]ir.Value
	// writing: the node being declared writes element i in thread i mod NT.
	writing bool
}

func newCoopState() *coopState {
	return &coopState{dirty: map[ir.Value]bool{}, read: map[ir.Value]bool{}, owner: map[int]ir.Value{}}
}

// coopNode writes the cooperative code of one computed node.
func (f *cFunc) coopNode(v ir.Value) {
	n := f.g.Node(v)
	info := n.Op.Info()
	out := fmt.Sprintf("v%d", v)
	if info.Elementwise {
		if n.Shape.Kind == ir.Scalar { // its arguments are scalars: locals and q
			fmt.Fprintf(f.w, "\tconst %s v%d = %s;\n", f.e.real, v, f.elementwise(v))
			return
		}
		aligned := [ir.MaxArgs]bool{true, true, true, true}
		f.orderReads(n, aligned)
		f.declare(v, true)
		fmt.Fprintf(f.w, "\tfor (int i = BAYES_TID; i < %d; i += BAYES_NT) %s[i] = %s;\n", n.Shape.Len(), out, f.elementwise(v))
		f.wrote(v, n, aligned, true)
		f.step(n, n.Shape.Len(), splitStrided)
		return
	}
	extent := f.extent(v)
	tmpl := f.e.tmpl[n.Op]
	form := cCoopForms[n.Op]
	if n.Op == ir.OpScatterAdd && (n.Shape.N > coopScatterMax || n.Shape.N > extent) {
		form = coopByOutput
		if injective(f.g.Index[n.Aux]) {
			form = coopScatter
		}
	}
	aligned := alignedReads(info)
	switch form {
	case coopStrided:
		if n.Shape.Kind == ir.Scalar || !writesOwn(info) {
			ir.Bailf("%s: a strided cooperative form writes $out[i] of a vector only", info.Name)
		}
		f.orderReads(n, aligned)
		f.declare(v, true)
		if strings.Contains(tmpl, "+=") {
			fmt.Fprintf(f.w, "\tfor (int i = BAYES_TID; i < %d; i += BAYES_NT) %s[i] = %s;\n", n.Shape.Len(), out, f.e.zero)
		}
		code := f.structural(v, strings.ReplaceAll(tmpl, "$out", out))
		fmt.Fprintf(f.w, "\tfor (int i = BAYES_TID; i < %d; i += BAYES_NT) %s;\n", extent, code)
		f.wrote(v, n, aligned, true)
		f.step(n, extent, splitStrided)
	case coopSum:
		if n.Shape.Kind != ir.Scalar {
			ir.Bailf("%s: a sum's cooperative form needs a scalar output", info.Name)
		}
		f.orderReads(n, aligned)
		f.orderRed()
		code := strings.ReplaceAll(strings.ReplaceAll(tmpl, "$out[i]", "$out"), "$out", out)
		fmt.Fprintf(f.w, "\t%s %s = %s;\n", f.e.real, out, f.e.zero)
		fmt.Fprintf(f.w, "\tfor (int i = BAYES_TID; i < %d; i += BAYES_NT) %s;\n", extent, f.structural(v, code))
		fmt.Fprintf(f.w, "\t%s = BAYES_COOP_SUM(%s, red);\n", out, out)
		f.wrote(v, n, aligned, false)
		f.step(n, extent, splitSum)
	case coopVecSum:
		m := n.Shape.Len()
		f.e.redWidth = max(f.e.redWidth, m)
		f.orderReads(n, aligned)
		f.orderRed()
		if m <= coopAccMax {
			// the partials in a local array (registers, once the compiler
			// unrolls the template's loop over k), then in red
			code := f.structural(v, coopRedOut(info.Name, tmpl, "acc[%s]"))
			fmt.Fprintf(f.w, "\t{\n\t\t%s acc[%d];\n\t\tfor (int k = 0; k < %d; k++) acc[k] = %s;\n", f.e.real, m, m, f.e.zero)
			fmt.Fprintf(f.w, "\t\tfor (int i = BAYES_TID; i < %d; i += BAYES_NT) %s;\n", extent, code)
			fmt.Fprintf(f.w, "\t\tfor (int k = 0; k < %d; k++) red[k * BAYES_NT + BAYES_TID] = acc[k];\n\t}\n", m)
		} else {
			code := f.structural(v, coopRedOut(info.Name, tmpl, "red[(%s) * BAYES_NT + BAYES_TID]"))
			fmt.Fprintf(f.w, "\tfor (int k = 0; k < %d; k++) red[k * BAYES_NT + BAYES_TID] = %s;\n", m, f.e.zero)
			fmt.Fprintf(f.w, "\tfor (int i = BAYES_TID; i < %d; i += BAYES_NT) %s;\n", extent, code)
		}
		f.sync() // every partial is in red, and every read of the arguments done
		f.declare(v, true)
		fmt.Fprintf(f.w, "\tfor (int k = BAYES_TID; k < %d; k += BAYES_NT) {\n", m)
		fmt.Fprintf(f.w, "\t\t%s s = %s;\n\t\tfor (int t = 0; t < BAYES_NT; t++) s += red[k * BAYES_NT + t];\n", f.e.real, f.e.zero)
		fmt.Fprintf(f.w, "\t\t%s[k] = s;\n\t}\n", out)
		f.coop.redRead = true
		f.coop.dirty[v] = true
		f.step(n, extent, splitVecSum)
	case coopScatter:
		// out[idx[i]] += x[i] with idx one-to-one: no two threads add to one
		// element, once the zeros are published (the barrier also orders
		// the reads of x).
		f.declare(v, true)
		fmt.Fprintf(f.w, "\tfor (int i = BAYES_TID; i < %d; i += BAYES_NT) %s[i] = %s;\n", n.Shape.Len(), out, f.e.zero)
		f.sync()
		code := f.structural(v, strings.ReplaceAll(tmpl, "$out", out))
		fmt.Fprintf(f.w, "\tfor (int i = BAYES_TID; i < %d; i += BAYES_NT) %s;\n", extent, code)
		f.wrote(v, n, aligned, false)
		f.step(n, extent, splitScatter)
	case coopByOutput:
		// out[k] = the sum of the terms with idx[i] == k, in increasing i as
		// the serial loop adds them: each thread its outputs k, reading the
		// index grouped by output.
		code := strings.ReplaceAll(tmpl, "$out[$idx[i]]", "s")
		if strings.Contains(code, "$out") || strings.Contains(code, "$idx") {
			ir.Bailf("%s: its C template is not a scatter $out[$idx[i]] += ...", info.Name)
		}
		off, pos := f.e.groupedIndex(f.g.Index[n.Aux])
		none := [ir.MaxArgs]bool{}
		f.orderReads(n, none)
		f.declare(v, true)
		fmt.Fprintf(f.w, "\tfor (int k = BAYES_TID; k < %d; k += BAYES_NT) {\n\t\t%s s = %s;\n", n.Shape.Len(), f.e.real, f.e.zero)
		fmt.Fprintf(f.w, "\t\tfor (int p = %s[k]; p < %s[k + 1]; p++) { const int i = %s[p]; %s; }\n", off, off, pos, f.structural(v, code))
		fmt.Fprintf(f.w, "\t\t%s[k] = s;\n\t}\n", out)
		f.wrote(v, n, none, true)
		f.step(n, extent, splitByOutput)
	case coopSerial:
		none := [ir.MaxArgs]bool{}
		f.orderReads(n, none)
		if n.Shape.Kind == ir.Scalar {
			f.serialStructural(v)
			f.wrote(v, n, none, false)
			f.step(n, extent, splitEvery)
			return
		}
		f.declare(v, false)
		fmt.Fprintf(f.w, "\tif (BAYES_TID == 0) {\n")
		w := f.w
		var block bytes.Buffer
		f.w = &block
		f.serialStructural(v)
		f.w = w
		for _, line := range strings.SplitAfter(block.String(), "\n") {
			if line != "" {
				f.w.WriteString("\t" + line)
			}
		}
		fmt.Fprintf(f.w, "\t}\n")
		f.wrote(v, n, none, false)
		f.step(n, extent, splitThread0)
	default:
		ir.Bailf("%s: no cooperative form for its C template (cCoopForms)", info.Name)
	}
}

// alignedReads says, for each argument of a structural op's template run
// as a strided loop, whether element i of the loop reads only element i
// of it ($k[i] and nothing else).
func alignedReads(info *ir.OpInfo) [ir.MaxArgs]bool {
	var a [ir.MaxArgs]bool
	for k := 0; k < info.Arity; k++ {
		ref := fmt.Sprintf("$%d", k)
		n := strings.Count(info.C, ref)
		a[k] = n > 0 && n == strings.Count(info.C, ref+"[i]")
	}
	return a
}

// writesOwn: the template writes the output only as $out[i].
func writesOwn(info *ir.OpInfo) bool {
	n := strings.Count(info.C, "$out")
	return n > 0 && n == strings.Count(info.C, "$out[i]")
}

// injective reports whether no index occurs twice in ix.
func injective(ix ir.IndexArray) bool {
	seen := make([]bool, ix.N)
	for _, j := range ix.Idx {
		if seen[j] {
			return false
		}
		seen[j] = true
	}
	return true
}

// isWS reports whether v lives in the workspace (a computed vector).
func (f *cFunc) isWS(v ir.Value) bool { return f.ws[v] >= 0 }

// orderReads writes a barrier before node n when it reads a vector that
// another thread may have written since the last one: a vector written
// unaligned, or one that n reads unaligned (aligned[k] false).
func (f *cFunc) orderReads(n *ir.Node, aligned [ir.MaxArgs]bool) {
	for k := 0; k < n.Op.Info().Arity; k++ {
		a := n.Args[k]
		if !f.isWS(a) {
			continue
		}
		if own, ok := f.coop.dirty[a]; ok && !(own && aligned[k]) {
			f.sync()
			return
		}
	}
}

// orderRed writes a barrier before a node that writes red while other
// threads may still read it.
func (f *cFunc) orderRed() {
	if f.coop.redRead {
		f.sync()
	}
}

// coopAlloc is called when v takes its workspace memory: when a vector
// that lived there was read or written since the last barrier, other than
// by the thread that will write each element of v, a barrier comes first.
func (f *cFunc) coopAlloc(v ir.Value) {
	c := f.coop
	if old, ok := c.owner[f.ws[v]]; ok {
		r, wasRead := c.read[old]
		w, wasWritten := c.dirty[old]
		if (wasRead && !(r && c.writing)) || (wasWritten && !(w && c.writing)) {
			f.sync()
		}
	}
	c.owner[f.ws[v]] = v
}

// wrote records node n's reads of its arguments (aligned as given) and,
// for a vector, its write (ownWrite: element i by thread i mod NT).
func (f *cFunc) wrote(v ir.Value, n *ir.Node, aligned [ir.MaxArgs]bool, ownWrite bool) {
	c := f.coop
	for k := 0; k < n.Op.Info().Arity; k++ {
		a := n.Args[k]
		if !f.isWS(a) {
			continue
		}
		r, ok := c.read[a]
		c.read[a] = aligned[k] && (r || !ok)
	}
	if n.Shape.Kind != ir.Scalar {
		c.dirty[v] = ownWrite
	}
}

// declare allocates the vector node v in the workspace and declares it;
// ownWrite: element i will be written by thread i mod NT.
func (f *cFunc) declare(v ir.Value, ownWrite bool) {
	f.coop.writing = ownWrite
	f.alloc(v)
	fmt.Fprintf(f.w, "\t%s *v%d = ws + %d; /* %s */\n", f.e.real, v, f.ws[v], f.g.Node(v).Shape)
}

// sync writes a barrier over the group.
func (f *cFunc) sync() {
	fmt.Fprintf(f.w, "\tBAYES_SYNC();\n")
	c := f.coop
	clear(c.dirty)
	clear(c.read)
	c.redRead = false
}

// publish precedes the copies of grad or out, which every thread reads
// whole from the workspace.
func (f *cFunc) publish() {
	if len(f.coop.dirty) > 0 {
		f.sync()
	}
}

// endCoop ends a _coop function: the copies of grad or out have read ws,
// and the next call may write it and red.
func (f *cFunc) endCoop() {
	fmt.Fprintf(f.w, "\tBAYES_SYNC(); /* ws and red are free for the next call */\n")
}

func (f *cFunc) step(n *ir.Node, extent int, s coopSplit) {
	f.e.coop = append(f.e.coop, coopStep{fn: f.name, op: n.Op, extent: extent, split: s})
}

// coopRedOut is a vector sum's template with each output element $out[k]
// replaced by this thread's partial of it, the format partial applied to k.
func coopRedOut(name, code, partial string) string {
	const out = "$out["
	var b strings.Builder
	for {
		at := strings.Index(code, out)
		if at < 0 {
			break
		}
		b.WriteString(code[:at])
		code = code[at+len(out):]
		depth, end := 1, -1
		for i, c := range code {
			if c == '[' {
				depth++
			} else if c == ']' {
				if depth--; depth == 0 {
					end = i
					break
				}
			}
		}
		if end < 0 {
			ir.Bailf("%s: unbalanced $out[ in its C template", name)
		}
		fmt.Fprintf(&b, partial, code[:end])
		code = code[end+1:]
	}
	b.WriteString(code)
	if strings.Contains(b.String(), "$out") {
		ir.Bailf("%s: a vector sum's template may write $out only as $out[k]", name)
	}
	return b.String()
}

// groupedIndex returns the C names of ix grouped by target (compressed
// sparse rows): the positions i with ix.Idx[i] == k are pos[off[k]],
// ..., pos[off[k+1]-1], in increasing order. It declares them on first use.
func (e *cEmitter) groupedIndex(ix ir.IndexArray) (off, pos string) {
	if e.grouped == nil {
		e.grouped = map[*int32]int{}
	}
	k, ok := e.grouped[&ix.Idx[0]]
	if !ok {
		k = len(e.grouped)
		e.grouped[&ix.Idx[0]] = k
		offs := make([]int, ix.N+1)
		for _, j := range ix.Idx {
			offs[j+1]++
		}
		for j := 0; j < ix.N; j++ {
			offs[j+1] += offs[j]
		}
		next := append([]int(nil), offs[:ix.N]...)
		p := make([]int, len(ix.Idx))
		for i, j := range ix.Idx {
			p[next[j]] = i
			next[j]++
		}
		fmt.Fprintf(&e.globals, "BAYES_DATA int %sg%d_off[%d] = {", e.pre, k, len(offs))
		writeList(&e.globals, len(offs), func(i int) string { return strconv.Itoa(offs[i]) })
		fmt.Fprintf(&e.globals, "};\nBAYES_DATA int %sg%d_pos[%d] = {", e.pre, k, len(p))
		writeList(&e.globals, len(p), func(i int) string { return strconv.Itoa(p[i]) })
		e.globals.WriteString("};\n")
	}
	return fmt.Sprintf("%sg%d_off", e.pre, k), fmt.Sprintf("%sg%d_pos", e.pre, k)
}
