package plot

import (
	"bytes"
	"flag"
	"fmt"
	"image/png"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/plot/vg"
)

var update = flag.Bool("update", false, "rewrite the example PNGs in testdata/ (look at them before committing)")

// kinds are the plots of a run, each called as the command line would.
var kinds = []struct {
	name string
	make func(r *Run) (*Figure, error)
}{
	{"trace", func(r *Run) (*Figure, error) { return Trace(r) }},
	{"rank", func(r *Run) (*Figure, error) { return Rank(r) }},
	{"density", func(r *Run) (*Figure, error) { return Density(r) }},
	{"pairs", func(r *Run) (*Figure, error) { return Pairs(r, "theta[1]", "log(tau)") }},
	{"pairs_grid", func(r *Run) (*Figure, error) { return Pairs(r, "mu", "theta[1]", "log(tau)") }},
	{"energy", func(r *Run) (*Figure, error) { return Energy(r) }},
	{"autocorrelation", func(r *Run) (*Figure, error) { return Autocorrelation(r, "mu", "tau", "theta") }},
}

// pixels is the PNG size of a length at the 96 dpi of gonum's vgimg.
func pixels(l vg.Length) int { return int(math.Round(float64(l/vg.Inch) * 96)) }

func TestRender(t *testing.T) {
	r := funnelRun(1, 4, 400, 4)
	dir := t.TempDir()
	for _, k := range kinds {
		for _, ext := range []string{".png", ".svg"} {
			t.Run(k.name+ext, func(t *testing.T) {
				f, err := k.make(r)
				if err != nil {
					t.Fatal(err)
				}
				path := filepath.Join(dir, k.name+ext)
				if err := f.Save(path); err != nil {
					t.Fatal(err)
				}
				data, err := os.ReadFile(path)
				if err != nil {
					t.Fatal(err)
				}
				if len(data) < 1000 {
					t.Fatalf("%s: %d bytes; want a drawn figure", path, len(data))
				}
				if ext == ".svg" {
					if !bytes.Contains(data, []byte("<svg")) {
						t.Fatalf("%s: no <svg> element", path)
					}
					return
				}
				img, err := png.Decode(bytes.NewReader(data))
				if err != nil {
					t.Fatalf("%s: %v", path, err)
				}
				b := img.Bounds()
				if b.Dx() != pixels(f.Width) || b.Dy() != pixels(f.Height) {
					t.Errorf("%s: %dx%d px; want %dx%d", path, b.Dx(), b.Dy(), pixels(f.Width), pixels(f.Height))
				}
				if b.Dx() > 1200 || b.Dy() > 1000 {
					t.Errorf("%s: %dx%d px does not fit a screen", path, b.Dx(), b.Dy())
				}
			})
		}
	}
}

// TestLayout checks panel counts, grid columns and legends.
func TestLayout(t *testing.T) {
	r := funnelRun(1, 4, 100, 4)
	tests := []struct {
		name         string
		make         func() (*Figure, error)
		panels, cols int
		legend       []string
	}{
		{"trace all", func() (*Figure, error) { return Trace(r) }, 6, 3, []string{"chain 1", "chain 2", "chain 3", "chain 4", "divergent"}},
		{"trace container", func() (*Figure, error) { return Trace(r, "theta") }, 4, 4, nil},
		{"density one", func() (*Figure, error) { return Density(r, "tau") }, 1, 1, nil},
		{"pairs two", func() (*Figure, error) { return Pairs(r, "theta[1]", "log(tau)") }, 1, 1, []string{"draw", "divergent"}},
		// Three or more quantities: a matrix, the cells above the diagonal empty.
		{"pairs three", func() (*Figure, error) { return Pairs(r, "mu", "theta[1]", "log(tau)") }, 9, 3, []string{"draw", "divergent"}},
		{"pairs four", func() (*Figure, error) { return Pairs(r, "mu", "tau", "theta[1]", "theta[2]") }, 16, 4, nil},
		{"rank", func() (*Figure, error) { return Rank(r, "mu", "tau") }, 2, 2,
			[]string{"chain 1", "chain 2", "chain 3", "chain 4", "uniform", "99% if uniform"}},
		{"energy", func() (*Figure, error) { return Energy(r) }, 1, 1,
			[]string{"marginal energy E - mean(E)", "energy transition E(n) - E(n-1)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := tt.make()
			if err != nil {
				t.Fatal(err)
			}
			if len(f.Panels) != tt.panels || f.Cols != tt.cols {
				t.Errorf("%d panels in %d columns; want %d in %d", len(f.Panels), f.Cols, tt.panels, tt.cols)
			}
			if tt.legend != nil {
				var got []string
				for _, e := range f.Legend {
					got = append(got, e.Label)
				}
				if strings.Join(got, "|") != strings.Join(tt.legend, "|") {
					t.Errorf("legend %q; want %q", got, tt.legend)
				}
			}
		})
	}
}

