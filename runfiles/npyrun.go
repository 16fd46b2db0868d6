package runfiles

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"sync"
	"time"
)

// This file writes and reads the draws of a run with many chains as one
// binary file instead of one Stan CSV file per chain. Ten thousand chains of
// 1000 draws of 25 columns are 2 GB of float64: as CSV text they are ten
// thousand files and over twice the bytes (some 18 characters a number),
// each number formatted and parsed again.

// NPY file names and format identity; NPYRun describes the layout.
const (
	npyFile       = "draws.npy"
	npyMetaFile   = "draws.json"
	npyCountFile  = "draws_written.npy"
	npyFormatName = "bayes-draws"
	npyFormatVer  = 2
	npyChunk      = 4 << 20
)

// The states of a run, draws.json's "status".
const (
	npyRunning  = "running"  // written when the run starts
	npyFinished = "finished" // every chain wrote all its draws
	npyStopped  = "stopped"  // the run ended early: Ctrl-C, or an error
)

// npyMeta is the content of draws.json.
type npyMeta struct {
	Format        string   `json:"format"`
	Version       int      `json:"version"`
	Status        string   `json:"status,omitempty"` // absent in version 1
	Columns       []string `json:"columns"`
	Chains        int      `json:"chains"`
	ChainOffset   int      `json:"chain_offset"`
	DrawsPerChain int      `json:"draws_per_chain"`
	DrawsWritten  []int    `json:"draws_written,omitempty"` // absent while running, and in version 1
	WarmupDraws   int      `json:"warmup_draws_per_chain"`
	// SuperchainSize: chains per superchain, absent for a run without
	// superchains (StanCSVConfig.SuperchainSize).
	SuperchainSize int `json:"superchain_size,omitempty"`

	Model           string  `json:"model"`
	Seed            uint64  `json:"seed"`
	NumSamples      int     `json:"num_samples"`
	NumWarmup       int     `json:"num_warmup"`
	SaveWarmup      bool    `json:"save_warmup"`
	Thin            int     `json:"thin"`
	AdaptEngaged    bool    `json:"adapt_engaged"`
	AdaptDelta      float64 `json:"adapt_delta"`
	AdaptGamma      float64 `json:"adapt_gamma"`
	AdaptKappa      float64 `json:"adapt_kappa"`
	AdaptT0         float64 `json:"adapt_t0"`
	AdaptInitBuffer int     `json:"adapt_init_buffer"`
	AdaptTermBuffer int     `json:"adapt_term_buffer"`
	AdaptWindow     int     `json:"adapt_window"`
	MaxDepth        int     `json:"max_depth"`
	Metric          string  `json:"metric"`
	Stepsize        float64 `json:"stepsize"`
	StepsizeJitter  float64 `json:"stepsize_jitter"`
	Init            string  `json:"init"`
	DataFile        string  `json:"data_file"`

	Adaptation     *npyAdaptation `json:"adaptation,omitempty"`
	ElapsedSeconds float64        `json:"elapsed_seconds"`
}

// npyAdaptation holds each chain's adapted step size and inverse metric.
type npyAdaptation struct {
	Stepsize  []jsonFloat   `json:"stepsize"`
	InvMetric [][]jsonFloat `json:"inv_metric"`
}

// jsonFloat is a float64 that marshals NaN and ±Inf as null and others in
// shortest round-trip form, as the diagnostics report and summary JSON do:
// an unadapted chain's step size is NaN.
type jsonFloat float64

func (x jsonFloat) MarshalJSON() ([]byte, error) {
	f := float64(x)
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return []byte("null"), nil
	}
	return strconv.AppendFloat(nil, f, 'g', -1, 64), nil
}

// UnmarshalJSON reads what MarshalJSON writes: a number, or null (JSON has
// no NaN or Inf) as NaN.
func (x *jsonFloat) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*x = jsonFloat(math.NaN())
		return nil
	}
	v, err := strconv.ParseFloat(string(b), 64)
	if err != nil {
		return fmt.Errorf("%s is not a number", b)
	}
	*x = jsonFloat(v)
	return nil
}

