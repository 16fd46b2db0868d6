package plot

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
)

// TestDefaultKindsAreAllKinds: --plots and bayes plot without --kind draw
// every kind, density and acf included, in the order of Kinds.
func TestDefaultKindsAreAllKinds(t *testing.T) {
	var all []string
	for _, k := range Kinds {
		all = append(all, k.Name)
	}
	if !slices.Equal(DefaultKinds, all) {
		t.Errorf("DefaultKinds = %v; want every kind, %v", DefaultKinds, all)
	}
}

// TestHeaderFits: the title and subtitle of the energy plot fit the
// figure's width, whatever the number of chains (8 chains' E-BFMI once ran
// off both edges), and leave most of the figure to the plot (5,000
// chains' list once filled it, leaving a blank image).
func TestHeaderFits(t *testing.T) {
	for _, chains := range []int{1, 4, 8, 10, 11, 16, 5000} {
		r := funnelRun(7, chains, 20, 1)
		lowEBFMI(r)
		f, err := Energy(r)
		if err != nil {
			t.Fatal(err)
		}
		width := textWidth(f.Width)
		for _, line := range strings.Split(f.Title, "\n") {
			if w := textStyle(titleSize).Width(line); w > width {
				t.Errorf("%d chains: title line %q is %v wide; the figure has %v", chains, line, w, width)
			}
		}
		lines := f.subtitleLines(width)
		for _, line := range lines {
			if w := textStyle(subtitleSize).Width(line); w > width {
				t.Errorf("%d chains: subtitle line %q is %v wide; the figure has %v", chains, line, w, width)
			}
		}
		if len(lines) > 3 {
			t.Errorf("%d chains: the subtitle takes %d lines; want at most 3: %q", chains, len(lines), lines)
		}
		if h := f.header(f.Width); h > f.Height/4 {
			t.Errorf("%d chains: the header is %v high on a %v-high figure; want at most a quarter", chains, h, f.Height)
		}
		// Every chain by name up to maxListedEBFMI, then the lowest
		// maxListedEBFMI after a count.
		want := min(chains, maxListedEBFMI)
		if len(f.Subtitle) != want+1 {
			t.Errorf("%d chains: %d subtitle items; want a heading and %d chains: %q", chains, len(f.Subtitle), want, f.Subtitle)
		}
		if chains > maxListedEBFMI && !strings.Contains(f.Subtitle[0], fmt.Sprintf("of %d chains", chains)) {
			t.Errorf("%d chains: the subtitle %q does not count the low chains", chains, f.Subtitle[0])
		}
	}
}

// lowEBFMI makes the energy of every chain drift, a step of 1 and a
// wiggle: E-BFMI below 0.3, the longest subtitle items ("3: 0.03 (low)").
func lowEBFMI(r *Run) {
	for c, e := range r.Energy {
		for i := range e {
			e[i] = float64(i) + 0.1*float64((c+i)%3)
		}
	}
}

// TestEBFMIItemsLowestFirst: past maxListedEBFMI chains the subtitle names
// the lowest, lowest first, NaN (a constant energy) last and not counted
// as low.
func TestEBFMIItemsLowestFirst(t *testing.T) {
	bfmi := make([]float64, 20)
	for c := range bfmi {
		bfmi[c] = 1 + float64(c)/10
	}
	bfmi[13], bfmi[4], bfmi[7] = 0.05, 0.2, math.NaN()
	items := ebfmiItems(bfmi)
	want := []string{"E-BFMI below 0.3 in 2 of 20 chains, median 1.90; the lowest by chain:", "14: 0.05 (low)", "5: 0.20 (low)", "1: 1.00"}
	if !slices.Equal(items[:4], want) {
		t.Errorf("items start %q; want %q", items[:4], want)
	}
	if len(items) != 1+maxListedEBFMI || slices.Contains(items, "8: NaN") {
		t.Errorf("%d items %q; want %d, the NaN chain past the lowest", len(items), items, 1+maxListedEBFMI)
	}
}

