package extern

import (
	"sync"

	"github.com/bayes-dev/bayes/compiler/kernel"
)

// MapRect is a call of map_rect(f, phi, thetas, x_rs, x_is) whose
// arguments depend on parameters, as the extern function of x = (phi's
// parameter-dependent elements, then each job's theta's, job by job).
// Its value is the concatenation of the jobs' outputs f(phi, thetas[j],
// x_rs[j], x_is[j]) in job order; its Jacobian is sparse by construction
// (job j's outputs depend on phi and thetas[j] only), and it gives only
// those blocks (ir.SparseExtern), so the caller's adjoint of each job's
// outputs meets that job's block alone. Each job is a program of its own,
// q = (x[Use], w) ↦ w·f_j, as an ODE's right-hand side is: ∂/∂w is f_j,
// and with w the r-th unit vector ∂/∂x[Use] is row r of its Jacobian (one
// gradient per output); a job of one output (a group's log likelihood,
// the common use) is q = x[Use] ↦ f_j, its value and gradient. Jobs write disjoint parts of the output and
// nothing is summed across them, so Threads goroutines may evaluate them
// at once and the result is bit for bit the same for any number of
// threads.
type MapRect struct {
	N    int // len(x)
	Jobs []Job
	// Threads is the number of goroutines that evaluate one call's jobs,
	// the caller's included, as ReduceSum's; set it before the first Eval.
	Threads    int
	out        int   // the jobs' outputs together
	rows, cols []int // the Jacobian's pattern, job by job, row-major
	pool       sync.Pool
}

// Job is one job: F is its program, whose q is (x[Use[0]], ...,
// x[Use[len(Use)-1]], w[0], ..., w[Out-1]), without w where Out is 1.
type Job struct {
	F   *kernel.Kernel
	Use []int32
	Out int
	// where its outputs and its Jacobian block start in Eval's out
	off, jac int
}

// NewMapRect returns the call of jobs over x of length n.
func NewMapRect(n int, jobs []Job) *MapRect {
	s := &MapRect{N: n, Jobs: jobs, Threads: 1}
	for i := range s.Jobs {
		j := &s.Jobs[i]
		j.off, j.jac = s.out, len(s.rows)
		for r := range j.Out {
			for _, c := range j.Use {
				s.rows = append(s.rows, j.off+r)
				s.cols = append(s.cols, int(c))
			}
		}
		s.out += j.Out
	}
	for i := range s.Jobs {
		s.Jobs[i].jac += s.out
	}
	return s
}

func (s *MapRect) Name() string                 { return "map_rect" }
func (s *MapRect) In() int                      { return s.N }
func (s *MapRect) Out() int                     { return s.out }
func (s *MapRect) Jacobian() (rows, cols []int) { return s.rows, s.cols }

// Refusal is what the C emitter says of a model compiled with this
// extern, as ReduceSum's.
func (s *MapRect) Refusal() string {
	return "map_rect over threads runs on the CPU sampler only (--device cuda or c runs its jobs inlined)"
}

// mrWork is one evaluation's memory: an evaluator per job, x and out,
// and the batch by which the caller and the helpers share the jobs.
type mrWork struct {
	s      *MapRect
	ev     []*evaluator
	x, out []float64
	batch
}

func (s *MapRect) work() *mrWork {
	if w, ok := s.pool.Get().(*mrWork); ok {
		return w
	}
	w := &mrWork{s: s, ev: make([]*evaluator, len(s.Jobs))}
	for i, j := range s.Jobs {
		w.ev[i] = newEvaluator(j.F)
	}
	w.batch.init(len(s.Jobs), w.job)
	return w
}

// job evaluates job i at w.x: its outputs and its Jacobian block, into
// w.out.
func (w *mrWork) job(i int) {
	e, j := w.ev[i], &w.s.Jobs[i]
	nu := len(j.Use)
	for k, xi := range j.Use {
		e.q[k] = w.x[xi]
	}
	if j.Out == 1 { // no w: the program is f_j itself
		w.out[j.off] = e.k.LogDensityGrad(e.grad, e.q)
		copy(w.out[j.jac:j.jac+nu], e.grad)
		return
	}
	wt := e.q[nu:]
	for r := range j.Out {
		clear(wt)
		wt[r] = 1
		e.k.LogDensityGrad(e.grad, e.q)
		if r == 0 {
			copy(w.out[j.off:j.off+j.Out], e.grad[nu:])
		}
		copy(w.out[j.jac+r*nu:j.jac+(r+1)*nu], e.grad[:nu])
	}
}

// Eval writes the jobs' outputs, in job order, and their Jacobian blocks.
func (s *MapRect) Eval(x, out []float64) {
	w := s.work()
	defer s.pool.Put(w)
	w.x, w.out = x, out
	w.runAll(s.Threads)
	w.x, w.out = nil, nil
}
