package sampler

// windows is the schedule of metric adaptation over warmup, as Stan's
// windowed_adaptation.hpp runs it: an initial buffer, then slow windows of
// 25, 50, 100, ... iterations, the last one stretched to end where the
// terminal buffer begins, then the terminal buffer. For 1000 warmup
// iterations the windows end at iterations 99, 149, 249, 449 and 949
// (0-based); after bayes's shorter initial buffer of 25
// (Config.ShortInitBuffer) at 49, 99, 199, 399 and 949.
//
// Special cases, as Stan:
//   - numWarmup < 20: no metric window at all; only the step size adapts.
//   - numWarmup < initBuffer+25+50 (75+25+50 for Stan's initial buffer):
//     the three stages shrink to 15%/75%/10% of numWarmup (truncated),
//     one slow window.
//
// In the second case Stan's set_window_params returns before restart(), and
// this package follows the Reference Manual's description (the one window is
// used) rather than that code path.
type windows struct {
	numWarmup, initBuffer, termBuffer, baseWindow int
	counter, size, next                           int
}

func newWindows(numWarmup, initBuffer int) windows {
	w := windows{next: -1} // never reached: no window
	switch {
	case numWarmup < MinWarmupForMetric:
		return w
	case initBuffer+AdaptWindow+AdaptTermBuffer > numWarmup:
		w.numWarmup = numWarmup
		w.initBuffer = int(ShortInitFraction * float64(numWarmup))
		w.termBuffer = int(ShortTermFraction * float64(numWarmup))
		w.baseWindow = numWarmup - (w.initBuffer + w.termBuffer)
	default:
		w.numWarmup, w.initBuffer, w.termBuffer, w.baseWindow = numWarmup, initBuffer, AdaptTermBuffer, AdaptWindow
	}
	w.size = w.baseWindow
	w.next = w.initBuffer + w.size - 1
	return w
}

// inWindow reports whether the current iteration's draw feeds the metric
// estimate.
func (w *windows) inWindow() bool {
	return w.counter >= w.initBuffer && w.counter < w.numWarmup-w.termBuffer && w.counter != w.numWarmup
}

// endOfWindow reports whether the metric is to be updated after the current
// iteration.
func (w *windows) endOfWindow() bool {
	return w.counter == w.next && w.counter != w.numWarmup
}

// advance reports, for the current warmup iteration, whether its draw feeds
// the metric estimate and whether the window ends after it, then moves on to
// the next iteration (the bookkeeping of Stan's learn_variance).
func (w *windows) advance() (add, end bool) {
	add, end = w.inWindow(), w.endOfWindow()
	if end {
		w.computeNext()
	}
	w.counter++
	return add, end
}

// computeNext doubles the window, stretching it to the terminal buffer when
// the one after it would not fit.
func (w *windows) computeNext() {
	last := w.numWarmup - w.termBuffer - 1
	if w.next == last {
		return
	}
	w.size *= 2
	w.next = w.counter + w.size
	if w.next == last {
		return
	}
	if w.next+2*w.size >= w.numWarmup-w.termBuffer {
		w.next = last
	}
}

// MetricWindows is the schedule of metric adaptation over c's warmup
// iterations (Stan's windows, with c's initial buffer), for a sampler that runs it elsewhere (package cnuts's C
// sampler, which takes it from here rather than transcribing windows):
// the draws of warmup iterations start .. stop-1 (0-based) feed the
// estimate, and a window ends after each iteration of ends (ascending,
// the last one stop-1). With no metric window (numWarmup < 20, or
// AdaptFrom) start = stop = 0 and ends is empty. It is what advance reports iteration by
// iteration.
func (c *Config) MetricWindows() (start, stop int, ends []int) {
	w := c.windows()
	if w.next < 0 {
		return 0, 0, nil
	}
	for {
		ends = append(ends, w.next)
		w.counter = w.next
		if w.computeNext(); w.next == ends[len(ends)-1] {
			return w.initBuffer, w.numWarmup - w.termBuffer, ends
		}
	}
}

// windows is c's schedule: Stan's windows over its warmup, after its
// initial buffer; none with AdaptFrom, whose warmup keeps the saved metric
// and adapts the step size alone (newWarmup), so that MetricWindows gives
// a device sampler the same schedule.
func (c *Config) windows() windows {
	if c.AdaptFrom != nil {
		return newWindows(0, 0)
	}
	return newWindows(c.Warmup, c.InitBuffer())
}

// InitBuffer is the initial buffer of c's metric windows: Stan's
// AdaptInitBuffer or, with ShortInitBuffer, bayes's AutoInitBuffer.
func (c *Config) InitBuffer() int {
	if c.ShortInitBuffer {
		return AutoInitBuffer
	}
	return AdaptInitBuffer
}
