package diagnostics

import (
	"bufio"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
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
	npyFile        = "draws.npy"
	npyMetaFile    = "draws.json"
	npyFormatName  = "bayes-draws"
	npyFormatVer   = 1
	npyMagic       = "\x93NUMPY"
	npyAlign       = 64 // numpy.lib.format.ARRAY_ALIGN
	npyGrowthSpace = 21 // numpy.lib.format.GROWTH_AXIS_MAX_DIGITS
	npyChunk       = 4 << 20
)

// npyMeta is the content of draws.json.
type npyMeta struct {
	Format        string   `json:"format"`
	Version       int      `json:"version"`
	Columns       []string `json:"columns"`
	Chains        int      `json:"chains"`
	ChainOffset   int      `json:"chain_offset"`
	DrawsPerChain int      `json:"draws_per_chain"`
	WarmupDraws   int      `json:"warmup_draws_per_chain"`

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

// UnmarshalJSON reads what jsonFloat.MarshalJSON (report.go) writes: a
// number, or null (JSON has no NaN or Inf) as NaN.
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
		Init: m.Init, DataFile: m.DataFile,
	}
}

// npyHeader returns the NPY 1.0 header of a little-endian float64 C-order
// array of the given shape, byte for byte as numpy.save writes it
// (numpy.lib.format._write_array_header and _wrap_header, NumPy >= 1.24):
// the dict, 21 - len(str(shape[0])) spaces left for the first axis to
// grow, then spaces to a multiple of 64 bytes (64 more when already there)
// and '\n'. When minLen is larger the header is padded to minLen bytes,
// as numpy does given header_len, so that rewriting it with a smaller shape
// leaves the data where they are.
func npyHeader(shape [3]int, minLen int) []byte {
	dict := fmt.Sprintf("{'descr': '<f8', 'fortran_order': False, 'shape': (%d, %d, %d), }", shape[0], shape[1], shape[2])
	dict += strings.Repeat(" ", max(0, npyGrowthSpace-len(strconv.Itoa(shape[0]))))
	prefix := len(npyMagic) + 2 + 2 // magic, version, uint16 header length
	hlen := len(dict) + 1           // with the '\n'
	pad := npyAlign - (prefix+hlen)%npyAlign
	if total := prefix + hlen + pad; total < minLen {
		pad += minLen - total
	}
	b := make([]byte, 0, prefix+hlen+pad)
	b = append(b, npyMagic...)
	b = append(b, 1, 0)
	b = binary.LittleEndian.AppendUint16(b, uint16(hlen+pad))
	b = append(b, dict...)
	b = append(b, strings.Repeat(" ", pad)...)
	return append(b, '\n')
}

