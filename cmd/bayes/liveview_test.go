package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bayes-dev/bayes/sampler"
)

// warm, sampling, done and waiting make chain states for the view's tests.
func warm(done, div int, step float64) chainState {
	return chainState{Done: done, Warmup: true, Divergences: div, Stepsize: step,
		Gradients: int64(done) * 15, Elapsed: time.Duration(done) * time.Millisecond}
}

func sampling(done, div int, step float64) chainState {
	c := warm(done, div, step)
	c.Warmup = false
	return c
}

var waiting = chainState{}

// TestRenderView: the live view of a few runs' states, against golden
// text in testdata/liveview (go test ./cmd/bayes -run TestRenderView
// -update rewrites them; read them before committing).
func TestRenderView(t *testing.T) {
	many := make([]chainState, 20)
	for i := range many {
		many[i] = sampling(1500+50*i, 0, 0.3)
	}
	many[3], many[17], many[9] = warm(800, 2, 0.9), sampling(1200, 4, 0.2), waiting
	many[19] = sampling(2000, 1, 0.25)
	for _, tc := range []struct {
		name          string
		run           runState
		width, height int
	}{
		{"warmup", runState{2000, []chainState{warm(10, 0, 0.5), warm(312, 3, 0.0734), warm(999, 1, 1.2), warm(1000, 0, 0.41)}, 0}, 100, 40},
		{"mixed", runState{2000, []chainState{waiting, warm(500, 2, 0.12), sampling(1500, 0, 0.351), sampling(2000, 0, 0.348)}, 0}, 100, 40},
		{"divergent", runState{21000, []chainState{sampling(15000, 12, 0.2), sampling(21000, 0, 0.31), warm(900, 7, 0.05), sampling(21000, 3, 0.19)}, 0}, 100, 40},
		{"more-chains-than-lines", runState{2000, many, 3 * time.Second}, 100, 8},
		{"narrow", runState{2000, []chainState{warm(10, 0, 0.5), sampling(1500, 4, 0.3)}, 0}, 40, 40},
		{"tiny", runState{2000, many, 3 * time.Second}, 100, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			lines := renderView(tc.run, tc.width, tc.height)
			for _, l := range lines {
				if len(l) >= tc.width {
					t.Errorf("a line of %d columns on a terminal of %d: %q", len(l), tc.width, l)
				}
			}
			if len(lines) >= tc.height {
				t.Errorf("%d lines on a terminal of %d rows", len(lines), tc.height)
			}
			compareGolden(t, filepath.Join("testdata", "liveview", tc.name+".txt"), strings.Join(lines, "\n")+"\n")
		})
	}
}

// TestRedraw: a redraw goes up over the lines drawn before, overwrites
// each row and clears what a shorter block leaves.
func TestRedraw(t *testing.T) {
	for _, tc := range []struct {
		name  string
		prev  int
		lines []string
		want  string
	}{
		{"first", 0, []string{"a", "b"}, "\ra\x1b[K\n\rb\x1b[K\n"},
		{"again", 2, []string{"a", "c"}, "\x1b[2A\ra\x1b[K\n\rc\x1b[K\n"},
		{"shorter", 3, []string{"a"}, "\x1b[3A\ra\x1b[K\n\x1b[J"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := redraw(tc.prev, tc.lines); got != tc.want {
				t.Errorf("redraw(%d, %q) = %q, want %q", tc.prev, tc.lines, got, tc.want)
			}
		})
	}
}

func TestClockAndSI(t *testing.T) {
	for d, want := range map[time.Duration]string{
		0: "0.0s", 1449 * time.Millisecond: "1.4s", 59949 * time.Millisecond: "59.9s", 59951 * time.Millisecond: "1:00",
		75 * time.Second: "1:15", 3725 * time.Second: "1:02:05",
	} {
		if got := clock(d); got != want {
			t.Errorf("clock(%v) = %q, want %q", d, got, want)
		}
	}
	for x, want := range map[float64]string{
		0: "0.00", 9.5: "9.50", 42: "42.0", 950: "950", 999.4: "999", 999.6: "1.00k", 12345: "12.3k", 4.56e6: "4.56M", 7e12: "7000G",
	} {
		if got := si(x); got != want {
			t.Errorf("si(%v) = %q, want %q", x, got, want)
		}
	}
}

// TestConsoleOffTerminal: off a terminal (a buffer, a pipe) and with
// --quiet on one, the console draws nothing, not even the final view.
func TestConsoleOffTerminal(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var buf bytes.Buffer
	for _, p := range []*console{{w: &buf}, {w: w}, {w: os.Stderr, quiet: true}} {
		p.interrupt = func() {}
		p.Start(2, 10)
		for i := range 10 {
			p.Update(&sampler.ChainProgress{Chain: i % 2, Done: i/2 + 1, Warmup: i < 10})
		}
		p.Done()
	}
	w.Close()
	if n, _ := r.Read(make([]byte, 1)); n != 0 || buf.Len() != 0 {
		t.Errorf("drew %d bytes on a pipe and %q in a buffer", n, buf.String())
	}
}

// TestConsoleUpdateAllocs: Update, on the sampler's hot path, allocates
// nothing.
func TestConsoleUpdateAllocs(t *testing.T) {
	p := &console{w: &bytes.Buffer{}, interrupt: func() {}}
	p.Start(2, 100)
	defer p.Done()
	cp := &sampler.ChainProgress{Chain: 1, Done: 5, Warmup: true, Divergences: 1, Stepsize: 0.3, Gradients: 70}
	if n := testing.AllocsPerRun(100, func() { p.Update(cp) }); n != 0 {
		t.Errorf("Update: %v allocations, want 0", n)
	}
}