// TestThousandsOfChains: trace, rank, density and autocorrelation plots
// draw the first maxDrawnChains chains' lines and say so; the legend
// counts those.
func TestThousandsOfChains(t *testing.T) {
	r := funnelRun(3, 1000, 40, 1)
	for _, draw := range []func(*Run, ...string) (*Figure, error){Trace, Rank, Density, Autocorrelation} {
		f, err := draw(r)
		if err != nil {
			t.Fatal(err)
		}
		if want := "Drawing the first 32 of 1000 chains"; !strings.Contains(f.Note, want) {
			t.Errorf("%s: note %q; want it to contain %q", f.Title, f.Note, want)
		}
		if last := f.Legend[maxLegendChains].Label; last != "+22 more (colours repeat)" {
			t.Errorf("%s: legend ends %q, want the 22 drawn chains past the first 10", f.Title, last)
		}
	}
}

// TestManyChainsAndQuantities: 13 chains and 30 quantities are capped at
// 10 legend entries plus a count, and MaxPanels panels plus a note.
func TestManyChainsAndQuantities(t *testing.T) {
	r := funnelRun(2, 13, 60, 28)
	f, err := Trace(r)
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Panels) != MaxPanels || f.Cols != MaxCols {
		t.Errorf("%d panels in %d columns; want %d in %d", len(f.Panels), f.Cols, MaxPanels, MaxCols)
	}
	if want := "Showing the first 16 of 30 quantities"; !strings.HasPrefix(f.Note, want) {
		t.Errorf("note %q; want it to start %q", f.Note, want)
	}
	if len(f.Legend) != 12 || f.Legend[10].Label != "+3 more (colours repeat)" || f.Legend[11].Label != "divergent" {
		t.Errorf("legend has %d entries, the 11th %q; want 12, \"+3 more (colours repeat)\" then \"divergent\"", len(f.Legend), f.Legend[10].Label)
	}
	if rows := f.legendRows(textWidth(f.Width)); len(rows) > 2 {
		t.Errorf("legend in %d rows on a %v-wide figure; want at most 2", len(rows), f.Width)
	}
	var buf bytes.Buffer
	if err := f.write(&buf, "png"); err != nil {
		t.Fatal(err)
	}
	// Chain 2's energy climbs by 1 each draw: E-BFMI = (n-1) / (n(n²-1)/12)
	// = 12/(n(n+1)) = 12/3660 for n = 60, far below 0.3.
	for i := range r.Energy[1] {
		r.Energy[1][i] = float64(i)
	}
	f, err = Energy(r)
	if err != nil {
		t.Fatal(err)
	}
	want := fmt.Sprintf("2: %.2f (low)", 12.0/3660)
	if !slices.Contains(f.Subtitle, want) {
		t.Errorf("energy subtitle %q; want it to contain %q", f.Subtitle, want)
	}
	if len(f.Subtitle) != 11 || !strings.HasPrefix(f.Subtitle[0], "E-BFMI below 0.3 in 1 of 13 chains") || f.Subtitle[1] != want {
		t.Errorf("energy subtitle %q; want a count and the 10 lowest chains, chain 2 first", f.Subtitle)
	}
}

