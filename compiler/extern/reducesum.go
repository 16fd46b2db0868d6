package extern

import (
	"sync"

	"github.com/bayes-dev/bayes/compiler/kernel"
)

// ReduceSum is a call of reduce_sum or reduce_sum_static whose arguments
// depend on parameters, as the extern function of x = (the sliced
// argument's parameter-dependent elements, then the shared arguments').
// Its value is Σ_s f_s, the partial sums of a partition of the sliced
// argument fixed by its size and the grainsize (package compiler makes
// it), added in slice order; its Jacobian is Σ_s ∇f_s, added likewise.
// Each slice is a program of its own, q = the elements of x it reads
// (Slice.Use) ↦ f(x[start:end], start, end, ...), so the slices are
// independent and Threads goroutines may evaluate them at once: each
// writes its own value and gradient, and the caller adds them up in
// slice order afterwards, so the result is bit for bit the same for any
// number of threads (Stan's reduce_sum, by contrast, adds its partial
// sums in the order its threads finish).
type ReduceSum struct {
	Call   string // reduce_sum or reduce_sum_static, for messages
	N      int    // len(x)
	Slices []Slice
	// Threads is the number of goroutines that evaluate one call's
	// slices, the caller included (Stan's STAN_NUM_THREADS, per chain);
	// 1 or less evaluates them one after another on the caller's.
	// Set it before the first Eval; Eval only reads it.
	Threads int
	pool    sync.Pool // *rsWork
}

// Slice is one partial sum: F is its program, whose q[j] is x[Use[j]].
type Slice struct {
	F   *kernel.Kernel
	Use []int32
}

func (s *ReduceSum) Name() string { return s.Call }
func (s *ReduceSum) In() int      { return s.N }
func (s *ReduceSum) Out() int     { return 1 }

// Refusal is what the C emitter says of a model compiled with this
// extern: package compiler inlines reduce_sum for the C and CUDA samplers
// (compiler.Options.Serial), so only --device auto, which
// compiles for the CPU, meets it.
func (s *ReduceSum) Refusal() string {
	return s.Call + " over threads runs on the CPU sampler only (--device cuda or c runs it as one call)"
}

// rsWork is one evaluation's memory: an evaluator per slice (so that
// slices run at once never share an arena), the slices' values, and the
// batch by which the caller and the helpers share the slices.
type rsWork struct {
	s   *ReduceSum
	ev  []*evaluator
	val []float64
	x   []float64
	batch
}

func (s *ReduceSum) work() *rsWork {
	if w, ok := s.pool.Get().(*rsWork); ok {
		return w
	}
	w := &rsWork{s: s, ev: make([]*evaluator, len(s.Slices)), val: make([]float64, len(s.Slices))}
	for i, sl := range s.Slices {
		w.ev[i] = newEvaluator(sl.F)
	}
	w.batch.init(len(s.Slices), w.slice)
	return w
}

// slice evaluates slice i at w.x into w.val[i] and its evaluator's grad.
func (w *rsWork) slice(i int) {
	e, use := w.ev[i], w.s.Slices[i].Use
	for j, xi := range use {
		e.q[j] = w.x[xi]
	}
	w.val[i] = e.k.LogDensityGrad(e.grad, e.q)
}

// Eval writes Σ_s f_s(x) into out[0] and Σ_s ∇f_s into out[1:], each
// sum in slice order.
func (s *ReduceSum) Eval(x, out []float64) {
	w := s.work()
	defer s.pool.Put(w)
	w.x = x
	w.runAll(s.Threads)
	w.x = nil
	grad := out[1 : 1+s.N]
	clear(grad)
	lp := 0.0
	for i, sl := range s.Slices {
		lp += w.val[i]
		g := w.ev[i].grad
		for j, xi := range sl.Use {
			grad[xi] += g[j]
		}
	}
	out[0] = lp
}
