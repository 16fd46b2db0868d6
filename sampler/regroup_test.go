package sampler

import (
	"math"
	"runtime"
	"slices"
	"testing"
)

func TestWindowEnds(t *testing.T) {
	tests := []struct {
		warmup int
		short  bool
		want   []int
	}{
		{1000, false, []int{100, 150, 250, 450, 950}},
		{400, false, []int{100, 150, 350}},
		{100, false, []int{90}},
		{19, false, nil},
		{500, true, []int{50, 100, 200, 450}},
	}
	for _, tt := range tests {
		if got := windowEnds(&Config{Warmup: tt.warmup, ShortInitBuffer: tt.short}); !slices.Equal(got, tt.want) {
			t.Errorf("windowEnds(warmup %d, short %v) = %v, want %v", tt.warmup, tt.short, got, tt.want)
		}
	}
}

// regroupConfig runs four chains of twoModes, two started in each mode.
func regroupConfig(regroup bool) (Config, func(int) Kernel) {
	k := twoModes{m: []float64{10, 0}, minor: -60}
	cfg := DefaultConfig()
	cfg.Metric, cfg.Regroup, cfg.Seed = LowRank, regroup, 3
	cfg.Warmup, cfg.Samples = 400, 200
	cfg.Inits = [][]float64{{-10, 0}, {10, 0}, {-10, 0}, {10, 0}}
	return cfg, func(int) Kernel { return k }
}

// A chain started in a mode with exp(-60) of the posterior mass, behind a
// valley 24 below it, stays there through warmup and sampling; with
// Regroup it continues from a chain in the main mode at the first window's
// end, and Regrouped says so.
func TestRegroupMovesChainsFromMinorMode(t *testing.T) {
	for _, regroup := range []bool{false, true} {
		cfg, newKernel := regroupConfig(regroup)
		var moves []Regrouping
		r := &result{q: make([][][]float64, cfg.Chains)}
		err := Run(cfg, newKernel, Sink{
			Draw: func(d *Draw) error {
				if !d.Warmup {
					r.q[d.Chain] = append(r.q[d.Chain], slices.Clone(d.Q))
				}
				return nil
			},
			Regrouped: func(m Regrouping) { moves = append(moves, m) },
		})
		if err != nil {
			t.Fatal(err)
		}
		for c, x := range r.coord(0) {
			mean := 0.0
			for _, v := range x {
				mean += v / float64(len(x))
			}
			inMinor := c%2 == 0 && !regroup
			if inMinor && !(mean < -9) || !inMinor && !(mean > 9) {
				t.Errorf("Regroup %v: chain %d's mean of q[0] is %.2f, want near %v", regroup, c+1, mean, map[bool]int{true: -10, false: 10}[inMinor])
			}
		}
		if !regroup {
			if len(moves) > 0 {
				t.Errorf("without Regroup: moves %+v", moves)
			}
			continue
		}
		if len(moves) != 2 {
			t.Fatalf("moves %+v, want chains 1 and 3 moved", moves)
		}
		for i, m := range moves {
			if m.Iteration != 100 || m.Chain != 2*i || m.To%2 != 1 || !(m.Gap > 50 && m.Gap < 70) {
				t.Errorf("move %d: %+v, want chain %d moved to chain 2 or 4 at iteration 100 with a gap near 60", i, m, 2*i)
			}
		}
	}
}

// Chains in one mode are left alone: the draws with Regroup are those
// without, bit for bit, whatever GOMAXPROCS is.
func TestRegroupLeavesOneModeAlone(t *testing.T) {
	run := func(regroup bool, procs int) *result {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
		cfg := DefaultConfig()
		cfg.Metric, cfg.Regroup, cfg.Seed, cfg.Warmup, cfg.Samples = LowRank, regroup, 7, 300, 100
		mvn, _ := corr2(0.9)
		r, err := collect(t, cfg, func(int) Kernel { return mvn })
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	want := run(false, 2)
	for _, procs := range []int{1, 2} {
		got := run(true, procs)
		for c := range want.q {
			for i := range want.q[c] {
				if !slices.Equal(got.q[c][i], want.q[c][i]) {
					t.Fatalf("GOMAXPROCS %d: chain %d draw %d: %v with Regroup, %v without", procs, c+1, i, got.q[c][i], want.q[c][i])
				}
			}
		}
	}
}

// The score ranks a wide region above a narrow spike of higher density
// when the spike holds less mass.
func TestWindowSpreadScore(t *testing.T) {
	score := func(sd, lp float64) float64 {
		w := newWindowSpread(2, &Config{Warmup: 1000})
		for it := range 100 { // the first window: iterations 75 to 99
			x := sd * float64(it%5-2)
			w.add([]float64{x, -x}, lp)
		}
		return w.score()
	}
	// sd 1 around log density -10, against sd 0.01 around -5: the spike's
	// Gaussian log mass is 2 log(0.01) + 5 = -4.2 below.
	wide, spike := score(1, -10), score(0.01, -5)
	if gap := wide - spike; math.Abs(gap-(-2*math.Log(0.01)-5)) > 1e-9 {
		t.Errorf("wide %.3f, spike %.3f: gap %.3f, want %.3f", wide, spike, gap, -2*math.Log(0.01)-5)
	}
	if s := newWindowSpread(2, &Config{Warmup: 1000}).score(); !math.IsInf(s, -1) {
		t.Errorf("empty window's score %v, want -Inf", s)
	}
}

// Only the second half of each window counts: a chain that jumps from
// log density -60 to 0 within the window scores by where it arrived.
func TestWindowSpreadSecondHalf(t *testing.T) {
	for _, tt := range []struct {
		cfg          Config
		window       [2]int // first and last iteration
		firstCounted int
	}{
		{Config{Warmup: 1000}, [2]int{75, 99}, 87},
		{Config{Warmup: 1000}, [2]int{450, 949}, 700},
		{Config{Warmup: 500, ShortInitBuffer: true}, [2]int{100, 199}, 150},
	} {
		w := newWindowSpread(1, &tt.cfg)
		for it := range tt.window[1] + 1 {
			if it == tt.window[0] {
				w.restart() // as regroup does at the window before's end
			}
			lp := -60.0
			if it >= tt.firstCounted {
				lp = 0
			}
			w.add([]float64{float64(it % 3)}, lp)
		}
		if n, want := w.lp.n, tt.window[1]+1-tt.firstCounted; n != want || w.lp.mean[0] != 0 {
			t.Errorf("warmup %d, window %v: %d draws counted, mean log density %v; want %d and 0",
				tt.cfg.Warmup, tt.window, n, w.lp.mean[0], want)
		}
	}
}