// TestPairsLogSpec checks that "log(tau)" plots the log of tau's draws and
// counts the divergent draws.
func TestPairsLogSpec(t *testing.T) {
	r := funnelRun(3, 2, 300, 1)
	f, err := Pairs(r, "theta[1]", "log(tau)")
	if err != nil {
		t.Fatal(err)
	}
	p := f.Panels[0]
	if p.X.Label.Text != "theta[1]" || p.Y.Label.Text != "log(tau)" {
		t.Errorf("axes %q, %q; want theta[1], log(tau)", p.X.Label.Text, p.Y.Label.Text)
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	div := 0
	for c, d := range r.Draws[1] {
		for i, tau := range d {
			lo, hi = math.Min(lo, math.Log(tau)), math.Max(hi, math.Log(tau))
			if r.Divergent[c][i] {
				div++
			}
		}
	}
	if p.Y.Min != lo || p.Y.Max != hi {
		t.Errorf("y range [%g, %g]; want the range of log(tau) [%g, %g]", p.Y.Min, p.Y.Max, lo, hi)
	}
	if div == 0 {
		t.Fatal("the synthetic run has no divergent draws; the test would not test them")
	}
	if want := fmt.Sprintf("(%d divergent of 600 draws)", div); !strings.Contains(f.Title, want) {
		t.Errorf("title %q; want it to contain %q", f.Title, want)
	}
}

// TestBadInput: every user mistake is an error that names it; no panic.
func TestBadInput(t *testing.T) {
	good := func() *Run { return funnelRun(4, 2, 20, 2) }
	tests := []struct {
		name string
		edit func(r *Run)
		plot func(r *Run) (*Figure, error)
		want string
	}{
		{"nil run", func(r *Run) { *r = Run{} }, func(r *Run) (*Figure, error) { return Trace(r) }, "no quantities"},
		{"names and draws", func(r *Run) { r.Names = r.Names[:3] }, func(r *Run) (*Figure, error) { return Trace(r) },
			"3 names but draws for 4 quantities"},
		{"chain length", func(r *Run) { r.Draws[2][1] = r.Draws[2][1][:19] }, func(r *Run) (*Figure, error) { return Rank(r) },
			"theta[1]: chain 2 has 19 draws, but chain 1 of mu has 20"},
		{"chain count", func(r *Run) { r.Draws[1] = r.Draws[1][:1] }, func(r *Run) (*Figure, error) { return Density(r) },
			"tau: 1 chains, but mu has 2"},
		{"divergent length", func(r *Run) { r.Divergent[0] = r.Divergent[0][:5] }, func(r *Run) (*Figure, error) { return Pairs(r, "mu", "tau") },
			"divergent: chain 1 has 5 values"},
		{"energy chains", func(r *Run) { r.Energy = r.Energy[:1] }, func(r *Run) (*Figure, error) { return Energy(r) },
			"energy: 1 chains, but the draws have 2"},
		{"duplicate name", func(r *Run) { r.Names[1] = "mu" }, func(r *Run) (*Figure, error) { return Trace(r) }, "mu: name given twice"},
		{"unknown pair", func(r *Run) {}, func(r *Run) (*Figure, error) { return Pairs(r, "thet[1]", "log(tau)") },
			`pairs: unknown quantity "thet[1]" in "thet[1]"; did you mean "theta[1]"?`},
		{"unknown in log", func(r *Run) {}, func(r *Run) (*Figure, error) { return Pairs(r, "theta[1]", "log(sigma)") },
			`unknown quantity "sigma" in "log(sigma)"; the run has mu, tau, theta[1], theta[2]`},
		{"log of negative", func(r *Run) { r.Draws[0] = [][]float64{ones(20), ones(20)}; r.Draws[0][1][7] = -0.5 }, func(r *Run) (*Figure, error) { return Pairs(r, "log(mu)", "tau") },
			"pairs: log(mu): draw 8 of chain 2 is -0.5; log needs positive draws"},
		{"log of zero", func(r *Run) { r.Draws[1][0][0] = 0 }, func(r *Run) (*Figure, error) { return Trace(r, "log(tau)") },
			"log(tau): draw 1 of chain 1 is 0; log needs positive draws"},
		{"NaN draw", func(r *Run) { r.Draws[3][0][2] = math.NaN() }, func(r *Run) (*Figure, error) { return Autocorrelation(r) },
			"theta[2]: draw 3 of chain 1 is NaN; only finite draws"},
		{"one pair quantity", func(r *Run) {}, func(r *Run) (*Figure, error) { return Pairs(r, "tau") }, "need at least two quantities"},
		{"no energy", func(r *Run) { r.Energy = nil }, func(r *Run) (*Figure, error) { return Energy(r) }, "no energy__ values"},
		{"infinite energy", func(r *Run) { r.Energy[1][3] = math.Inf(1) }, func(r *Run) (*Figure, error) { return Energy(r) },
			"energy__ 4 of chain 2 is +Inf"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := good()
			tt.edit(r)
			_, err := tt.plot(r)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v; want one containing %q", err, tt.want)
			}
		})
	}
	t.Run("nil pointer", func(t *testing.T) {
		if _, err := Trace(nil); err == nil {
			t.Error("Trace(nil) gave no error")
		}
	})
	t.Run("save extension", func(t *testing.T) {
		f, err := Trace(good(), "mu")
		if err != nil {
			t.Fatal(err)
		}
		err = f.Save(filepath.Join(t.TempDir(), "trace.jpg"))
		if err == nil || !strings.Contains(err.Error(), `cannot save a plot as ".jpg"; use a .png or .svg file name`) {
			t.Errorf("error %v; want the extension named", err)
		}
	})
}

