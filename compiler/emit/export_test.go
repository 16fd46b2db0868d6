package emit

import "github.com/bayes-dev/bayes/compiler/ir"

// What the tests of package emit_test (which compile models with package
// compiler, so cannot be package emit) read of the emitter's insides.

// CoopStep is how one node of a _coop function was split among the threads.
type CoopStep struct {
	Fn     string // log_density_grad_coop or constrain_coop
	Op     ir.Op
	Extent int // the loop's length
	Split  CoopSplit
}

// CoopSplit is how a cooperative loop is split among the threads.
type CoopSplit = coopSplit

const (
	SplitStrided  = splitStrided
	SplitVecSum   = splitVecSum
	SplitEvery    = splitEvery
	SplitThread0  = splitThread0
	SplitByOutput = splitByOutput
	CoopAccMax    = coopAccMax
)

// CoopSteps is the plan of the _coop functions of src, node by node.
func CoopSteps(src *Source) []CoopStep {
	var out []CoopStep
	for _, st := range src.coop {
		out = append(out, CoopStep{Fn: st.fn, Op: st.op, Extent: st.extent, Split: st.split})
	}
	return out
}

// HasLoopExtent and HasCoopForm report whether a structural op has its
// rows in cExtents and cCoopForms.
func HasLoopExtent(op ir.Op) bool { return cExtents[op] != extentNone }
func HasCoopForm(op ir.Op) bool   { return cCoopForms[op] != coopUnset }

var (
	CLiteral      = cLiteral
	CLiteral32    = cLiteral32
	FloatTemplate = floatTemplate
)
