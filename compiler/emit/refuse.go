package emit

import (
	"errors"
	"fmt"

	"github.com/bayes-dev/bayes/compiler/ir"
)

// refuse reports what the emitter cannot write as C: an extern op
// (ir.Extern), a function computed by Go code (an ODE or algebraic
// solver, a quadrature; an extern names what it is by a Solver method), which
// has no C form yet. The GPU sampler cannot run such a model; --device
// auto keeps it on the CPU. An extern with a Refusal method says itself
// what to do instead.
func refuse(p *ir.Program) error {
	live := make([]bool, len(p.G.Nodes))
	ir.MarkLive(p, live)
	for v, n := range p.G.Nodes {
		if live[v] && n.Op == ir.OpExtern {
			e := p.G.Externs[n.Aux]
			if r, ok := e.(interface{ Refusal() string }); ok {
				return errors.New(r.Refusal())
			}
			what := "ODE solver"
			if s, ok := e.(interface{ Solver() string }); ok {
				what = s.Solver()
			}
			return fmt.Errorf("%s runs only on the CPU: the C and CUDA samplers have no %s (use --device cpu)", e.Name(), what)
		}
	}
	return nil
}
