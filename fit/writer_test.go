package fit

import (
	"errors"
	"strings"
	"sync"
	"testing"
)

// recordWriter is a DrawWriter that keeps what it is given.
type recordWriter struct {
	mu      sync.Mutex
	rows    map[[2]int][]float64 // by chain, draw
	warmup  map[[2]int]bool
	adapted map[int]int // chain: inverse metric length
	closed  int
	fail    error
}

func (w *recordWriter) WriteDraw(chain, draw int, row []float64) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.rows[[2]int{chain, draw}] = append([]float64(nil), row...)
	return w.fail
}

func (w *recordWriter) WriteWarmupDraw(chain, draw int, row []float64) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.warmup[[2]int{chain, draw}] = true
	return nil
}

func (w *recordWriter) SetAdaptation(chain int, stepsize float64, inv []float64) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.adapted[chain] = len(inv)
}

func (w *recordWriter) Close() error { w.closed++; return nil }

func newRecordWriter() *recordWriter {
	return &recordWriter{rows: map[[2]int][]float64{}, warmup: map[[2]int]bool{}, adapted: map[int]int{}}
}

// TestRunWriter: the writer gets every kept draw, numbered per chain, with
// the sampler statistics then the outputs, equal to what the run keeps;
// the saved warmup draws; each chain's adaptation; and one Close.
func TestRunWriter(t *testing.T) {
	opts := options(t, 3, 40, 25)
	opts.OutputDir = ""
	opts.CSV.SaveWarmup = true
	w := newRecordWriter()
	opts.Writer = w
	res, err := Run(opts)
	if err != nil {
		t.Fatal(err)
	}
	if len(w.rows) != 3*25 || len(w.warmup) != 3*40 || len(w.adapted) != 3 || w.closed != 1 {
		t.Fatalf("%d rows, %d warmup rows, %d adaptations, %d closes; want 75, 120, 3, 1", len(w.rows), len(w.warmup), len(w.adapted), w.closed)
	}
	for c := range 3 {
		for i := range 25 {
			row := w.rows[[2]int{c, i}]
			s := res.Stats[c][i]
			if row[0] != s.LP || row[6] != s.Energy || row[3] != float64(s.Treedepth) || row[7] != res.Draws[0][c][i] || row[8] != res.Draws[1][c][i] {
				t.Fatalf("chain %d draw %d: row %v, kept lp %v sigma %v beta %v", c, i, row, s.LP, res.Draws[0][c][i], res.Draws[1][c][i])
			}
		}
	}
	// A writer's error stops the run with it.
	opts.Writer = newRecordWriter()
	opts.Writer.(*recordWriter).fail = errors.New("disk full")
	if _, err := Run(opts); err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Errorf("writer failing: err %v, want disk full", err)
	}
}
