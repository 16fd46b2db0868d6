package zarr

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/bayes-dev/bayes/runfiles"
)

// TestReadRun writes stores as a finished, a stopped (Ctrl-C: Close) and a
// killed run (no Close) leave them, and reads each chain back: exactly the
// rows it wrote and that are whole on disk, in the CSV's columns, never a
// NaN row.
func TestReadRun(t *testing.T) {
	names := []string{"mu", "a[1,1]", "a[2,1]", "a[1,2]", "a[2,2]", "log_lik[1]", "log_lik[2]", "y_rep[1]"}
	for _, tt := range []struct {
		name   string
		writes []int // draws each chain writes (of 250, in blocks of 84)
		close  bool
		remove string // a chunk file removed after, as a kill between a cell's arrays leaves it
		want   []int  // draws read back
		note   string
	}{
		{"finished", []int{250, 250, 250}, true, "", []int{250, 250, 250}, ""},
		{"stopped", []int{120, 0, 201}, true, "", []int{120, 0, 201}, "stopped early"},
		// Killed: a chunk row is written once all its chains have the
		// block's draws, so chains 0 and 1 lose their draws after 84.
		{"killed", []int{200, 250, 100}, false, "", []int{84, 84, 84}, "the run was killed"},
		{"killed in block", []int{200, 250, 170}, false, "", []int{168, 168, 168}, "the run was killed"},
		{"killed between arrays", []int{200, 250, 170}, false, "posterior_predictive/y_rep/0.1.0", []int{84, 84, 84}, "the run was killed"},
		{"killed before a chunk", []int{200, 250, 10}, false, "", []int{0, 0, 0}, "the run was killed"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "draws.zarr")
			s, err := Create(dir, Spec{Names: names, LogLik: "log_lik", PosteriorPredictive: []string{"y_rep"},
				Chains: 3, Draws: 250, ChainOffset: 4, MetricSize: 5,
				Attrs: map[string]any{"model": "m", "seed": uint64(1) << 60, "max_depth": 10}})
			if err != nil {
				t.Fatal(err)
			}
			for c, n := range tt.writes {
				for d := range n {
					if err := s.WriteDraw(c, d, row(c, d, len(names))); err != nil {
						t.Fatal(err)
					}
				}
				s.SetAdaptation(c, 0.5, []float64{1, 2, 3, 4, float64(c)})
			}
			if tt.close {
				if err := s.Close(); err != nil {
					t.Fatal(err)
				}
			}
			if tt.remove != "" {
				if err := os.Remove(filepath.Join(dir, tt.remove)); err != nil {
					t.Fatal(err)
				}
			}
			chains, note, err := ReadRun(dir)
			if err != nil {
				t.Fatal(err)
			}
			if tt.note == "" && note != "" || !strings.Contains(note, tt.note) {
				t.Errorf("note %q, want %q", note, tt.note)
			}
			wantCols := []string{"lp__", "accept_stat__", "stepsize__", "treedepth__", "n_leapfrog__", "divergent__", "energy__",
				"mu", "a.1.1", "a.2.1", "a.1.2", "a.2.2", "log_lik.1", "log_lik.2", "y_rep.1"}
			if len(chains) != 3 {
				t.Fatalf("%d chains, want 3", len(chains))
			}
			for c, ch := range chains {
				if !slices.Equal(ch.Columns, wantCols) {
					t.Fatalf("columns %v, want %v", ch.Columns, wantCols)
				}
				if id, seed := ch.Settings["id"], ch.Settings["seed"]; id != []string{"5", "6", "7"}[c] || seed != "1152921504606846976" ||
					ch.Settings["model"] != "m" || ch.Settings["max_depth"] != "10" {
					t.Errorf("chain %d: settings %v", c, ch.Settings)
				}
				if len(ch.Draws) != tt.want[c] {
					t.Fatalf("chain %d: %d draws, want %d", c, len(ch.Draws), tt.want[c])
				}
				for d, r := range ch.Draws {
					if want := row(c, d, len(names)); !slices.Equal(r, want) {
						t.Fatalf("chain %d draw %d: %v, want %v", c, d, r, want)
					}
				}
				if tt.close && (ch.Adaptation == nil || ch.Adaptation.InvMetric[4] != float64(c)) && len(ch.Draws) > 0 {
					t.Errorf("chain %d: adaptation %+v", c, ch.Adaptation)
				}
			}
		})
	}
}

// TestReadRunsFindsStore: runfiles.ReadRuns reads a run directory
// whose draws are in draws.zarr, and the store named itself; a directory
// that also has the run's CSV files (bayes convert made the store) reads
// the CSV files only.
func TestReadRunsFindsStore(t *testing.T) {
	run := t.TempDir()
	dir := filepath.Join(run, "draws.zarr")
	s, err := Create(dir, Spec{Names: []string{"mu"}, Chains: 2, Draws: 5, Attrs: map[string]any{"model": "m"}})
	if err != nil {
		t.Fatal(err)
	}
	for c := range 2 {
		for d := range 5 {
			s.WriteDraw(c, d, row(c, d, 1))
		}
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	for _, arg := range []string{run, dir} {
		paths, chains, err := runfiles.ReadRuns([]string{arg}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(chains) != 2 || len(chains[1].Draws) != 5 || !strings.HasSuffix(paths[0], "draws.zarr (chain 1)") {
			t.Errorf("ReadRuns(%s): %d chains, paths %v", arg, len(chains), paths)
		}
	}
	csv := "lp__,accept_stat__,stepsize__,treedepth__,n_leapfrog__,divergent__,energy__,mu\n1,1,1,1,1,0,1,1\n"
	if err := os.WriteFile(filepath.Join(run, "m_1.csv"), []byte("# model = m\n# id = 1\n"+csv), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, chains, err := runfiles.ReadRuns([]string{run}, nil); err != nil || len(chains) != 1 {
		t.Errorf("a run with CSV files and a store: %d chains, %v; want the CSV file's one", len(chains), err)
	}
}

// TestReadRunWarmup: a store with the warmup saved reads back with each
// chain's warmup rows before its sampling rows, as a CSV file of
// save_warmup would; a killed run's warmup counts come from its chunks too.
func TestReadRunWarmup(t *testing.T) {
	for _, closed := range []bool{true, false} {
		dir := filepath.Join(t.TempDir(), "draws.zarr")
		s, err := Create(dir, Spec{Names: []string{"mu"}, Chains: 2, Draws: 5, WarmupDraws: 4})
		if err != nil {
			t.Fatal(err)
		}
		for c := range 2 {
			for d := range 4 {
				s.WriteWarmupDraw(c, d, row(c, 100+d, 1))
			}
			for d := range 5 - 2*c {
				s.WriteDraw(c, d, row(c, d, 1))
			}
		}
		if closed {
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
		}
		chains, _, err := ReadRun(dir)
		if err != nil {
			t.Fatal(err)
		}
		want := []int{5, 3}
		if !closed {
			want = []int{0, 0} // the one chunk of 5 draws is not whole
		}
		for c, ch := range chains {
			if len(ch.Warmup) != 4 || len(ch.Draws) != want[c] || !slices.Equal(ch.Warmup[3], row(c, 103, 1)) {
				t.Errorf("closed %v, chain %d: %d warmup rows (last %v), %d draws; want 4 (%v), %d",
					closed, c, len(ch.Warmup), ch.Warmup[len(ch.Warmup)-1], len(ch.Draws), row(c, 103, 1), want[c])
			}
		}
	}
}