// config returns the run settings of m as a StanCSVConfig.
func (m *npyMeta) config() StanCSVConfig {
	return StanCSVConfig{
		Model: m.Model, Seed: m.Seed,
		NumSamples: m.NumSamples, NumWarmup: m.NumWarmup, SaveWarmup: m.SaveWarmup, Thin: m.Thin,
		AdaptEngaged: m.AdaptEngaged, Delta: m.AdaptDelta, Gamma: m.AdaptGamma, Kappa: m.AdaptKappa, T0: m.AdaptT0,
		InitBuffer: m.AdaptInitBuffer, TermBuffer: m.AdaptTermBuffer, Window: m.AdaptWindow,
		MaxDepth: m.MaxDepth, Metric: m.Metric, Stepsize: m.Stepsize, Jitter: m.StepsizeJitter,
		Init: m.Init, DataFile: m.DataFile, SuperchainSize: m.SuperchainSize,
	}
}

// NPYRun writes a run's draws to DIR/draws.npy and DIR/draws.json, which
// ReadNPYRun and ReadRuns read back. Chains write their rows concurrently,
// each chain its own rows in order.
//
// A run is two files in its directory, three while it runs:
//
// DIR/draws.npy holds the values, in NumPy's NPY format version 1.0
// (numpy.lib.format; NEP 1, "A simple file format for NumPy arrays"): the
// magic "\x93NUMPY", the version bytes 1 0, a little-endian uint16 header
// length, then the header
//
//	{'descr': '<f8', 'fortran_order': False, 'shape': (C, N, K), }
//
// padded with spaces and ended by '\n' so that the data start at a multiple
// of 64 bytes, then C*N*K little-endian float64 values in C order: chain
// by chain, each chain draw by draw, each draw column by column. So
// numpy.load("draws.npy") gives an array indexed [chain, draw, column], the
// (chain, draw) layout ArviZ's from_dict and from_numpyro expect.
// The columns are Stan's sampler columns first, in Stan CSV order (lp__,
// accept_stat__, stepsize__, treedepth__, n_leapfrog__, divergent__,
// energy__: SamplerColumns), then the model's output quantities.
// treedepth__, n_leapfrog__ and divergent__ are whole numbers stored as
// float64, as in Stan CSV files. Chain c's draws are its first
// draws_written[c] rows; the rows after them, if any, are not draws.
//
// DIR/draws.json describes the values and the run. Its keys:
//
//	format                  "bayes-draws"
//	version                 2 (version 1, from bayes before draws_written,
//	                        had no status and no draws_written: every
//	                        chain held draws_per_chain draws)
//	status                  "finished": every chain wrote all its draws;
//	                        "stopped": the run ended early (Ctrl-C, or an
//	                        error), chains hold the draws in draws_written;
//	                        "running": written when the run starts, so a
//	                        run still going, or killed, has it; the counts
//	                        are then in DIR/draws_written.npy
//	columns                 the K column names, Stan names ("theta[1]")
//	chains                  C
//	chain_offset            the first chain's id is chain_offset+1, the
//	                        others follow (bayes sample --chain-offset)
//	draws_per_chain         N, the rows of each chain in draws.npy (while
//	                        running, the rows planned)
//	draws_written           C counts: how many of its N rows, first, each
//	                        chain wrote: N in a finished run; fewer, or 0
//	                        for a chain that never began sampling, in a
//	                        stopped one, whose rows after the count are
//	                        NaN; absent while running
//	warmup_draws_per_chain  how many rows, first, are warmup draws (0
//	                        unless save_warmup); a chain that wrote fewer
//	                        rows has only those
//	superchain_size         chains per superchain, for a run started in
//	                        superchains (bayes sample --superchains): chain
//	                        i (0-based, after chain_offset) is in superchain
//	                        i / superchain_size; absent otherwise
//	model, seed, num_samples, num_warmup, save_warmup, thin,
//	adapt_engaged, adapt_delta, adapt_gamma, adapt_kappa, adapt_t0,
//	adapt_init_buffer, adapt_term_buffer, adapt_window,
//	max_depth, metric, stepsize, stepsize_jitter, init, data_file
//	                        the run settings, as in a Stan CSV header
//	                        (CmdStan's argument names; stepsize is the
//	                        initial step size)
//	adaptation              present when warmup ended in some chain:
//	                        {"stepsize": [one per chain],
//	                         "inv_metric": [one array per chain: the
//	                         diagonal, or for metric dense_e the n*n
//	                         matrix row by row]}; null for a chain whose
//	                        warmup did not end, and for a value that is
//	                        not finite (JSON has no NaN); absent while
//	                        running
//	elapsed_seconds         wall time of the whole run (0 while running)
//
// DIR/draws_written.npy exists while the run goes: an NPY array of C
// little-endian int64 ('<i8', shape (C,)), chain c's count of rows written,
// each rewritten in place after the rows it counts, so that the draws of a
// killed run (SIGKILL, a job's time limit) can be read: the kernel keeps
// what a process wrote, and a count never exceeds the rows written. When
// the run ends, draws.json gets the counts and this file is removed.
//
// A run that stopped early keeps every draw its chains wrote, so chains
// have different numbers of draws, as the Stan CSV files of such a run do:
// draws.npy is cut to the longest chain's rows (N is that count), and each
// shorter chain's rows after its draws are NaN.
//
// In Python:
//
//	import json, numpy as np
//	x = np.load("DIR/draws.npy")                  # [chain, draw, column]
//	meta = json.load(open("DIR/draws.json"))
//	theta1 = x[:, :, meta["columns"].index("theta[1]")]
//	# a stopped run: chain c's draws are x[c, :meta["draws_written"][c]]
//	# a killed one: n = np.load("DIR/draws_written.npy"), then x[c, :n[c]]
type NPYRun struct {
	path    string // DIR/draws.npy
	f       *os.File
	counts  *os.File // DIR/draws_written.npy
	meta    npyMeta
	ncols   int
	header  int64 // bytes before the data in draws.npy
	cheader int64 // bytes before the counts in draws_written.npy
	written []int // rows chain c wrote; each element is only touched by its chain's writer

	bufs sync.Pool // *[]byte, one per concurrent WriteRows

	mu        sync.Mutex // guards what follows
	stepsize  []float64
	invMetric [][]float64
	closed    bool
}