// TestTraceThinned: a long trace is thinned to at most maxTracePoints per
// chain, every k-th draw at its iteration, and says so; the divergent
// draws of the drawn chains, every one, are in the rug and the legend.
func TestTraceThinned(t *testing.T) {
	r := funnelRun(8, 8, 5000, 1)
	f, err := Trace(r, "tau")
	if err != nil {
		t.Fatal(err)
	}
	if want := "every 34th drawn"; !strings.Contains(f.Title, want) {
		t.Errorf("title %q; want it to say %q", f.Title, want)
	}
	step := traceStep(5000)
	pts := thinned(r.Draws[1][2], step)
	if len(pts) > maxTracePoints || pts[1].X != float64(step) || pts[1].Y != r.Draws[1][2][step] {
		t.Errorf("thinned to %d points, the second %v; want at most %d, the second at iteration %d", len(pts), pts[1], maxTracePoints, step)
	}
	div := 0
	for _, d := range r.Divergent {
		for _, b := range d {
			if b {
				div++
			}
		}
	}
	if got := len(r.divergentIterations(8)); got != div || div == 0 {
		t.Errorf("%d draws in the rug; want the %d divergent draws", got, div)
	}
	if last := f.Legend[len(f.Legend)-1].Label; last != "divergent" {
		t.Errorf("legend ends %q; want the divergent marks", last)
	}
	for _, tt := range []struct{ n, step int }{{1, 1}, {150, 1}, {151, 2}, {5000, 34}, {100000, 667}} {
		if got := traceStep(tt.n); got != tt.step || (tt.n+got-1)/got > maxTracePoints {
			t.Errorf("traceStep(%d) = %d; want %d", tt.n, got, tt.step)
		}
	}
	if got := ordinal(34) + ordinal(21) + ordinal(12) + ordinal(2) + ordinal(103); got != "34th21st12th2nd103rd" {
		t.Errorf("ordinals %q", got)
	}
}

// TestPairsMatrix: three quantities give a 3 x 3 matrix: histograms on the
// diagonal titled by quantity, scatter plots below, nothing above; each
// column shares its quantity's x range, each row below the diagonal its
// y range; only the outer axes are labelled.
func TestPairsMatrix(t *testing.T) {
	r := funnelRun(9, 2, 300, 1)
	f, err := Pairs(r, "mu", "theta[1]", "log(tau)")
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Panels) != 9 || f.Cols != 3 {
		t.Fatalf("%d panels in %d columns; want 9 in 3", len(f.Panels), f.Cols)
	}
	labels := []string{"mu", "theta[1]", "log(tau)"}
	ss, err := r.selectSeries(labels)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		for j := range 3 {
			p := f.Panels[i*3+j]
			if j > i {
				if p != nil {
					t.Errorf("cell (%d, %d) above the diagonal is drawn", i, j)
				}
				continue
			}
			if p == nil {
				t.Fatalf("cell (%d, %d) is empty", i, j)
			}
			lo, hi := spreadRange(pooled(ss[j].draws))
			if p.X.Min != lo || p.X.Max != hi {
				t.Errorf("cell (%d, %d): x range [%g, %g]; want %s's [%g, %g]", i, j, p.X.Min, p.X.Max, labels[j], lo, hi)
			}
			if i == j {
				if p.Title.Text != labels[i] {
					t.Errorf("diagonal %d titled %q; want %q", i, p.Title.Text, labels[i])
				}
				continue
			}
			lo, hi = spreadRange(pooled(ss[i].draws))
			if p.Y.Min != lo || p.Y.Max != hi {
				t.Errorf("cell (%d, %d): y range [%g, %g]; want %s's [%g, %g]", i, j, p.Y.Min, p.Y.Max, labels[i], lo, hi)
			}
			wantX, wantY := "", ""
			if i == 2 {
				wantX = labels[j]
			}
			if j == 0 {
				wantY = labels[i]
			}
			if p.X.Label.Text != wantX || p.Y.Label.Text != wantY {
				t.Errorf("cell (%d, %d): axes labelled %q, %q; want %q, %q", i, j, p.X.Label.Text, p.Y.Label.Text, wantX, wantY)
			}
		}
	}
	// More than MaxCols quantities: the first MaxCols, and a note.
	r = funnelRun(9, 2, 50, 4)
	f, err = Pairs(r)
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Panels) != MaxCols*MaxCols || !strings.HasPrefix(f.Note, "Showing the first 4 of 6 quantities") {
		t.Errorf("%d panels, note %q; want %d and the quantities left out", len(f.Panels), f.Note, MaxCols*MaxCols)
	}
	if w, h := pixels(f.Width), pixels(f.Height); w > 1200 || h > 1000 {
		t.Errorf("the 4 x 4 matrix is %dx%d px; it does not fit a screen", w, h)
	}
}
