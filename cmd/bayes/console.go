package main

import (
	"fmt"
	"io"
	"math"
	"os"
	"os/signal"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"github.com/bayes-dev/bayes/sampler"
	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// console is what the terminal sees of the sampling (a bayeslib.Progress):
// on stderr, when it is a terminal and --quiet is off, a live view with a
// line per chain (renderView), redrawn in place at most ten times a second
// and left on screen at the end, as nutpie leaves its table; or, when the
// chains run in lockstep on a device (where per-chain detail is only the
// step size and sampling's divergences, and chains number thousands), one
// aggregate bar. And Ctrl-C, which stops the chains (interrupt) while they
// run. A second Ctrl-C, after them (during the summary), ends the program.
type console struct {
	w         io.Writer
	quiet     bool
	interrupt func()

	sigint chan os.Signal
	ended  chan struct{} // closed by Done

	iterations int
	chains     []chainSlot // written by Update, read by the drawing goroutine
	fd         int         // the terminal's, for its size
	drawing    bool        // the drawing goroutine runs
	stop       chan struct{}
	drawn      chan struct{} // closed when the drawing goroutine has returned

	// The drawing goroutine's own (Done's once it has returned).
	t0         time.Time
	start, end []time.Time // when each chain was first seen running and done
	lines      int         // rows of the view on screen
	bar        *progressbar.ProgressBar
}

// chainSlot is a chain's last report, stored by the sampler's goroutine
// and read by the drawing one. Its 64 bytes keep chains' slots on separate
// cache lines, so that chains on different cores do not slow each other.
type chainSlot struct {
	done, div, grads atomic.Int64
	step             atomic.Uint64 // float64 bits
	warmup, lockstep atomic.Bool
	_                [24]byte
}

// redrawEvery is the view's refresh period.
const redrawEvery = 100 * time.Millisecond

func (p *console) Start(chains, iterations int) {
	p.sigint, p.ended = make(chan os.Signal, 1), make(chan struct{})
	signal.Notify(p.sigint, os.Interrupt)
	go func() {
		select {
		case <-p.sigint:
			p.interrupt()
		case <-p.ended:
		}
	}()
	p.iterations, p.chains = iterations, make([]chainSlot, chains)
	file, ok := p.w.(*os.File)
	if p.quiet || !ok || !term.IsTerminal(int(file.Fd())) {
		return
	}
	p.fd, p.drawing = int(file.Fd()), true
	p.t0 = time.Now()
	p.start, p.end = make([]time.Time, chains), make([]time.Time, chains)
	p.stop, p.drawn = make(chan struct{}), make(chan struct{})
	go func() {
		defer close(p.drawn)
		ticker := time.NewTicker(redrawEvery)
		defer ticker.Stop()
		prev := p.t0
		for {
			select {
			case now := <-ticker.C:
				p.draw(prev, now)
				prev = now
			case <-p.stop:
				return
			}
		}
	}()
}

// Update records where a chain stands; it runs on the sampler's hot path,
// so it only stores numbers, and those that seldom change (the phase, the
// divergences, the step size after warmup) only when they do: an atomic
// store is a fence on amd64, a load is not.
func (p *console) Update(c *sampler.ChainProgress) {
	s := &p.chains[c.Chain]
	s.done.Store(int64(c.Done))
	s.grads.Store(c.Gradients)
	if s.warmup.Load() != c.Warmup {
		s.warmup.Store(c.Warmup)
	}
	if d := int64(c.Divergences); s.div.Load() != d {
		s.div.Store(d)
	}
	if b := math.Float64bits(c.Stepsize); s.step.Load() != b {
		s.step.Store(b)
	}
	if s.lockstep.Load() != c.Lockstep {
		s.lockstep.Store(c.Lockstep)
	}
}

func (p *console) Done() {
	if p.drawing {
		close(p.stop)
		<-p.drawn // no redraw may follow the last one
		now := time.Now()
		p.draw(now, now)
		if p.bar != nil {
			p.bar.Finish()
		}
	}
	signal.Stop(p.sigint)
	close(p.ended)
}

// draw shows the chains' state at now; prev is the previous redraw's time,
// the latest a chain first seen running now can have started.
func (p *console) draw(prev, now time.Time) {
	r := p.snapshot(prev, now)
	if p.lines == 0 && p.bar == nil && !slices.ContainsFunc(r.Chains, func(c chainState) bool { return c.Done > 0 }) {
		// Nothing yet: whether the chains run in lockstep (a bar) is not
		// known, and a run that fails before its first iteration leaves
		// no table of waiting chains above its error.
		return
	}
	if p.chains[0].lockstep.Load() {
		if p.bar == nil {
			p.bar = progressbar.NewOptions64(int64(len(r.Chains))*int64(r.Iterations),
				progressbar.OptionSetWriter(p.w),
				progressbar.OptionSetDescription(fmt.Sprintf("%d chains", len(r.Chains))),
				progressbar.OptionShowIts(),
				progressbar.OptionSetItsString("it"),
				progressbar.OptionThrottle(redrawEvery),
				progressbar.OptionClearOnFinish(),
			)
		}
		var done int64
		for _, c := range r.Chains {
			done += int64(c.Done)
		}
		p.bar.Set64(done)
		return
	}
	width, height, err := term.GetSize(p.fd)
	if err != nil {
		width, height = 80, 24
	}
	lines := renderView(r, width, height)
	io.WriteString(p.w, redraw(p.lines, lines))
	p.lines = len(lines)
}

// snapshot reads the chains' slots into a runState, timing each chain
// from the redraw before the one that first saw it running to the one
// that saw it done.
func (p *console) snapshot(prev, now time.Time) runState {
	r := runState{Iterations: p.iterations, Chains: make([]chainState, len(p.chains)), Elapsed: now.Sub(p.t0)}
	for i := range p.chains {
		s, c := &p.chains[i], &r.Chains[i]
		c.Done, c.Warmup = int(s.done.Load()), s.warmup.Load()
		c.Divergences, c.Gradients = int(s.div.Load()), s.grads.Load()
		c.Stepsize = math.Float64frombits(s.step.Load())
		if c.Done > 0 && p.start[i].IsZero() {
			p.start[i] = prev
		}
		if c.Done >= p.iterations && p.end[i].IsZero() {
			p.end[i] = now
		}
		switch {
		case !p.end[i].IsZero():
			c.Elapsed = p.end[i].Sub(p.start[i])
		case !p.start[i].IsZero():
			c.Elapsed = now.Sub(p.start[i])
		}
	}
	return r
}

// redraw is what puts lines on screen in place of the prev lines drawn
// before, the cursor being on the row below them: up prev rows, each line
// over the old one (the rest of its row cleared), the rows below cleared
// when there are fewer lines than before, the cursor left below the block.
func redraw(prev int, lines []string) string {
	var b strings.Builder
	if prev > 0 {
		fmt.Fprintf(&b, "\x1b[%dA", prev)
	}
	for _, l := range lines {
		b.WriteString("\r" + l + "\x1b[K\n")
	}
	if len(lines) < prev {
		b.WriteString("\x1b[J")
	}
	return b.String()
}
