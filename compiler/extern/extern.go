// Package extern holds the IR's extern functions (ir.Extern): calls of the
// ODE solvers, the algebraic solvers, integrate_1d, reduce_sum and
// map_rect whose arguments depend on parameters. Each evaluates the user's function through a
// program of its own, compiled by the CPU kernel, q = (inputs, w) ↦ w·f:
// its gradient holds f itself (∂/∂w) and, with w the i-th unit vector, row
// i of f's Jacobian, the compiler's symbolic AD run numerically. Package
// compiler lowers the calls, fills these values in and builds the
// programs; a call whose arguments are all data is solved once, at
// compile time, by SolveData.
package extern

import (
	"math"
	"sync"

	"github.com/bayes-dev/bayes/compiler/kernel"
)

// evaluator is one evaluation's memory: a clone of a program's kernel and
// its q and gradient.
type evaluator struct {
	k       *kernel.Kernel
	q, grad []float64
}

// evaluators hands out clones of one program's kernel, so that chains may
// evaluate the same extern function at once.
type evaluators struct{ pool sync.Pool }

func (p *evaluators) get(k *kernel.Kernel) *evaluator {
	if e, ok := p.pool.Get().(*evaluator); ok {
		return e
	}
	return newEvaluator(k)
}

func (p *evaluators) put(e *evaluator) { p.pool.Put(e) }

// fillNaN marks a failed evaluation: NaN rejects the sampler's proposal,
// as Stan's domain errors do.
func fillNaN(x []float64) {
	for i := range x {
		x[i] = math.NaN()
	}
}

// newEvaluator is an evaluator of a clone of k, for one task's memory.
func newEvaluator(k *kernel.Kernel) *evaluator {
	d := k.Dim()
	return &evaluator{k: k.Clone(), q: make([]float64, d), grad: make([]float64, d)}
}
