package extern

import (
	"sync"
	"sync/atomic"
)

// batch is the tasks 0..n-1 of one evaluation of reduce_sum's slices or
// map_rect's jobs, each writing only its own results, that the caller and
// the helpers claim one at a time (next) and count done (done); the one
// that finishes the last task signals fin. Which goroutine runs a task
// never changes what it computes, so the results are the same for any
// number of threads.
type batch struct {
	n          int64
	do         func(i int)
	next, done atomic.Int64
	fin        chan struct{}
}

// init makes b the batch of n tasks, task i run by do(i).
func (b *batch) init(n int, do func(i int)) {
	b.n, b.do, b.fin = int64(n), do, make(chan struct{}, 1)
}

// run claims and runs tasks until none is left.
func (b *batch) run() {
	for {
		i := b.next.Add(1) - 1
		if i >= b.n {
			return
		}
		b.do(int(i))
		if b.done.Add(1) == b.n {
			b.fin <- struct{}{}
		}
	}
}

// runAll runs every task, on threads goroutines, the caller's included;
// 1 or less runs them one after another on the caller's.
func (b *batch) runAll(threads int) {
	if threads <= 1 || b.n == 1 {
		for i := range b.n {
			b.do(int(i))
		}
		return
	}
	// done before next: a helper holding a token of an earlier call
	// claims through next, and finds done reset.
	b.done.Store(0)
	b.next.Store(0)
	k := min(threads, int(b.n)) - 1
	helpers.ask(b, k)
	b.run()
	<-b.fin
	helpers.leave(k)
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
	queue   chan *batch
}

var helpers = helperPool{queue: make(chan *batch, 1024)}

// ask posts w to k helpers, starting helpers while fewer run than the
// calls in progress want; the caller gives them back with leave(k).
func (p *helperPool) ask(w *batch, k int) {
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
