package runfiles

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// npyNames are the output quantities of the test runs.
var npyNames = []string{"mu", "theta[1]", "theta[2]"}

// npyTestConfig returns run settings that differ from CmdStan's defaults
// where they can, so that a setting lost on the way shows.
func npyTestConfig() StanCSVConfig {
	cfg := DefaultStanCSVConfig()
	cfg.Model, cfg.Seed, cfg.DataFile, cfg.Init = "eight", 1<<60+7, "eight.json", "0.5"
	cfg.NumSamples, cfg.NumWarmup, cfg.Thin = 30, 40, 1
	cfg.Delta, cfg.MaxDepth, cfg.Stepsize = 0.95, 12, 0.5
	return cfg
}

// npyRows returns chain c's rows (draws of 7+len(npyNames) values): seeded
// random values with, in every chain, the special values a sampler can
// produce (NaN with a payload, ±Inf, -0) and whole-number sampler columns.
func npyRows(c, draws int) []float64 {
	rng := rand.New(rand.NewPCG(42, uint64(c)))
	k := len(SamplerColumns) + len(npyNames)
	rows := make([]float64, draws*k)
	for i := range draws {
		row := rows[i*k : (i+1)*k]
		for j := range row {
			row[j] = rng.NormFloat64()
		}
		row[3], row[4], row[5] = float64(rng.IntN(10)), float64(rng.IntN(1024)), float64(rng.IntN(2))
	}
	special := []float64{math.Float64frombits(0x7ff8_0000_dead_beef), math.Inf(1), math.Inf(-1), math.Copysign(0, -1)}
	for i, x := range special {
		rows[(i%draws)*k+7+i%len(npyNames)] = x
	}
	return rows
}

// writeNPYRun writes a run of chains chains with npyRows, each chain from
// its own goroutine in blocks of 1 to 5 rows of seeded sizes, and closes
// it. Chain c writes its first written[c] rows, all draws when written is
// nil. Chain 1 gets no adaptation (its warmup "did not end").
func writeNPYRun(t *testing.T, dir string, cfg StanCSVConfig, chains, draws, offset int, written []int) {
	t.Helper()
	w := startNPYRun(t, dir, cfg, chains, draws, offset, written)
	if err := w.Close(1500 * time.Millisecond); err != nil {
		t.Fatal(err)
	}
}