// NPYRun writes a run's draws to DIR/draws.npy and DIR/draws.json, which
// ReadNPYRun and ReadRuns read back. Chains write their rows concurrently,
// each row range once, in any order.
//
// A run is two files in its directory:
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
// float64, as in Stan CSV files.
//
// DIR/draws.json describes the values and the run. Its keys:
//
//	format                  "bayes-draws"
//	version                 1
//	columns                 the K column names, Stan names ("theta[1]")
//	chains                  C
//	chain_offset            the first chain's id is chain_offset+1, the
//	                        others follow (bayes sample --chain-offset)
//	draws_per_chain         N, the rows of each chain in draws.npy
//	warmup_draws_per_chain  how many of those rows, first, are warmup
//	                        draws (0 unless save_warmup)
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
//	                        not finite (JSON has no NaN)
//	elapsed_seconds         wall time of the whole run
//
// draws.json is written last, when the run ends: a draws.npy without it is
// from a run still going or killed, and is not read. A run stopped early (Ctrl-C)
// keeps the draws every chain completed: draws.npy is compacted to shape
// (C, kept, K) and draws_per_chain says kept.
//
// In Python:
//
//	import json, numpy as np
//	x = np.load("DIR/draws.npy")                  # [chain, draw, column]
//	meta = json.load(open("DIR/draws.json"))
//	theta1 = x[:, :, meta["columns"].index("theta[1]")]
type NPYRun struct {
	path   string // DIR/draws.npy
	f      *os.File
	meta   npyMeta
	ncols  int
	header int64 // bytes before the data

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
// file is a valid NPY file (unwritten rows read as zeros) from the start.
// A draws.json left in dir by an earlier run is removed first, so that it is
// never taken for this run's.
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
			Format: npyFormatName, Version: npyFormatVer, Columns: cols,
			Chains: chains, ChainOffset: chainOffset, DrawsPerChain: draws, WarmupDraws: warm,
			Model: cfg.Model, Seed: cfg.Seed,
			NumSamples: cfg.NumSamples, NumWarmup: cfg.NumWarmup, SaveWarmup: cfg.SaveWarmup, Thin: cfg.Thin,
			AdaptEngaged: cfg.AdaptEngaged, AdaptDelta: cfg.Delta, AdaptGamma: cfg.Gamma, AdaptKappa: cfg.Kappa, AdaptT0: cfg.T0,
			AdaptInitBuffer: cfg.InitBuffer, AdaptTermBuffer: cfg.TermBuffer, AdaptWindow: cfg.Window,
			MaxDepth: cfg.MaxDepth, Metric: cfg.Metric, Stepsize: cfg.Stepsize, StepsizeJitter: cfg.Jitter,
			Init: cfg.Init, DataFile: cfg.DataFile,
		},
		stepsize:  make([]float64, chains),
		invMetric: make([][]float64, chains),
	}
	for c := range w.stepsize {
		w.stepsize[c] = math.NaN()
	}
	if err := os.Remove(filepath.Join(dir, npyMetaFile)); err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("cannot write draws: %w", err)
	}
	f, err := os.Create(w.path)
	if err != nil {
		return nil, fmt.Errorf("cannot write draws: %w", err)
	}
	h := npyHeader([3]int{chains, draws, w.ncols}, 0)
	w.f, w.header = f, int64(len(h))
	if _, err := f.WriteAt(h, 0); err == nil {
		err = f.Truncate(w.offset(chains, 0, draws))
	}
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("cannot write draws to %s: %w", w.path, err)
	}
	return w, nil
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
// columns then the outputs. It encodes them into one buffer and writes it
// with one os.File.WriteAt, so it is safe for concurrent use on distinct
// (chain, row) ranges and makes no allocation once its buffers are warm.
func (w *NPYRun) WriteRows(c, first int, rows []float64) error {
	k := len(rows) / w.ncols
	if c < 0 || c >= w.meta.Chains || first < 0 || len(rows)%w.ncols != 0 || first+k > w.meta.DrawsPerChain {
		return fmt.Errorf("writing %s: %d values from row %d of chain %d: want whole rows of %d values within %d chains of %d rows",
			w.path, len(rows), first, c, w.ncols, w.meta.Chains, w.meta.DrawsPerChain)
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
	*bp = b
	w.bufs.Put(bp)
	if err != nil {
		return fmt.Errorf("writing %s: %w", w.path, err)
	}
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

// Close finishes the files. kept is the number of complete rows every chain
// has: draws for a finished run, fewer for an interrupted one. When kept <
// draws, each chain's first kept rows are moved down in place, the header
// rewritten for shape (chains, kept, K) and the file cut, so draws.npy is a
// valid NPY file of only whole draws. Then it writes draws.json (to a
// temporary file renamed into place), last, so that its presence means the
// run's files are complete.
func (w *NPYRun) Close(kept int, elapsed time.Duration) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.closed {
		return fmt.Errorf("writing %s: closed twice", w.path)
	}
	w.closed = true
	err := w.finishNPY(kept)
	if cerr := w.f.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("writing %s: %w", w.path, cerr)
	}
	if err != nil {
		return err
	}
	m := w.meta
	m.DrawsPerChain = kept
	m.WarmupDraws = min(m.WarmupDraws, kept)
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
	data, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return fmt.Errorf("writing %s: %w", npyMetaFile, err)
	}
	path := filepath.Join(filepath.Dir(w.path), npyMetaFile)
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, append(data, '\n'), 0o644); err != nil {
		return fmt.Errorf("cannot write draws: %w", err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("cannot write draws: %w", err)
	}
	return nil
}