// CreateNPYRun starts a run of chains chains of draws rows each (warmup
// rows included when cfg.SaveWarmup) in dir, which must exist. names are
// the model's output quantities (Stan names, "theta[1]"); each row is the
// SamplerColumns then those. Chain c (0-based) has id chainOffset+c+1.
// cfg gives the run settings; its Chain and Output are not used.
//
// It writes the NPY header and sizes draws.npy to its full length, so the
// file is a valid NPY file (unwritten rows read as zeros) from the start,
// creates draws_written.npy with every count 0, and then writes draws.json
// with status "running". A draws.json left in dir by an earlier run is
// removed first, so that it is never taken for this run's.
func CreateNPYRun(dir string, cfg StanCSVConfig, names []string, chains, draws, chainOffset int) (*NPYRun, error) {
	if chains < 1 || draws < 0 || chainOffset < 0 {
		return nil, fmt.Errorf("npy run: %d chains of %d draws from chain offset %d: need at least one chain and no negative count",
			chains, draws, chainOffset)
	}
	cols := append(SamplerColumns[:len(SamplerColumns):len(SamplerColumns)], names...)
	warm := 0
	if cfg.SaveWarmup && cfg.Thin > 0 {
		// The sampler keeps warmup iterations 0, thin, 2*thin, ...
		warm = min((cfg.NumWarmup+cfg.Thin-1)/cfg.Thin, draws)
	}
	w := &NPYRun{
		path:  filepath.Join(dir, npyFile),
		ncols: len(cols),
		meta: npyMeta{
			Format: npyFormatName, Version: npyFormatVer, Status: npyRunning, Columns: cols,
			Chains: chains, ChainOffset: chainOffset, DrawsPerChain: draws, WarmupDraws: warm, SuperchainSize: cfg.SuperchainSize,
			Model: cfg.Model, Seed: cfg.Seed,
			NumSamples: cfg.NumSamples, NumWarmup: cfg.NumWarmup, SaveWarmup: cfg.SaveWarmup, Thin: cfg.Thin,
			AdaptEngaged: cfg.AdaptEngaged, AdaptDelta: cfg.Delta, AdaptGamma: cfg.Gamma, AdaptKappa: cfg.Kappa, AdaptT0: cfg.T0,
			AdaptInitBuffer: cfg.InitBuffer, AdaptTermBuffer: cfg.TermBuffer, AdaptWindow: cfg.Window,
			MaxDepth: cfg.MaxDepth, Metric: cfg.Metric, Stepsize: cfg.Stepsize, StepsizeJitter: cfg.Jitter,
			Init: cfg.Init, DataFile: cfg.DataFile,
		},
		written:   make([]int, chains),
		stepsize:  make([]float64, chains),
		invMetric: make([][]float64, chains),
	}
	for c := range w.stepsize {
		w.stepsize[c] = math.NaN()
	}
	if err := os.Remove(filepath.Join(dir, npyMetaFile)); err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("cannot write draws: %w", err)
	}
	var err error
	if w.f, w.header, err = createNPY(w.path, "<f8", []int{chains, draws, w.ncols}); err != nil {
		return nil, err
	}
	if w.counts, w.cheader, err = createNPY(filepath.Join(dir, npyCountFile), "<i8", []int{chains}); err == nil {
		err = writeNPYMeta(dir, &w.meta)
		if err != nil {
			w.counts.Close()
		}
	}
	if err != nil {
		w.f.Close()
		return nil, err
	}
	return w, nil
}