// startNPYRun is writeNPYRun without the Close: the files a killed run
// leaves.
func startNPYRun(t *testing.T, dir string, cfg StanCSVConfig, chains, draws, offset int, written []int) *NPYRun {
	t.Helper()
	w, err := CreateNPYRun(dir, cfg, npyNames, chains, draws, offset)
	if err != nil {
		t.Fatal(err)
	}
	k := len(SamplerColumns) + len(npyNames)
	var wg sync.WaitGroup
	errs := make([]error, chains)
	for c := range chains {
		wg.Go(func() {
			n := draws
			if written != nil {
				n = written[c]
			}
			rows := npyRows(c, draws)
			rng := rand.New(rand.NewPCG(7, uint64(c)))
			for i := 0; i < n; {
				m := min(1+rng.IntN(5), n-i)
				if err := w.WriteRows(c, i, rows[i*k:(i+m)*k]); err != nil {
					errs[c] = err
					return
				}
				i += m
			}
			if c != 1 {
				w.SetAdaptation(c, 0.1*float64(c+1), []float64{1, 2, float64(c)})
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	return w
}

// sameBits reports whether a and b hold the same float64 bit patterns.
func sameBits(a, b []float64) bool {
	return slices.EqualFunc(a, b, func(x, y float64) bool { return math.Float64bits(x) == math.Float64bits(y) })
}

// TestNPYHeaderGolden: the headers are byte for byte what numpy.save
// writes for np.zeros((2, 3, 4)) and np.zeros(5, dtype='<i8'). The
// reference is numpy/lib/format.py (_write_array_header, _wrap_header;
// NumPy 1.24 to 2.x): the dict below (62 bytes), 21-len("2") = 20 spaces
// of growth room, then 64 - (10 + 82 + 1) % 64 = 35 spaces and '\n': a
// header of 118 = 0x76 bytes, data at byte 128; for (5,), 57 bytes of
// dict, 20 spaces, then 64 - (10 + 77 + 1) % 64 = 40 and '\n', again 118.
func TestNPYHeaderGolden(t *testing.T) {
	want := "\x93NUMPY\x01\x00\x76\x00" +
		"{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3, 4), }" +
		strings.Repeat(" ", 55) + "\n"
	if got := string(npyHeader("<f8", []int{2, 3, 4})); got != want {
		t.Errorf("npyHeader((2, 3, 4)) =\n%q\nwant\n%q", got, want)
	}
	want = "\x93NUMPY\x01\x00\x76\x00" +
		"{'descr': '<i8', 'fortran_order': False, 'shape': (5,), }" +
		strings.Repeat(" ", 60) + "\n"
	if got := string(npyHeader("<i8", []int{5})); got != want {
		t.Errorf("npyHeader(<i8, (5,)) =\n%q\nwant\n%q", got, want)
	}
	dir := t.TempDir()
	w, err := CreateNPYRun(dir, npyTestConfig(), []string{}, 2, 3, 0)
	if err != nil {
		t.Fatal(err)
	}
	counts, err := os.ReadFile(filepath.Join(dir, "draws_written.npy"))
	wantCounts := "\x93NUMPY\x01\x00\x76\x00" +
		"{'descr': '<i8', 'fortran_order': False, 'shape': (2,), }" +
		strings.Repeat(" ", 60) + "\n" + strings.Repeat("\x00", 16)
	if err != nil || string(counts) != wantCounts {
		t.Errorf("draws_written.npy: %q (%v), want %q", counts, err, wantCounts)
	}
	// 4 columns is not a run's shape (7 sampler columns at least): check
	// the file's header for its own shape with the same rule instead.
	for c := range 2 {
		if err := w.WriteRows(c, 0, make([]float64, 3*7)); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(0); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(dir, "draws.npy"))
	if err != nil {
		t.Fatal(err)
	}
	wantFile := "\x93NUMPY\x01\x00\x76\x00" +
		"{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3, 7), }" +
		strings.Repeat(" ", 55) + "\n"
	if len(data) != 128+2*3*7*8 || string(data[:128]) != wantFile {
		t.Errorf("draws.npy: %d bytes starting %q, want %d starting %q", len(data), data[:min(len(data), 128)], 128+2*3*7*8, wantFile)
	}
	// Padding is to the next multiple of 64, a whole 64 more when the
	// header is already aligned, as numpy's _wrap_header does.
	for _, shape := range [][]int{{1, 1, 1}, {10000, 1000, 25}, {123456789, 987654321, 1234567}, {1}, {123456789}} {
		h := npyHeader("<f8", shape)
		if len(h)%64 != 0 || h[len(h)-1] != '\n' {
			t.Errorf("npyHeader(%v): %d bytes, ends %q", shape, len(h), h[len(h)-1])
		}
	}
}

// TestNPYRoundTrip: draws written by concurrent chains read back bit for
// bit, with the settings, ids, adaptation and warmup split.
func TestNPYRoundTrip(t *testing.T) {
	for _, saveWarmup := range []bool{false, true} {
		t.Run(fmt.Sprintf("save_warmup=%v", saveWarmup), func(t *testing.T) {
			const chains, draws, offset = 5, 70, 10
			cfg := npyTestConfig()
			cfg.SaveWarmup, cfg.Thin = saveWarmup, 3
			warm := 0
			if saveWarmup {
				warm = 14 // ceil(40 / 3)
			}
			dir := t.TempDir()
			writeNPYRun(t, dir, cfg, chains, draws, offset, nil)
			got, err := ReadNPYRun(dir)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != chains {
				t.Fatalf("%d chains, want %d", len(got), chains)
			}
			wantCols := []string{"lp__", "accept_stat__", "stepsize__", "treedepth__", "n_leapfrog__", "divergent__", "energy__", "mu", "theta.1", "theta.2"}
			for c, s := range got {
				if id := s.Settings["id"]; id != fmt.Sprint(offset+c+1) {
					t.Errorf("chain %d: id %s, want %d", c, id, offset+c+1)
				}
				if !slices.Equal(s.Columns, wantCols) {
					t.Errorf("chain %d: columns %v, want %v", c, s.Columns, wantCols)
				}
				if len(s.Warmup) != warm || len(s.Draws) != draws-warm {
					t.Fatalf("chain %d: %d warmup and %d draws, want %d and %d", c, len(s.Warmup), len(s.Draws), warm, draws-warm)
				}
				want := npyRows(c, draws)
				if flat := slices.Concat(append(slices.Clone(s.Warmup), s.Draws...)...); !sameBits(flat, want) {
					t.Errorf("chain %d: values differ from those written", c)
				}
				switch {
				case c == 1 && s.Adaptation != nil:
					t.Errorf("chain 1: adaptation %+v, want none", s.Adaptation)
				case c != 1 && (s.Adaptation == nil || s.Adaptation.Stepsize != 0.1*float64(c+1) ||
					!slices.Equal(s.Adaptation.InvMetric, []float64{1, 2, float64(c)})):
					t.Errorf("chain %d: adaptation %+v", c, s.Adaptation)
				}
				if s.TotalSeconds != 1.5 {
					t.Errorf("chain %d: TotalSeconds %v, want 1.5", c, s.TotalSeconds)
				}
			}
			for key, want := range map[string]string{
				"model": "eight", "seed": "1152921504606846983", "num_samples": "30", "num_warmup": "40",
				"thin": "3", "delta": "0.95", "max_depth": "12", "stepsize": "0.5", "init": "0.5",
				"data.file": "eight.json", "metric": "diag_e",
			} {
				if got := got[0].Settings[key]; got != want {
					t.Errorf("Settings[%q] = %q, want %q", key, got, want)
				}
			}
			info, err := os.Stat(filepath.Join(dir, "draws.npy"))
			if err != nil || info.Size() != 128+chains*draws*10*8 {
				t.Errorf("draws.npy: %v bytes (%v), want %d", info.Size(), err, 128+chains*draws*10*8)
			}
		})
	}
}

// TestNPYMetaKeys: draws.json has exactly the documented keys, since other
// tools read it by them.
func TestNPYMetaKeys(t *testing.T) {
	dir := t.TempDir()
	writeNPYRun(t, dir, npyTestConfig(), 3, 4, 0, nil)
	m := readNPYMetaMap(t, dir)
	want := []string{
		"format", "version", "status", "columns", "chains", "chain_offset", "draws_per_chain", "draws_written", "warmup_draws_per_chain",
		"model", "seed", "num_samples", "num_warmup", "save_warmup", "thin",
		"adapt_engaged", "adapt_delta", "adapt_gamma", "adapt_kappa", "adapt_t0",
		"adapt_init_buffer", "adapt_term_buffer", "adapt_window",
		"max_depth", "metric", "stepsize", "stepsize_jitter", "init", "data_file",
		"adaptation", "elapsed_seconds",
	}
	if got := slices.Sorted(maps.Keys(m)); !slices.Equal(got, slices.Sorted(slices.Values(want))) {
		t.Errorf("draws.json keys:\n%v\nwant\n%v", got, slices.Sorted(slices.Values(want)))
	}
	for key, want := range map[string]string{
		"format": `"bayes-draws"`, "version": "2", "status": `"finished"`, "draws_written": "[4,4,4]", "columns": `["lp__","accept_stat__","stepsize__","treedepth__","n_leapfrog__","divergent__","energy__","mu","theta[1]","theta[2]"]`,
		"adaptation": `{"stepsize":[0.1,null,0.30000000000000004],"inv_metric":[[1,2,0],null,[1,2,2]]}`,
	} {
		var compact bytes.Buffer
		json.Compact(&compact, m[key])
		if compact.String() != want {
			t.Errorf("draws.json %s = %s, want %s", key, compact.String(), want)
		}
	}
}

// readNPYMetaMap reads dir's draws.json as raw JSON values by key.
func readNPYMetaMap(t *testing.T, dir string) map[string]json.RawMessage {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, "draws.json"))
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// checkNPYChains checks that chains hold exactly the first written[c] of
// npyRows(c, draws), bit for bit.
func checkNPYChains(t *testing.T, chains []*StanCSV, draws int, written []int) {
	t.Helper()
	if len(chains) != len(written) {
		t.Fatalf("%d chains, want %d", len(chains), len(written))
	}
	for c, s := range chains {
		if len(s.Draws) != written[c] {
			t.Errorf("chain %d: %d draws, want the %d it wrote", c, len(s.Draws), written[c])
			continue
		}
		if !sameBits(slices.Concat(s.Draws...), npyRows(c, draws)[:written[c]*10]) {
			t.Errorf("chain %d: draws differ from the first %d written", c, written[c])
		}
	}
}

// TestNPYStopped: a run closed before its chains wrote all their rows
// (Ctrl-C) keeps every row each chain wrote, in a valid NPY file cut to
// the longest chain, the rest of each chain NaN, and reads back each chain
// with exactly its rows.
func TestNPYStopped(t *testing.T) {
	const draws = 30
	for _, written := range [][]int{
		{0, 1, 17, 30}, // a whole chain: the file keeps its shape
		{0, 5, 17, 3},  // none: the file is cut to 17 rows
		{0, 0, 0, 0},
		{30, 30, 30, 30},
	} {
		t.Run(fmt.Sprint(written), func(t *testing.T) {
			dir := t.TempDir()
			writeNPYRun(t, dir, npyTestConfig(), len(written), draws, 0, written)
			rows := slices.Max(written)
			data, err := os.ReadFile(filepath.Join(dir, "draws.npy"))
			if err != nil {
				t.Fatal(err)
			}
			if want := 128 + len(written)*rows*10*8; len(data) != want {
				t.Fatalf("draws.npy is %d bytes, want %d", len(data), want)
			}
			wantHeader := fmt.Sprintf("{'descr': '<f8', 'fortran_order': False, 'shape': (4, %d, 10), }", rows)
			if shape, n, err := readNPYHeader(bytes.NewReader(data), "<f8", 3); err != nil || !slices.Equal(shape, []int{4, rows, 10}) ||
				n != 128 || !bytes.Contains(data[:128], []byte(wantHeader)) {
				t.Errorf("header %q: shape %v, %d bytes, %v", data[:128], shape, n, err)
			}
			// What numpy sees: each chain's rows, then NaN.
			for c, n := range written {
				for i := n * 10; i < rows*10; i++ {
					if x := math.Float64frombits(binary.LittleEndian.Uint64(data[128+8*(c*rows*10+i):])); !math.IsNaN(x) {
						t.Fatalf("chain %d, value %d after its %d rows: %v, want NaN", c, i, n, x)
					}
				}
			}
			m := readNPYMetaMap(t, dir)
			status := `"stopped"`
			if slices.Min(written) == draws {
				status = `"finished"`
			}
			wantCounts, _ := json.Marshal(written)
			var counts bytes.Buffer
			json.Compact(&counts, m["draws_written"])
			if string(m["status"]) != status || counts.String() != string(wantCounts) || string(m["draws_per_chain"]) != fmt.Sprint(rows) {
				t.Errorf("draws.json: status %s, draws_written %s, draws_per_chain %s; want %s, %s, %d",
					m["status"], counts.String(), m["draws_per_chain"], status, wantCounts, rows)
			}
			if _, err := os.Stat(filepath.Join(dir, "draws_written.npy")); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("draws_written.npy is still there after Close: %v", err)
			}
			got, note, err := readNPYRun(filepath.Join(dir, "draws.npy"))
			if err != nil {
				t.Fatal(err)
			}
			checkNPYChains(t, got, draws, written)
			if wantNote := status == `"stopped"`; (note != "") != wantNote || wantNote && !strings.Contains(note, "stopped early") {
				t.Errorf("note %q", note)
			}
		})
	}
}

// TestNPYKilled: the files of a run killed before Close (SIGKILL) read back
// each chain's rows as draws_written.npy counts them, with a note; so do
// those of one killed inside Close, after draws.npy was cut and before
// draws.json was rewritten.
func TestNPYKilled(t *testing.T) {
	const draws = 30
	written := []int{30, 0, 12, 1, 0}
	dir := t.TempDir()
	w := startNPYRun(t, dir, npyTestConfig(), len(written), draws, 3, written)
	defer w.f.Close()
	defer w.counts.Close()
	m := readNPYMetaMap(t, dir)
	if string(m["status"]) != `"running"` || m["draws_written"] != nil {
		t.Errorf("draws.json of a running run: status %s, draws_written %s", m["status"], m["draws_written"])
	}
	var stderr bytes.Buffer
	_, got, err := ReadRuns([]string{dir}, &stderr)
	if err != nil {
		t.Fatal(err)
	}
	checkNPYChains(t, got, draws, written)
	want := "note: " + filepath.Join(dir, "draws.json") + " says the run has not finished: it was killed, or is still going; " +
		"read the 43 draws that 3 of its 5 chains had written, as " + filepath.Join(dir, "draws_written.npy") + " counts them\n"
	if stderr.String() != want {
		t.Errorf("stderr:\n%s\nwant\n%s", stderr.String(), want)
	}

	// Killed inside Close, the file cut to the longest chain's rows.
	cut := []int{20, 0, 12, 1, 0}
	dir = t.TempDir()
	w = startNPYRun(t, dir, npyTestConfig(), len(cut), draws, 3, cut)
	defer w.f.Close()
	defer w.counts.Close()
	if err := w.finishNPY(20); err != nil {
		t.Fatal(err)
	}
	got, err = ReadNPYRun(dir)
	if err != nil {
		t.Fatal(err)
	}
	checkNPYChains(t, got, draws, cut)
}

// TestNPYVersion1: files of version 1 (before draws_written) still read,
// and a chain the old writer padded with NaN (it never began sampling) is
// read as a chain without draws.
func TestNPYVersion1(t *testing.T) {
	dir := t.TempDir()
	w, err := CreateNPYRun(dir, npyTestConfig(), npyNames, 3, 4, 0)
	if err != nil {
		t.Fatal(err)
	}
	nan := make([]float64, 4*10)
	for i := range nan {
		nan[i] = math.NaN()
	}
	for c, rows := range [][]float64{npyRows(0, 4), nan, npyRows(2, 4)} {
		if err := w.WriteRows(c, 0, rows); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(0); err != nil {
		t.Fatal(err)
	}
	m := readNPYMetaMap(t, dir)
	delete(m, "status")
	delete(m, "draws_written")
	m["version"] = json.RawMessage("1")
	data, _ := json.Marshal(m)
	if err := os.WriteFile(filepath.Join(dir, "draws.json"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := ReadNPYRun(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 || len(got[0].Draws) != 4 || len(got[1].Draws) != 0 || len(got[2].Draws) != 4 ||
		!sameBits(slices.Concat(got[2].Draws...), npyRows(2, 4)) {
		t.Errorf("version 1: chains of %d, %d and %d draws, want 4, 0 and 4 as written", len(got[0].Draws), len(got[1].Draws), len(got[2].Draws))
	}
}

// TestReadRunsNPYMatchesCSV: ReadRuns gives the same chains from a run
// saved as draws.npy as from the same draws saved as Stan CSV files, and
// merges the two kinds by chain id.
func TestReadRunsNPYMatchesCSV(t *testing.T) {
	const chains, draws, offset = 3, 12, 4
	cfg := npyTestConfig()
	npyDir, csvDir := t.TempDir(), t.TempDir()
	writeNPYRun(t, npyDir, cfg, chains, draws, offset, nil)
	k := len(SamplerColumns) + len(npyNames)
	for c := range chains {
		path := filepath.Join(csvDir, fmt.Sprintf("eight_%d.csv", offset+c+1))
		f, err := os.Create(path)
		if err != nil {
			t.Fatal(err)
		}
		ccfg := cfg
		ccfg.Chain, ccfg.Output = offset+c+1, path
		w, err := NewStanCSVWriter(f, ccfg, npyNames)
		if err != nil {
			t.Fatal(err)
		}
		if c != 1 {
			w.WriteAdaptation(Adaptation{Stepsize: 0.1 * float64(c+1), InvMetric: []float64{1, 2, float64(c)}})
		}
		rows := npyRows(c, draws)
		for i := range draws {
			r := rows[i*k : (i+1)*k]
			d := Draw{LP: r[0], AcceptStat: r[1], Stepsize: r[2], Treedepth: int(r[3]), NLeapfrog: int(r[4]), Divergent: r[5] == 1, Energy: r[6]}
			if err := w.WriteDraw(d, r[7:]); err != nil {
				t.Fatal(err)
			}
		}
		f.Close()
	}
	npyPaths, fromNPY, err := ReadRuns([]string{npyDir}, nil)
	if err != nil {
		t.Fatal(err)
	}
	_, fromCSV, err := ReadRuns([]string{csvDir}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(fromNPY) != chains || len(fromCSV) != chains {
		t.Fatalf("%d chains from draws.npy, %d from CSV, want %d", len(fromNPY), len(fromCSV), chains)
	}
	// CSV writes NaN without its payload: compare NaN as NaN.
	same := func(x, y float64) bool {
		return x == y && math.Signbit(x) == math.Signbit(y) || math.IsNaN(x) && math.IsNaN(y)
	}
	for c := range chains {
		n, s := fromNPY[c], fromCSV[c]
		if want := filepath.Join(npyDir, "draws.npy") + fmt.Sprintf(" (chain %d)", offset+c+1); npyPaths[c] != want {
			t.Errorf("path %q, want %q", npyPaths[c], want)
		}
		if !slices.Equal(n.Columns, s.Columns) {
			t.Errorf("chain %d: columns %v, CSV %v", c, n.Columns, s.Columns)
		}
		if !slices.EqualFunc(n.Draws, s.Draws, func(a, b []float64) bool { return slices.EqualFunc(a, b, same) }) {
			t.Errorf("chain %d: draws differ from CSV's", c)
		}
		// Every setting is the same but the output file's name.
		ns, cs := maps.Clone(n.Settings), maps.Clone(s.Settings)
		delete(ns, "output.file")
		delete(cs, "output.file")
		if !maps.Equal(ns, cs) {
			t.Errorf("chain %d: settings\n%v\nCSV's\n%v", c, ns, cs)
		}
		if (n.Adaptation == nil) != (s.Adaptation == nil) || n.Adaptation != nil && (n.Adaptation.Stepsize != s.Adaptation.Stepsize ||
			!slices.Equal(n.Adaptation.InvMetric, s.Adaptation.InvMetric) || n.Adaptation.Dense != s.Adaptation.Dense) {
			t.Errorf("chain %d: adaptation %+v, CSV's %+v", c, n.Adaptation, s.Adaptation)
		}
	}
	// Downstream code reads both the same way.
	if a, b := Divergences(fromNPY), Divergences(fromCSV); a != b {
		t.Errorf("Divergences: %v from draws.npy, %v from CSV", a, b)
	}

	t.Run("npy named directly", func(t *testing.T) {
		_, got, err := ReadRuns([]string{filepath.Join(npyDir, "draws.npy")}, nil)
		if err != nil || len(got) != chains {
			t.Errorf("ReadRuns(draws.npy): %d chains, %v", len(got), err)
		}
	})
	t.Run("npy and CSV in one directory", func(t *testing.T) {
		dir := t.TempDir()
		writeNPYRun(t, dir, cfg, 2, draws, 1, nil) // chains 2 and 3
		csv5, err := os.ReadFile(filepath.Join(csvDir, "eight_5.csv"))
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(dir, "eight_5.csv"), csv5, 0o644)
		paths, got, err := ReadRuns([]string{dir}, nil)
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, s := range got {
			ids = append(ids, s.Settings["id"])
		}
		if !slices.Equal(ids, []string{"2", "3", "5"}) || filepath.Base(paths[2]) != "eight_5.csv" {
			t.Errorf("ids %v, paths %v: want chains 2, 3 from draws.npy then 5 from eight_5.csv", ids, paths)
		}
		writeNPYRun(t, dir, cfg, 2, draws, 4, nil) // chains 5 and 6
		if _, _, err := ReadRuns([]string{dir}, nil); err == nil || !strings.Contains(err.Error(), "both hold chain 5") {
			t.Errorf("chain 5 in draws.npy and eight_5.csv: %v", err)
		}
	})
}

// TestReadNPYRunErrors: each way the files can be broken gives one error
// that names the file and the problem.
func TestReadNPYRunErrors(t *testing.T) {
	// edit changes the bytes of one of a valid run's files.
	type edit func(npy, meta []byte) ([]byte, []byte)
	replaceNPY := func(old, new string) edit {
		return func(npy, meta []byte) ([]byte, []byte) { return bytes.Replace(npy, []byte(old), []byte(new), 1), meta }
	}
	replaceMeta := func(old, new string) edit {
		return func(npy, meta []byte) ([]byte, []byte) { return npy, bytes.Replace(meta, []byte(old), []byte(new), 1) }
	}
	tests := []struct {
		name string
		edit edit
		want string // after the file's path
	}{
		{"bad magic", replaceNPY("\x93NUMPY", "\x93NUMPX"), "draws.npy: not an NPY file (it does not start with \\x93NUMPY)"},
		{"empty npy", func(npy, meta []byte) ([]byte, []byte) { return nil, meta }, "draws.npy: not an NPY file (too short"},
		{"npy version", replaceNPY("NUMPY\x01", "NUMPY\x04"), "draws.npy: NPY format version 4.0"},
		{"big-endian", replaceNPY("'<f8'", "'>f8'"), "draws.npy: unsupported dtype '>f8'"},
		{"float32", replaceNPY("'<f8'", "'<f4'"), "draws.npy: unsupported dtype '<f4'"},
		{"fortran order", replaceNPY("False", "True "), "draws.npy: fortran_order is True"},
		{"two dimensions", replaceNPY("(3, 4, 10)", "(12, 10)  "), "draws.npy: shape (12, 10): want three dimensions"},
		{"not a dict", replaceNPY("{'descr'", "['descr'"), "draws.npy: NPY header"},
		{"shape against chains", replaceMeta(`"chains": 3`, `"chains": 2`), "draws.npy: shape (3, 4, 10) does not match"},
		{"shape against draws", replaceMeta(`"draws_per_chain": 4`, `"draws_per_chain": 5`), "draws.npy: shape (3, 4, 10) does not match"},
		{"columns count", replaceMeta(`"mu",`, ``), "draws.npy: shape (3, 4, 10) has 10 columns, but"},
		{"file shorter", func(npy, meta []byte) ([]byte, []byte) { return npy[:len(npy)-8], meta }, "draws.npy: file is 1080 bytes, shorter than the 1088"},
		{"file longer", func(npy, meta []byte) ([]byte, []byte) { return append(npy, 0), meta }, "draws.npy: file is 1089 bytes, longer than the 1088"},
		{"bad JSON", replaceMeta(`"chains": 3,`, `"chains": 3`), "draws.json: not valid JSON"},
		{"string for a count", replaceMeta(`"chains": 3`, `"chains": "3"`), "draws.json: not valid JSON"},
		{"missing JSON", func(npy, meta []byte) ([]byte, []byte) { return npy, nil }, "draws.json: no such file or directory (bayes writes it when a run starts"},
		{"other format", replaceMeta(`"bayes-draws"`, `"other"`), `draws.json: format is "other", want "bayes-draws"`},
		{"newer version", replaceMeta(`"version": 2`, `"version": 3`), "draws.json: version 3 of the bayes-draws format; this bayes reads versions 1 to 2"},
		{"unknown status", replaceMeta(`"finished"`, `"done"`), `draws.json: status "done": want "running", "finished" or "stopped"`},
		{"counts for chains", replaceMeta(`"draws_written": [`, `"draws_written": [4, `), "draws.json: draws_written has 4 counts for 3 chains"},
		{"count past the rows", replaceMeta(`    4,`, `    5,`), "draws.json: chain 1 wrote 5 draws, not within the 4 rows of"},
		{"running without counts", replaceMeta(`"finished"`, `"running"`), "draws_written.npy: no such file or directory (draws.json says the run has not finished"},
		{"adaptation chains", replaceMeta(`"stepsize": [`, `"stepsize": [1, `), "draws.json: adaptation has 4 step sizes and 3 inverse metrics for 3 chains"},
		{"warmup beyond draws", replaceMeta(`"warmup_draws_per_chain": 0`, `"warmup_draws_per_chain": 5`), "draws.json: warmup_draws_per_chain 5 is not within"},
	}
	src := t.TempDir()
	writeNPYRun(t, src, npyTestConfig(), 3, 4, 0, nil)
	npy, err := os.ReadFile(filepath.Join(src, "draws.npy"))
	if err != nil {
		t.Fatal(err)
	}
	meta, err := os.ReadFile(filepath.Join(src, "draws.json"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(meta, []byte("\"draws_written\": [\n    4,")) {
		t.Fatalf("draws.json does not lay out draws_written as the edits expect:\n%s", meta)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n, m := tt.edit(slices.Clone(npy), slices.Clone(meta))
			if bytes.Equal(n, npy) && bytes.Equal(m, meta) && !strings.Contains(tt.name, "missing") {
				t.Fatal("the edit changed nothing")
			}
			dir := t.TempDir()
			os.WriteFile(filepath.Join(dir, "draws.npy"), n, 0o644)
			if m != nil {
				os.WriteFile(filepath.Join(dir, "draws.json"), m, 0o644)
			}
			_, err := ReadNPYRun(dir)
			if want := filepath.Join(dir, tt.want); err == nil || !strings.Contains(err.Error(), want) {
				t.Errorf("ReadNPYRun: %v\nwant an error containing %q", err, want)
			}
			// ReadRuns reports the same error.
			if _, _, err2 := ReadRuns([]string{dir}, nil); err2 == nil || err == nil || err2.Error() != err.Error() {
				t.Errorf("ReadRuns: %v, want %v", err2, err)
			}
		})
	}
}

// raceEnabled reports whether the test binary was built with -race.
func raceEnabled() bool {
	bi, ok := debug.ReadBuildInfo()
	return ok && slices.Contains(bi.Settings, debug.BuildSetting{Key: "-race", Value: "true"})
}

// TestNPYRunMisuse: wrong calls are errors, not corrupt files, and a write
// makes no allocation.
func TestNPYRunMisuse(t *testing.T) {
	dir := t.TempDir()
	if _, err := CreateNPYRun(dir, npyTestConfig(), npyNames, 0, 10, 0); err == nil {
		t.Error("CreateNPYRun of 0 chains: no error")
	}
	if _, err := CreateNPYRun(filepath.Join(dir, "missing"), npyTestConfig(), npyNames, 1, 10, 0); err == nil {
		t.Error("CreateNPYRun in a missing directory: no error")
	}
	os.WriteFile(filepath.Join(dir, "draws.json"), []byte("{}"), 0o644)
	w, err := CreateNPYRun(dir, npyTestConfig(), npyNames, 2, 200, 0)
	if err != nil {
		t.Fatal(err)
	}
	if m := readNPYMetaMap(t, dir); string(m["status"]) != `"running"` {
		t.Errorf("an earlier run's draws.json is still there while this run writes: %v", m)
	}
	row := make([]float64, 10)
	if err := w.WriteRows(0, 0, row); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name         string
		chain, first int
		rows         []float64
	}{
		{"chain past the last", 2, 0, row},
		{"negative chain", -1, 0, row},
		{"partial row", 0, 1, row[:9]},
		{"row past the last", 0, 199, append(row, row...)},
		{"negative row", 0, -1, row},
		{"a row again", 0, 0, row},
		{"a gap", 0, 2, row},
	} {
		if err := w.WriteRows(tt.chain, tt.first, tt.rows); err == nil {
			t.Errorf("WriteRows, %s: no error", tt.name)
		}
	}
	// The race detector makes sync.Pool drop buffers at random.
	if !raceEnabled() {
		next := 0
		if allocs := testing.AllocsPerRun(100, func() {
			if err := w.WriteRows(1, next, row); err != nil {
				t.Fatal(err)
			}
			next++
		}); allocs != 0 {
			t.Errorf("WriteRows: %v allocations, want 0", allocs)
		}
	}
	if err := w.Close(0); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(0); err == nil || !strings.Contains(err.Error(), "closed twice") {
		t.Errorf("second Close: %v", err)
	}
}

// benchNPY is the benchmarks' run: 1000 chains x 1000 draws x 25 columns
// (200 MB), a tenth of the 10000-chain GPU runs the format is for. Each
// chain writes its draws 100 rows a call, as a sampler flushing a buffer.
const npyBenchChains, npyBenchDraws, npyBenchBlock = 1000, 1000, 100

var npyBenchOutputs = func() []string {
	names := make([]string, 25-len(SamplerColumns))
	for i := range names {
		names[i] = fmt.Sprintf("theta[%d]", i+1)
	}
	return names
}()

func writeNPYBenchRun(b *testing.B, dir string) {
	w, err := CreateNPYRun(dir, npyTestConfig(), npyBenchOutputs, npyBenchChains, npyBenchDraws, 0)
	if err != nil {
		b.Fatal(err)
	}
	block := make([]float64, npyBenchBlock*25)
	for i := range block {
		block[i] = float64(i)
	}
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for c := g; c < npyBenchChains; c += 4 {
				for r := 0; r < npyBenchDraws; r += npyBenchBlock {
					if err := w.WriteRows(c, r, block); err != nil {
						b.Error(err)
						return
					}
				}
			}
		})
	}
	wg.Wait()
	if err := w.Close(0); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkNPYWrite measures writing the run, in MB/s of draws.npy.
func BenchmarkNPYWrite(b *testing.B) {
	dir := b.TempDir()
	b.SetBytes(npyBenchChains * npyBenchDraws * 25 * 8)
	b.ReportAllocs()
	for b.Loop() {
		writeNPYBenchRun(b, dir)
	}
}

// BenchmarkNPYRead measures ReadNPYRun of the run, in MB/s of draws.npy.
func BenchmarkNPYRead(b *testing.B) {
	dir := b.TempDir()
	writeNPYBenchRun(b, dir)
	b.SetBytes(npyBenchChains * npyBenchDraws * 25 * 8)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ReadNPYRun(dir); err != nil {
			b.Fatal(err)
		}
	}
}