// ones returns n ones.
func ones(n int) []float64 {
	x := make([]float64, n)
	for i := range x {
		x[i] = 1
	}
	return x
}

// TestExamples writes (with -update) and checks the example PNGs in
// testdata/: the eight-schools funnel, a pairs matrix, the rank plots, a
// long trace and the energy plots of 8 and 5000 chains of the synthetic
// run. They are for people to look at, so they are not compared byte for
// byte; the test checks they exist, decode, and stay small.
func TestExamples(t *testing.T) {
	r := funnelRun(1, 4, 500, 4)
	examples := []struct {
		file string
		make func() (*Figure, error)
	}{
		{"pairs_funnel.png", func() (*Figure, error) { return Pairs(r, "theta[1]", "log(tau)") }},
		{"pairs_matrix.png", func() (*Figure, error) { return Pairs(r, "mu", "theta[1]", "log(tau)") }},
		{"rank.png", func() (*Figure, error) { return Rank(r) }},
		// make run's shape: 8 chains of 5000 draws, thinned, divergences in the rug.
		{"trace_long.png", func() (*Figure, error) { return Trace(funnelRun(1, 8, 5000, 2)) }},
		{"energy_8_chains.png", func() (*Figure, error) { return Energy(funnelRun(1, 8, 500, 1)) }},
		{"energy_5000_chains.png", func() (*Figure, error) { return Energy(funnelRun(1, 5000, 20, 1)) }},
	}
	for _, ex := range examples {
		t.Run(ex.file, func(t *testing.T) {
			path := filepath.Join("testdata", ex.file)
			if *update {
				f, err := ex.make()
				if err != nil {
					t.Fatal(err)
				}
				if err := f.Save(path); err != nil {
					t.Fatal(err)
				}
			}
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to write it)", err)
			}
			if _, err := png.Decode(bytes.NewReader(data)); err != nil {
				t.Errorf("%s: %v", path, err)
			}
			if len(data) > 200<<10 {
				t.Errorf("%s: %d bytes; keep examples under 200 KiB", path, len(data))
			}
		})
	}
}

// TestConstantQuantity: a quantity fixed at one value (a constant chain
// has no spread, no bandwidth and no autocorrelation) still plots.
func TestConstantQuantity(t *testing.T) {
	r := funnelRun(5, 2, 50, 1)
	r.Names = append(r.Names, "sigma")
	r.Draws = append(r.Draws, [][]float64{ones(50), ones(50)})
	for _, k := range kinds {
		t.Run(k.name, func(t *testing.T) {
			f, err := k.make(r)
			if err != nil {
				t.Fatal(err)
			}
			if err := f.write(io.Discard, "png"); err != nil {
				t.Fatal(err)
			}
		})
	}
	for _, k := range []struct {
		name string
		plot func(*Run, ...string) (*Figure, error)
	}{{"density", Density}, {"autocorrelation", Autocorrelation}, {"rank", Rank}, {"trace", Trace}} {
		t.Run(k.name+" sigma", func(t *testing.T) {
			f, err := k.plot(r, "sigma", "log(sigma)")
			if err != nil {
				t.Fatal(err)
			}
			if k.name != "trace" && f.Panels[1].Title.Text != "log(sigma) (constant 0)" {
				t.Errorf("panel title %q; want \"log(sigma) (constant 0)\"", f.Panels[1].Title.Text)
			}
			if err := f.write(io.Discard, "svg"); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// TestTinyRuns: one chain of one or two draws gives a figure or an error,
// never a panic.
func TestTinyRuns(t *testing.T) {
	for _, iters := range []int{1, 2} {
		r := funnelRun(6, 1, iters, 1)
		for _, k := range kinds {
			t.Run(fmt.Sprintf("%s/%d", k.name, iters), func(t *testing.T) {
				f, err := k.make(r)
				needsTwo := k.name == "energy" || k.name == "autocorrelation"
				if iters == 1 && needsTwo {
					if err == nil || !strings.Contains(err.Error(), "at least 2") && !strings.Contains(err.Error(), "at least two") {
						t.Fatalf("error %v; want one saying two draws are needed", err)
					}
					return
				}
				if err != nil {
					t.Fatal(err)
				}
				if err := f.write(io.Discard, "png"); err != nil {
					t.Fatal(err)
				}
			})
		}
	}
}