// finishNPY compacts draws.npy to kept rows per chain.
func (w *NPYRun) finishNPY(kept int) error {
	chains, rows := w.meta.Chains, w.meta.DrawsPerChain
	if kept < 0 || kept > rows {
		return fmt.Errorf("writing %s: %d rows kept of %d", w.path, kept, rows)
	}
	if kept == rows {
		return nil
	}
	// Chain c moves from offset(c, 0, rows) down to offset(c, 0, kept);
	// copying chains in order, each front to back, reads every byte before
	// anything is written over it.
	buf := make([]byte, min(npyChunk, int64(kept)*int64(w.ncols)*8))
	for c := 1; c < chains; c++ {
		src, dst := w.offset(c, 0, rows), w.offset(c, 0, kept)
		for n := int64(kept) * int64(w.ncols) * 8; n > 0; {
			b := buf[:min(int64(len(buf)), n)]
			if _, err := w.f.ReadAt(b, src); err != nil {
				return fmt.Errorf("compacting %s: %w", w.path, err)
			}
			if _, err := w.f.WriteAt(b, dst); err != nil {
				return fmt.Errorf("compacting %s: %w", w.path, err)
			}
			src, dst, n = src+int64(len(b)), dst+int64(len(b)), n-int64(len(b))
		}
	}
	h := npyHeader([3]int{chains, kept, w.ncols}, int(w.header))
	if len(h) != int(w.header) {
		return fmt.Errorf("compacting %s: header grew from %d to %d bytes", w.path, w.header, len(h)) // cannot happen: kept < rows
	}
	if _, err := w.f.WriteAt(h, 0); err != nil {
		return fmt.Errorf("compacting %s: %w", w.path, err)
	}
	if err := w.f.Truncate(w.offset(chains, 0, kept)); err != nil {
		return fmt.Errorf("compacting %s: %w", w.path, err)
	}
	return nil
}

// ReadNPYRun reads the run that CreateNPYRun wrote in dir: one StanCSV per
// chain, in chain order, as if each chain had been read from its own Stan
// CSV file. Columns are CSV names ("theta.1"); Settings hold exactly the
// keys a Stan CSV file of the same settings gives (ReadStanCSV), "id" the
// chain id and "output.file" the path of draws.npy; Adaptation is the
// chain's from draws.json; TotalSeconds is the whole run's elapsed time.
func ReadNPYRun(dir string) ([]*StanCSV, error) {
	return readNPYRun(filepath.Join(dir, npyFile))
}

// readNPYRun reads the run whose draws.npy is at path, its draws.json
// beside it (x.npy's metadata is x.json).
func readNPYRun(path string) ([]*StanCSV, error) {
	metaPath := strings.TrimSuffix(path, ".npy") + ".json"
	m, err := readNPYMeta(metaPath)
	if err != nil {
		return nil, err
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("cannot read %s: %w", path, notExist(err))
	}
	defer f.Close()
	shape, header, err := readNPYHeader(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	C, N, K := shape[0], shape[1], shape[2]
	dims := fmt.Sprintf("(%d, %d, %d)", C, N, K)
	switch {
	case float64(C)*float64(N)*float64(K) > 1<<60:
		return nil, fmt.Errorf("%s: shape %s is too large", path, dims)
	case K != len(m.Columns):
		return nil, fmt.Errorf("%s: shape %s has %d columns, but %s names %d", path, dims, K, metaPath, len(m.Columns))
	case C != m.Chains || N != m.DrawsPerChain:
		return nil, fmt.Errorf("%s: shape %s does not match %s (%d chains of %d draws)", path, dims, metaPath, m.Chains, m.DrawsPerChain)
	case m.Adaptation != nil && (len(m.Adaptation.Stepsize) != C || len(m.Adaptation.InvMetric) != C):
		return nil, fmt.Errorf("%s: adaptation has %d step sizes and %d inverse metrics for %d chains",
			metaPath, len(m.Adaptation.Stepsize), len(m.Adaptation.InvMetric), C)
	}
	info, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("cannot read %s: %w", path, err)
	}
	if want := header + int64(C)*int64(N)*int64(K)*8; info.Size() != want {
		what := "shorter"
		if info.Size() > want {
			what = "longer"
		}
		return nil, fmt.Errorf("%s: file is %d bytes, %s than the %d its shape %s needs (is it a partial copy?)",
			path, info.Size(), what, want, dims)
	}

	settings := npySettings(m, path)
	columns := make([]string, K)
	for j, name := range m.Columns {
		columns[j] = CSVName(name)
	}
	r := bufio.NewReaderSize(io.NewSectionReader(f, header, info.Size()-header), int(min(npyChunk, info.Size())))
	out := make([]*StanCSV, C)
	for c := range out {
		values := make([]float64, N*K)
		if err := readFloats(r, values); err != nil {
			return nil, fmt.Errorf("cannot read %s: %w", path, err)
		}
		rows := make([][]float64, N)
		for i := range rows {
			rows[i] = values[i*K : (i+1)*K : (i+1)*K]
		}
		s := &StanCSV{
			Settings:      maps.Clone(settings),
			Columns:       slices.Clone(columns),
			Warmup:        rows[:m.WarmupDraws:m.WarmupDraws],
			Draws:         rows[m.WarmupDraws:],
			WarmupSeconds: math.NaN(), SamplingSeconds: math.NaN(), TotalSeconds: m.ElapsedSeconds,
		}
		s.Settings["id"] = strconv.Itoa(m.ChainOffset + c + 1)
		if a := m.Adaptation; a != nil && (a.InvMetric[c] != nil || !math.IsNaN(float64(a.Stepsize[c]))) {
			s.Adaptation = &Adaptation{Stepsize: float64(a.Stepsize[c]), Dense: m.Metric == "dense_e"}
			for _, x := range a.InvMetric[c] {
				s.Adaptation.InvMetric = append(s.Adaptation.InvMetric, float64(x))
			}
		}
		out[c] = s
	}
	return out, nil
}

