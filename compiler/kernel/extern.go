package kernel

import "github.com/bayes-dev/bayes/compiler/ir"

// The loop of an extern op (ir.Extern): one call of its Go function over
// its whole input, writing its value and Jacobian. Its loop has length
// one (ir's loopLen), so d is the whole output.
func init() { opLoops[ir.OpExtern] = loopExtern }

func loopExtern(d []float64, a *[maxSlots][]float64, in *instr, _ int) {
	in.ext.Eval(a[0], d)
}
