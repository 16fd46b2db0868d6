package diagnostics

import (
	"bytes"
	"encoding/json"
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
// its own goroutine in blocks of 1 to 5 rows in a seeded order, and closes
// it with kept rows. Chain 1 gets no adaptation (its warmup "did not end").
func writeNPYRun(t *testing.T, dir string, cfg StanCSVConfig, chains, draws, offset, kept int) {
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
			rows := npyRows(c, draws)
			rng := rand.New(rand.NewPCG(7, uint64(c)))
			var blocks [][2]int
			for i := 0; i < draws; {
				n := min(1+rng.IntN(5), draws-i)
				blocks = append(blocks, [2]int{i, n})
				i += n
			}
			rng.Shuffle(len(blocks), func(a, b int) { blocks[a], blocks[b] = blocks[b], blocks[a] })
			for _, b := range blocks {
				if err := w.WriteRows(c, b[0], rows[b[0]*k:(b[0]+b[1])*k]); err != nil {
					errs[c] = err
					return
				}
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
	if err := w.Close(kept, 1500*time.Millisecond); err != nil {
		t.Fatal(err)
	}
}

// sameBits reports whether a and b hold the same float64 bit patterns.
func sameBits(a, b []float64) bool {
	return slices.EqualFunc(a, b, func(x, y float64) bool { return math.Float64bits(x) == math.Float64bits(y) })
}

// TestNPYHeaderGolden: the header is byte for byte what numpy.save writes
// for np.zeros((2, 3, 4)). The reference is numpy/lib/format.py
// (_write_array_header, _wrap_header; NumPy 1.24 to 2.x): the dict below
// (62 bytes), 21-len("2") = 20 spaces of growth room, then
// 64 - (10 + 82 + 1) % 64 = 35 spaces and '\n': a header of 118 = 0x76
// bytes, data at byte 128.
func TestNPYHeaderGolden(t *testing.T) {
	want := "\x93NUMPY\x01\x00\x76\x00" +
		"{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3, 4), }" +
		strings.Repeat(" ", 55) + "\n"
	if got := string(npyHeader([3]int{2, 3, 4}, 0)); got != want {
		t.Errorf("npyHeader((2, 3, 4)) =\n%q\nwant\n%q", got, want)
	}
	dir := t.TempDir()
	w, err := CreateNPYRun(dir, npyTestConfig(), []string{}, 2, 3, 0)
	if err != nil {
		t.Fatal(err)
	}
	// 4 columns is not a run's shape (7 sampler columns at least): check
	// the file's header for its own shape with the same rule instead.
	if err := w.Close(3, 0); err != nil {
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
	for _, shape := range [][3]int{{1, 1, 1}, {10000, 1000, 25}, {123456789, 987654321, 1234567}} {
		h := npyHeader(shape, 0)
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
			writeNPYRun(t, dir, cfg, chains, draws, offset, draws)
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
	writeNPYRun(t, dir, npyTestConfig(), 3, 4, 0, 4)
	data, err := os.ReadFile(filepath.Join(dir, "draws.json"))
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	want := []string{
		"format", "version", "columns", "chains", "chain_offset", "draws_per_chain", "warmup_draws_per_chain",
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
		"format": `"bayes-draws"`, "columns": `["lp__","accept_stat__","stepsize__","treedepth__","n_leapfrog__","divergent__","energy__","mu","theta[1]","theta[2]"]`,
		"adaptation": `{"stepsize":[0.1,null,0.30000000000000004],"inv_metric":[[1,2,0],null,[1,2,2]]}`,
	} {
		var compact bytes.Buffer
		json.Compact(&compact, m[key])
		if compact.String() != want {
			t.Errorf("draws.json %s = %s, want %s", key, compact.String(), want)
		}
	}
}

// TestNPYInterrupted: a run closed with fewer rows than planned is
// compacted to a valid NPY file of the kept rows.
func TestNPYInterrupted(t *testing.T) {
	const chains, draws = 4, 30
	for _, kept := range []int{0, 1, 17} {
		t.Run(fmt.Sprint("kept=", kept), func(t *testing.T) {
			dir := t.TempDir()
			// Rows past kept are written too, as chains that ran ahead
			// of the slowest leave them: they must be dropped.
			writeNPYRun(t, dir, npyTestConfig(), chains, draws, 0, kept)
			data, err := os.ReadFile(filepath.Join(dir, "draws.npy"))
			if err != nil {
				t.Fatal(err)
			}
			if want := 128 + chains*kept*10*8; len(data) != want {
				t.Fatalf("draws.npy is %d bytes, want %d", len(data), want)
			}
			wantHeader := fmt.Sprintf("{'descr': '<f8', 'fortran_order': False, 'shape': (4, %d, 10), }", kept)
			if shape, n, err := readNPYHeader(bytes.NewReader(data)); err != nil || shape != [3]int{chains, kept, 10} ||
				n != 128 || !bytes.Contains(data[:128], []byte(wantHeader)) {
				t.Errorf("header %q: shape %v, %d bytes, %v", data[:128], shape, n, err)
			}
			got, err := ReadNPYRun(dir)
			if err != nil {
				t.Fatal(err)
			}
			for c, s := range got {
				if len(s.Draws) != kept {
					t.Fatalf("chain %d: %d draws, want %d", c, len(s.Draws), kept)
				}
				if !sameBits(slices.Concat(s.Draws...), npyRows(c, draws)[:kept*10]) {
					t.Errorf("chain %d: kept draws differ from the first %d written", c, kept)
				}
			}
		})
	}
}

// TestReadRunsNPYMatchesCSV: ReadRuns gives the same chains from a run
// saved as draws.npy as from the same draws saved as Stan CSV files, and
// merges the two kinds by chain id.
func TestReadRunsNPYMatchesCSV(t *testing.T) {
	const chains, draws, offset = 3, 12, 4
	cfg := npyTestConfig()
	npyDir, csvDir := t.TempDir(), t.TempDir()
	writeNPYRun(t, npyDir, cfg, chains, draws, offset, draws)
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
	npyPaths, fromNPY, err := ReadRuns([]string{npyDir})
	if err != nil {
		t.Fatal(err)
	}
	_, fromCSV, err := ReadRuns([]string{csvDir})
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
		_, got, err := ReadRuns([]string{filepath.Join(npyDir, "draws.npy")})
		if err != nil || len(got) != chains {
			t.Errorf("ReadRuns(draws.npy): %d chains, %v", len(got), err)
		}
	})
	t.Run("npy and CSV in one directory", func(t *testing.T) {
		dir := t.TempDir()
		writeNPYRun(t, dir, cfg, 2, draws, 1, draws) // chains 2 and 3
		csv5, err := os.ReadFile(filepath.Join(csvDir, "eight_5.csv"))
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(dir, "eight_5.csv"), csv5, 0o644)
		paths, got, err := ReadRuns([]string{dir})
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
		writeNPYRun(t, dir, cfg, 2, draws, 4, draws) // chains 5 and 6
		if _, _, err := ReadRuns([]string{dir}); err == nil || !strings.Contains(err.Error(), "both hold chain 5") {
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
		{"missing JSON", func(npy, meta []byte) ([]byte, []byte) { return npy, nil }, "draws.json: no such file or directory (it is written when the run ends"},
		{"other format", replaceMeta(`"bayes-draws"`, `"other"`), `draws.json: format is "other", want "bayes-draws"`},
		{"newer version", replaceMeta(`"version": 1`, `"version": 2`), "draws.json: version 2 of the bayes-draws format"},
		{"adaptation chains", replaceMeta(`"stepsize": [`, `"stepsize": [1, `), "draws.json: adaptation has 4 step sizes and 3 inverse metrics for 3 chains"},
		{"warmup beyond draws", replaceMeta(`"warmup_draws_per_chain": 0`, `"warmup_draws_per_chain": 5`), "draws.json: warmup_draws_per_chain 5 is not within"},
	}
	src := t.TempDir()
	writeNPYRun(t, src, npyTestConfig(), 3, 4, 0, 4)
	npy, err := os.ReadFile(filepath.Join(src, "draws.npy"))
	if err != nil {
		t.Fatal(err)
	}
	meta, err := os.ReadFile(filepath.Join(src, "draws.json"))
	if err != nil {
		t.Fatal(err)
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
			if _, _, err2 := ReadRuns([]string{dir}); err2 == nil || err == nil || err2.Error() != err.Error() {
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
	w, err := CreateNPYRun(dir, npyTestConfig(), npyNames, 2, 10, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "draws.json")); err == nil {
		t.Error("an earlier run's draws.json is still there while this run writes")
	}
	row := make([]float64, 10)
	for _, tt := range []struct {
		name         string
		chain, first int
		rows         []float64
	}{
		{"chain past the last", 2, 0, row},
		{"negative chain", -1, 0, row},
		{"partial row", 0, 0, row[:9]},
		{"row past the last", 0, 9, append(row, row...)},
		{"negative row", 0, -1, row},
	} {
		if err := w.WriteRows(tt.chain, tt.first, tt.rows); err == nil {
			t.Errorf("WriteRows, %s: no error", tt.name)
		}
	}
	block := make([]float64, 5*10)
	// The race detector makes sync.Pool drop buffers at random.
	if !raceEnabled() {
		if allocs := testing.AllocsPerRun(100, func() { w.WriteRows(1, 5, block) }); allocs != 0 {
			t.Errorf("WriteRows: %v allocations, want 0", allocs)
		}
	}
	if err := w.Close(11, 0); err == nil {
		t.Error("Close with more rows kept than written: no error")
	}
	if err := w.Close(10, 0); err == nil || !strings.Contains(err.Error(), "closed twice") {
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
	if err := w.Close(npyBenchDraws, 0); err != nil {
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