// createNPY creates an NPY file of 8-byte values of the given shape, all
// zero, and returns it with its header's length.
func createNPY(path, descr string, shape []int) (*os.File, int64, error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, 0, fmt.Errorf("cannot write draws: %w", err)
	}
	h := npyHeader(descr, shape)
	n := int64(8)
	for _, d := range shape {
		n *= int64(d)
	}
	if _, err = f.WriteAt(h, 0); err == nil {
		err = f.Truncate(int64(len(h)) + n)
	}
	if err != nil {
		f.Close()
		return nil, 0, fmt.Errorf("cannot write draws to %s: %w", path, err)
	}
	return f, int64(len(h)), nil
}

// writeNPYMeta writes m as dir's draws.json, to a temporary file renamed
// into place, so that a reader never sees half of it.
func writeNPYMeta(dir string, m *npyMeta) error {
	data, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return fmt.Errorf("writing %s: %w", npyMetaFile, err)
	}
	path := filepath.Join(dir, npyMetaFile)
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, append(data, '\n'), 0o644); err != nil {
		return fmt.Errorf("cannot write draws: %w", err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("cannot write draws: %w", err)
	}
	return nil
}

// offset returns where row r of chain c starts in a file of rows rows per
// chain.
func (w *NPYRun) offset(c, r, rows int) int64 {
	return w.header + (int64(c)*int64(rows)+int64(r))*int64(w.ncols)*8
}

// Path returns the path of draws.npy.
func (w *NPYRun) Path() string { return w.path }

// WriteRows writes rows first, first+1, ... of chain c (0-based): rows holds
// whole rows of len(SamplerColumns)+len(names) values each, the sampler
// columns then the outputs, and first must be the number of rows the chain
// has written so far. It encodes them into one buffer and writes it with
// one os.File.WriteAt, then the chain's new count to draws_written.npy, so
// it is safe for concurrent use on distinct chains and makes no allocation
// once its buffers are warm.
func (w *NPYRun) WriteRows(c, first int, rows []float64) error {
	k := len(rows) / w.ncols
	if c < 0 || c >= w.meta.Chains || first < 0 || len(rows)%w.ncols != 0 || first+k > w.meta.DrawsPerChain {
		return fmt.Errorf("writing %s: %d values from row %d of chain %d: want whole rows of %d values within %d chains of %d rows",
			w.path, len(rows), first, c, w.ncols, w.meta.Chains, w.meta.DrawsPerChain)
	}
	if first != w.written[c] {
		return fmt.Errorf("writing %s: rows from %d of chain %d, which has written %d: a chain writes its rows in order",
			w.path, first, c, w.written[c])
	}
	if k == 0 {
		return nil
	}
	bp, _ := w.bufs.Get().(*[]byte)
	if bp == nil {
		bp = new([]byte)
	}
	b := (*bp)[:0]
	for _, x := range rows {
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(x))
	}
	_, err := w.f.WriteAt(b, w.offset(c, first, w.meta.DrawsPerChain))
	if err == nil {
		// Only after the rows: a process killed between the two writes
		// leaves a count that is short, never one that is long.
		b = binary.LittleEndian.AppendUint64(b[:0], uint64(first+k))
		_, err = w.counts.WriteAt(b, w.cheader+8*int64(c))
	}
	*bp = b
	w.bufs.Put(bp)
	if err != nil {
		return fmt.Errorf("writing %s: %w", w.path, err)
	}
	w.written[c] = first + k
	return nil
}

// SetAdaptation records chain c's adapted step size and inverse metric (the
// diagonal, or for metric dense_e the n*n matrix row by row), for
// draws.json. A chain never given one (its warmup did not end) has null.
func (w *NPYRun) SetAdaptation(c int, stepsize float64, invMetric []float64) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if c >= 0 && c < len(w.stepsize) {
		w.stepsize[c] = stepsize
		w.invMetric[c] = append([]float64(nil), invMetric...)
	}
}