// readFloats fills dst with little-endian float64s from r, decoding them
// in r's buffer: the file is read in chunks of r's size, across chains.
func readFloats(r *bufio.Reader, dst []float64) error {
	for len(dst) > 0 {
		b, err := r.Peek(min(r.Size(), 8*len(dst)))
		if err != nil {
			return err
		}
		for i := range len(b) / 8 {
			dst[i] = math.Float64frombits(binary.LittleEndian.Uint64(b[8*i:]))
		}
		r.Discard(len(b))
		dst = dst[len(b)/8:]
	}
	return nil
}

// readNPYMeta reads and checks draws.json.
func readNPYMeta(path string) (*npyMeta, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("cannot read %s: %w (it is written when the run ends: a run still going, or killed, has only draws.npy)",
			path, notExist(err))
	}
	if err != nil {
		return nil, fmt.Errorf("cannot read %s: %w", path, notExist(err))
	}
	var m npyMeta
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("%s: not valid JSON: %w", path, err)
	}
	switch {
	case m.Format != npyFormatName:
		return nil, fmt.Errorf("%s: format is %q, want %q", path, m.Format, npyFormatName)
	case m.Version != npyFormatVer:
		return nil, fmt.Errorf("%s: version %d of the %s format; this bayes reads version %d", path, m.Version, npyFormatName, npyFormatVer)
	case m.Chains < 0 || m.DrawsPerChain < 0 || m.ChainOffset < 0:
		return nil, fmt.Errorf("%s: negative chains (%d), draws_per_chain (%d) or chain_offset (%d)",
			path, m.Chains, m.DrawsPerChain, m.ChainOffset)
	case m.WarmupDraws < 0 || m.WarmupDraws > m.DrawsPerChain:
		return nil, fmt.Errorf("%s: warmup_draws_per_chain %d is not within draws_per_chain %d", path, m.WarmupDraws, m.DrawsPerChain)
	}
	return &m, nil
}

// npySettings returns the Settings a Stan CSV file of m's settings has: the
// header StanCSVWriter would write, read by ReadStanCSV's own parser, so
// the two formats give the same keys and values.
func npySettings(m *npyMeta, path string) map[string]string {
	cfg := m.config()
	cfg.Chain, cfg.Output = m.ChainOffset+1, path
	var b strings.Builder
	writeConfig(&b, cfg)
	p := stanCSVParser{out: &StanCSV{Settings: map[string]string{}}}
	for line := range strings.Lines(b.String()) {
		p.setting(strings.TrimSuffix(line, "\n")[1:]) // after the '#'
	}
	return p.out.Settings
}

