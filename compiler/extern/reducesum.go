package extern

import (
	"sync"
	"sync/atomic"

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
// (compiler.Options.SerialReduceSum), so only --device auto, which
// compiles for the CPU, meets it.
func (s *ReduceSum) Refusal() string {
	return s.Call + " over threads runs on the CPU sampler only (--device cuda or c runs it as one call)"
}

// rsWork is one evaluation's memory: an evaluator per slice (so that
// slices run at once never share an arena), the slices' values, and the
// counters by which the caller and the helpers claim slices (next) and
// count them done (done); the one that finishes the last slice signals
// fin.
type rsWork struct {
	s          *ReduceSum
	ev         []*evaluator
	val        []float64
	x          []float64
	next, done atomic.Int64
	fin        chan struct{}
}

func (s *ReduceSum) work() *rsWork {
	if w, ok := s.pool.Get().(*rsWork); ok {
		return w
	}
	w := &rsWork{s: s, ev: make([]*evaluator, len(s.Slices)), val: make([]float64, len(s.Slices)), fin: make(chan struct{}, 1)}
	for i, sl := range s.Slices {
		d := sl.F.Dim()
		w.ev[i] = &evaluator{k: sl.F.Clone(), q: make([]float64, d), grad: make([]float64, d)}
	}
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

// run claims and evaluates slices until none is left.
func (w *rsWork) run() {
	n := int64(len(w.val))
	for {
		i := w.next.Add(1) - 1
		if i >= n {
			return
		}
		w.slice(int(i))
		if w.done.Add(1) == n {
			w.fin <- struct{}{}
		}
	}
}

// Eval writes Σ_s f_s(x) into out[0] and Σ_s ∇f_s into out[1:], each
// sum in slice order.
func (s *ReduceSum) Eval(x, out []float64) {
	w := s.work()
	defer s.pool.Put(w)
	w.x = x
	n := len(s.Slices)
	if s.Threads <= 1 || n == 1 {
		for i := range n {
			w.slice(i)
		}
	} else {
		// done before next: a helper holding a token of an earlier call
		// claims through next, and finds done reset.
		w.done.Store(0)
		w.next.Store(0)
		k := min(s.Threads, n) - 1
		helpers.ask(w, k)
		w.run()
		<-w.fin
		helpers.leave(k)
	}
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

// helperPool is the goroutines that help callers of Eval: a caller posts
// its work once per helper it wants; a helper takes slices from it until
// none is left (a token that arrives late finds none and costs nothing).
// The pool grows to the helpers that the calls running at once want
// together (chains × (Threads − 1)) and its goroutines then stay, waiting.
// The caller always evaluates slices itself too, so a call finishes
// whether or not any helper comes.
type helperPool struct {
	mu      sync.Mutex
	started atomic.Int64
	wanted  atomic.Int64
	queue   chan *rsWork
}

var helpers = helperPool{queue: make(chan *rsWork, 1024)}

// ask posts w to k helpers, starting helpers while fewer run than the
// calls in progress want; the caller gives them back with leave(k).
func (p *helperPool) ask(w *rsWork, k int) {
	if want := p.wanted.Add(int64(k)); want > p.started.Load() {
		p.mu.Lock()
		for p.started.Load() < want {
			p.started.Add(1)
			go p.help()
		}
		p.mu.Unlock()
	}
	for range k {
		select {
		case p.queue <- w:
		default: // queue full: the caller does the work
		}
	}
}

func (p *helperPool) leave(k int) { p.wanted.Add(int64(-k)) }

func (p *helperPool) help() {
	for w := range p.queue {
		w.run()
	}
}