// Close finishes the files once every WriteRows has returned. When a chain
// wrote fewer rows than planned (a run stopped early), draws.npy is cut to
// the longest chain's rows and every chain's rows after its own are set to
// NaN. Then it writes draws.json, with status "finished" or "stopped" and
// the counts, and removes draws_written.npy.
//
// Every step leaves files that read back: draws.npy is cut by writing a new
// file renamed over it, whose rows hold every counted row, and until
// draws.json is rewritten the reader takes the shape from draws.npy and
// the counts from draws_written.npy.
func (w *NPYRun) Close(elapsed time.Duration) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.closed {
		return fmt.Errorf("writing %s: closed twice", w.path)
	}
	w.closed = true
	rows := slices.Max(w.written)
	err := w.finishNPY(rows)
	if cerr := w.f.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("writing %s: %w", w.path, cerr)
	}
	countPath := w.counts.Name()
	if cerr := w.counts.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("writing %s: %w", countPath, cerr)
	}
	if err != nil {
		return err
	}
	m := w.meta
	m.Status = npyFinished
	if slices.Min(w.written) < m.DrawsPerChain {
		m.Status = npyStopped
	}
	m.DrawsPerChain = rows
	m.DrawsWritten = slices.Clone(w.written)
	m.WarmupDraws = min(m.WarmupDraws, rows)
	m.ElapsedSeconds = elapsed.Seconds()
	var a npyAdaptation
	for c, s := range w.stepsize {
		a.Stepsize = append(a.Stepsize, jsonFloat(s))
		var row []jsonFloat
		for _, x := range w.invMetric[c] {
			row = append(row, jsonFloat(x))
		}
		a.InvMetric = append(a.InvMetric, row)
		if w.invMetric[c] != nil || !math.IsNaN(s) {
			m.Adaptation = &a
		}
	}
	if err := writeNPYMeta(filepath.Dir(w.path), &m); err != nil {
		return err
	}
	if err := os.Remove(countPath); err != nil {
		return fmt.Errorf("cannot write draws: %w", err)
	}
	return nil
}

// finishNPY leaves draws.npy with rows rows per chain: each chain's written
// rows, then NaN.
func (w *NPYRun) finishNPY(rows int) error {
	planned, rowBytes := w.meta.DrawsPerChain, int64(w.ncols)*8
	nan := make([]byte, min(npyChunk, int64(planned)*rowBytes))
	for i := 0; i < len(nan); i += 8 {
		binary.LittleEndian.PutUint64(nan[i:], math.Float64bits(math.NaN()))
	}
	// fillNaN writes n bytes of NaN with wr, from offset at.
	fillNaN := func(wr io.WriterAt, at, n int64) error {
		for n > 0 {
			b := nan[:min(int64(len(nan)), n)]
			if _, err := wr.WriteAt(b, at); err != nil {
				return err
			}
			at, n = at+int64(len(b)), n-int64(len(b))
		}
		return nil
	}
	if rows == planned {
		// Some chain is whole: the file keeps its shape.
		for c, n := range w.written {
			if err := fillNaN(w.f, w.offset(c, n, planned), int64(planned-n)*rowBytes); err != nil {
				return fmt.Errorf("writing %s: %w", w.path, err)
			}
		}
		return nil
	}
	tmp := w.path + ".tmp"
	out, err := os.Create(tmp)
	if err != nil {
		return fmt.Errorf("cannot write draws: %w", err)
	}
	h := npyHeader("<f8", []int{w.meta.Chains, rows, w.ncols})
	_, err = out.Write(h)
	buf := make([]byte, max(8, min(npyChunk, int64(rows)*rowBytes))) // CopyBuffer takes no empty buffer
	at := int64(len(h))
	for c, n := range w.written {
		if err != nil {
			break
		}
		size := int64(n) * rowBytes
		_, err = io.CopyBuffer(io.NewOffsetWriter(out, at), io.NewSectionReader(w.f, w.offset(c, 0, planned), size), buf)
		if err == nil {
			err = fillNaN(out, at+size, int64(rows-n)*rowBytes)
		}
		at += int64(rows) * rowBytes
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, w.path)
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("writing %s: %w", w.path, err)
	}
	return nil
}
