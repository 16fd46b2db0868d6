package main

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// chainState is what the live view shows of one chain: the sampler's
// report (sampler.ChainProgress) and how long the chain has run.
type chainState struct {
	Done        int // iterations done, warmup included
	Warmup      bool
	Divergences int
	Stepsize    float64
	Gradients   int64
	// Elapsed is the time since the chain's first iteration, up to its
	// last once it is done; zero while it waits for a core.
	Elapsed time.Duration
}

// runState is a run as the live view sees it: every chain has Iterations
// iterations to do, warmup included.
type runState struct {
	Iterations int
	Chains     []chainState
	Elapsed    time.Duration // since the run started
}

// phase is chain c's phase as the view names it.
func (r runState) phase(c chainState) string {
	switch {
	case c.Done >= r.Iterations:
		return "done"
	case c.Done == 0:
		return "waiting"
	case c.Warmup:
		return "warmup"
	}
	return "sampling"
}

// diverged reports that chain c has diverged in sampling: warmup's
// divergences (the sampler's Divergences count them during warmup) are
// usual, while it adapts, and are not marked.
func (runState) diverged(c chainState) bool {
	return c.Divergences > 0 && !c.Warmup
}

// remaining is chain c's estimated time left: its elapsed time scaled by
// the iterations it has left (warmup iterations cost more; it errs long).
func (r runState) remaining(c chainState) string {
	switch {
	case c.Done >= r.Iterations:
		return "-"
	case c.Done == 0 || c.Elapsed == 0:
		return "?"
	}
	return clock(time.Duration(float64(c.Elapsed) * float64(r.Iterations-c.Done) / float64(c.Done)))
}

// renderView draws the live view of r for a terminal width columns wide
// and height rows high: a header, then a line per chain (phase, draws,
// divergences, step size, gradients per second, elapsed and remaining
// time, as nutpie's table has them; div counts the current phase's
// divergences, and "!" marks a chain that has diverged in sampling).
// When the chains do not fit in height-1 rows, it shows the slowest that
// do, a line that counts the others and an aggregate line over all
// chains (its div: sampling's divergences; "!": some chain's; its rate
// and times from the run's wall clock). Lines are cut to width-1 columns, so that none wraps. It is a
// pure function of its arguments, for the tests.
func renderView(r runState, width, height int) []string {
	if width <= 0 {
		width = 80
	}
	if height <= 0 {
		height = 24
	}
	dw := 2*len(strconv.Itoa(r.Iterations)) + 1 // "done/total"
	row := func(mark, chain, phase, draws, div, step, rate, elapsed, remaining string) string {
		return fmt.Sprintf("%1s%5s  %-8s  %*s  %5s  %9s  %7s  %7s  %9s",
			mark, chain, phase, dw, draws, div, step, rate, elapsed, remaining)
	}
	line := func(i int, c chainState) string {
		mark, rate, elapsed := "", "-", "-"
		if r.diverged(c) {
			mark = "!"
		}
		if c.Done > 0 {
			elapsed = clock(c.Elapsed)
		}
		if c.Elapsed > 0 {
			rate = si(float64(c.Gradients) / c.Elapsed.Seconds())
		}
		step := "-"
		if c.Done > 0 {
			step = strconv.FormatFloat(c.Stepsize, 'g', 3, 64)
		}
		return row(mark, strconv.Itoa(i+1), r.phase(c), fmt.Sprintf("%d/%d", c.Done, r.Iterations),
			strconv.Itoa(c.Divergences), step, rate, elapsed, r.remaining(c))
	}

	lines := []string{row("", "chain", "phase", "draws", "div", "step size", "grad/s", "elapsed", "remaining")}
	room := height - 1 // the cursor's row stays free
	if len(r.Chains)+1 <= room {
		for i, c := range r.Chains {
			lines = append(lines, line(i, c))
		}
		return cut(lines, width)
	}

	// The chains that fit, in chain order: the running ones, slowest first,
	// then those waiting for a core, then those done; then the others
	// counted by phase, then all chains together.
	order := make([]int, len(r.Chains))
	for i := range order {
		order[i] = i
	}
	rank := func(c chainState) int {
		switch r.phase(c) {
		case "waiting":
			return r.Iterations + 1
		case "done":
			return r.Iterations + 2
		}
		return c.Done
	}
	slices.SortStableFunc(order, func(a, b int) int { return rank(r.Chains[a]) - rank(r.Chains[b]) })
	shown := order[:max(0, min(len(order), room-3))]
	slices.Sort(shown)
	for _, i := range shown {
		lines = append(lines, line(i, r.Chains[i]))
	}
	counts := map[string]int{}
	for _, i := range order[len(shown):] {
		counts[r.phase(r.Chains[i])]++
	}
	var parts []string
	for _, ph := range []string{"waiting", "warmup", "sampling", "done"} {
		if counts[ph] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", counts[ph], ph))
		}
	}
	lines = append(lines, fmt.Sprintf("%6s  %d more chains: %s", "...", len(r.Chains)-len(shown), strings.Join(parts, ", ")))

	// All chains: their sampling divergences, and the run's rate and time
	// left from the wall clock (chains wait for cores, so theirs do not add).
	done, total, div, diverged := 0, len(r.Chains)*r.Iterations, 0, false
	var grads int64
	for _, c := range r.Chains {
		done, grads = done+c.Done, grads+c.Gradients
		if r.diverged(c) {
			div, diverged = div+c.Divergences, true
		}
	}
	mark, rate, remaining := "", "-", "-"
	if diverged {
		mark = "!"
	}
	if r.Elapsed > 0 {
		rate = si(float64(grads) / r.Elapsed.Seconds())
	}
	switch {
	case done == 0:
		remaining = "?"
	case done < total:
		remaining = clock(time.Duration(float64(r.Elapsed) * float64(total-done) / float64(done)))
	}
	lines = append(lines, row(mark, "all", "", fmt.Sprintf("%d%%", 100*done/max(1, total)),
		strconv.Itoa(div), "", rate, clock(r.Elapsed), remaining))
	if len(lines) > room {
		lines = lines[len(lines)-max(1, room):] // a tiny terminal: the aggregate first
	}
	return cut(lines, width)
}

// cut cuts lines to width-1 columns (they are ASCII).
func cut(lines []string, width int) []string {
	for i, l := range lines {
		if len(l) > width-1 {
			l = l[:max(0, width-1)]
		}
		lines[i] = strings.TrimRight(l, " ")
	}
	return lines
}

// clock writes d as seconds with tenths under a minute (12.3s), then
// m:ss, and h:mm:ss from an hour.
func clock(d time.Duration) string {
	if d < time.Minute-50*time.Millisecond {
		return strconv.FormatFloat(d.Seconds(), 'f', 1, 64) + "s"
	}
	s := int64(d.Round(time.Second) / time.Second)
	if s >= 3600 {
		return fmt.Sprintf("%d:%02d:%02d", s/3600, s/60%60, s%60)
	}
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}

// si writes x with three significant digits and an SI suffix: 950, 12.3k,
// 4.56M.
func si(x float64) string {
	for _, u := range []string{"", "k", "M", "G"} {
		if x < 999.5 || u == "G" {
			return strconv.FormatFloat(x, 'f', max(0, 2-digitsBefore(x)), 64) + u
		}
		x /= 1000
	}
	return ""
}

// digitsBefore is the number of digits before x's decimal point, less one
// (0 for x < 10), so that si keeps three significant digits.
func digitsBefore(x float64) int {
	switch {
	case x >= 99.95:
		return 2
	case x >= 9.995:
		return 1
	}
	return 0
}