// readNPYHeader reads the NPY header at the start of r and returns the
// shape and the header's length. Only what CreateNPYRun writes is read:
// three dimensions of little-endian float64 in C order; numpy.save writes
// the same for such an array.
func readNPYHeader(r io.Reader) ([3]int, int64, error) {
	var shape [3]int
	pre := make([]byte, 10)
	if _, err := io.ReadFull(r, pre); err != nil {
		return shape, 0, fmt.Errorf("not an NPY file (too short for its header)")
	}
	if string(pre[:6]) != npyMagic {
		return shape, 0, fmt.Errorf("not an NPY file (it does not start with \\x93NUMPY)")
	}
	// Versions 2.0 and 3.0 differ only in a 4-byte header length (and 3.0
	// in a UTF-8 header, the same for what is read here).
	var hlen, prefix int
	switch pre[6] {
	case 1:
		hlen, prefix = int(binary.LittleEndian.Uint16(pre[8:])), 10
	case 2, 3:
		more := make([]byte, 2)
		if _, err := io.ReadFull(r, more); err != nil {
			return shape, 0, fmt.Errorf("NPY header cut off")
		}
		hlen, prefix = int(binary.LittleEndian.Uint32(append(pre[8:10:10], more...))), 12
	default:
		return shape, 0, fmt.Errorf("NPY format version %d.%d; bayes reads 1.0, 2.0 and 3.0", pre[6], pre[7])
	}
	if hlen > 1<<20 {
		return shape, 0, fmt.Errorf("NPY header of %d bytes is too long", hlen)
	}
	hb := make([]byte, hlen)
	if _, err := io.ReadFull(r, hb); err != nil {
		return shape, 0, fmt.Errorf("NPY header cut off (it says %d bytes)", hlen)
	}
	dict, err := parseNPYDict(string(hb))
	if err != nil {
		return shape, 0, fmt.Errorf("NPY header %q: %w", strings.TrimSpace(string(hb)), err)
	}
	if d := dict["descr"]; d != "'<f8'" {
		return shape, 0, fmt.Errorf("unsupported dtype %s: bayes reads little-endian float64 ('<f8')", d)
	}
	if fo := dict["fortran_order"]; fo != "False" {
		return shape, 0, fmt.Errorf("fortran_order is %s: bayes reads C order (False)", fo)
	}
	dims := strings.Split(strings.Trim(dict["shape"], "()"), ",")
	if len(dims) == 4 && strings.TrimSpace(dims[3]) == "" {
		dims = dims[:3] // "(2, 3, 4,)"
	}
	if len(dims) != 3 {
		return shape, 0, fmt.Errorf("shape %s: want three dimensions (chains, draws, columns)", dict["shape"])
	}
	for i, d := range dims {
		n, err := strconv.Atoi(strings.TrimSpace(d))
		if err != nil || n < 0 {
			return shape, 0, fmt.Errorf("shape %s: %q is not a size", dict["shape"], strings.TrimSpace(d))
		}
		shape[i] = n
	}
	return shape, int64(prefix + hlen), nil
}

// parseNPYDict splits the header's Python dict literal into its keys and
// the source text of their values. It reads the literals numpy writes:
// 'quoted' keys and strings, True/False, and a tuple of integers.
func parseNPYDict(s string) (map[string]string, error) {
	s = strings.TrimSpace(s)
	if !strings.HasPrefix(s, "{") || !strings.HasSuffix(s, "}") {
		return nil, fmt.Errorf("not a Python dict")
	}
	s = strings.TrimSpace(s[1 : len(s)-1])
	out := map[string]string{}
	for s != "" {
		if s[0] != '\'' {
			return nil, fmt.Errorf("want a quoted key at %q", s)
		}
		end := strings.IndexByte(s[1:], '\'')
		if end < 0 {
			return nil, fmt.Errorf("unterminated key at %q", s)
		}
		key := s[1 : end+1]
		s = strings.TrimSpace(s[end+2:])
		if !strings.HasPrefix(s, ":") {
			return nil, fmt.Errorf("want ':' after key '%s'", key)
		}
		s = strings.TrimSpace(s[1:])
		var n int
		switch {
		case strings.HasPrefix(s, "'"):
			if n = strings.IndexByte(s[1:], '\'') + 2; n < 2 {
				n = 0
			}
		case strings.HasPrefix(s, "("):
			n = strings.IndexByte(s, ')') + 1
		default:
			n = strings.IndexByte(s, ',')
			if n < 0 {
				n = len(s)
			}
		}
		if n <= 0 || n > len(s) {
			return nil, fmt.Errorf("unterminated value of '%s'", key)
		}
		out[key] = strings.TrimSpace(s[:n])
		s = strings.TrimSpace(s[n:])
		if strings.HasPrefix(s, ",") {
			s = strings.TrimSpace(s[1:])
		} else if s != "" {
			return nil, fmt.Errorf("want ',' after the value of '%s'", key)
		}
	}
	for _, k := range []string{"descr", "fortran_order", "shape"} {
		if _, ok := out[k]; !ok {
			return nil, fmt.Errorf("no '%s' key", k)
		}
	}
	return out, nil
}
