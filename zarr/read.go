package zarr

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"

	"github.com/bayes-dev/bayes/runfiles"
)

// This file reads a run's store back as Stan CSV chains, for bayes summary,
// plot and loo (runfiles.ReadRuns finds stores through StoreReaders).

func init() { runfiles.StoreReaders[".zarr"] = ReadRun }

// ReadRun reads the store at dir, written by Store (bayes sample
// --output-format zarr), as one StanCSV per chain, in chain order: the
// Stan sampler columns (lp__ ... energy__) then the run's columns in the
// order of its CSV files, posterior, log_likelihood and
// posterior_predictive variables alike. Each chain has exactly the draws
// on disk that it made: a store closed early (Ctrl-C) counts them in its
// draws_written attribute; a store never closed (a killed run) has them in
// its whole chunks only, so a chain block's count is the chunks present
// along the draw axis, from the first, for every array. The note, when not
// empty, says that the run did not finish and what was read.
func ReadRun(dir string) ([]*runfiles.StanCSV, string, error) {
	var root struct {
		Columns       []string `json:"bayes_columns"`
		LogLik        string   `json:"bayes_log_likelihood"`
		PostPred      []string `json:"bayes_posterior_predictive"`
		Written       []int    `json:"draws_written"`
		WarmupWritten []int    `json:"warmup_draws_written"`
	}
	if err := readJSON(dir, ".zattrs", &root); err != nil {
		return nil, "", err
	}
	if root.Columns == nil {
		return nil, "", fmt.Errorf("%s: its .zattrs has no bayes_columns: not a store of bayes sample --output-format zarr (or one of an earlier bayes)", dir)
	}
	var attrs map[string]json.Number
	if err := readJSONNumbers(dir, "posterior/.zattrs", &attrs); err != nil {
		return nil, "", err
	}
	vars, err := variables(root.Columns)
	if err != nil {
		return nil, "", fmt.Errorf("%s: bayes_columns: %w", dir, err)
	}
	spec := Spec{Names: root.Columns, LogLik: root.LogLik, PosteriorPredictive: root.PostPred}
	sampling, err := readPhase(dir, newPhase("posterior", "sample_stats", 1, spec, vars), root.Written)
	if err != nil {
		return nil, "", err
	}
	var warmup *phaseRows
	if _, err := os.Stat(filepath.Join(dir, "warmup_sample_stats", "lp", ".zarray")); err == nil {
		if warmup, err = readPhase(dir, newPhase("warmup_posterior", "warmup_sample_stats", 1, spec, vars), root.WarmupWritten); err != nil {
			return nil, "", err
		}
	}
	invMetric, dense := readInvMetric(dir, len(sampling.rows))

	columns := make([]string, 0, len(SamplerColumns)+len(root.Columns))
	for _, c := range SamplerColumns {
		columns = append(columns, c.Stan)
	}
	for _, n := range root.Columns {
		columns = append(columns, runfiles.CSVName(n))
	}
	settings := map[string]string{"output.file": dir}
	for k, v := range attrs {
		settings[k] = v.String()
	}
	var raw map[string]any
	readJSON(dir, "posterior/.zattrs", &raw) // read above: strings as they are
	for k, v := range raw {
		if s, ok := v.(string); ok {
			settings[k] = s
		}
	}
	for from, to := range map[string]string{"data_file": "data.file", "adapt_delta": "delta"} {
		if v, ok := settings[from]; ok {
			settings[to] = v
			delete(settings, from)
		}
	}
	settings["file"] = settings["data.file"]
	offset := 0
	if err := readChainOffset(dir, &offset); err != nil {
		return nil, "", err
	}
	out := make([]*runfiles.StanCSV, len(sampling.rows))
	drawn, draws := 0, 0
	for c := range out {
		s := &runfiles.StanCSV{Settings: make(map[string]string, len(settings)+1), Columns: slices.Clone(columns),
			Draws:         sampling.rows[c],
			WarmupSeconds: math.NaN(), SamplingSeconds: math.NaN(), TotalSeconds: math.NaN()}
		for k, v := range settings {
			s.Settings[k] = v
		}
		s.Settings["id"] = strconv.Itoa(offset + c + 1)
		if warmup != nil && c < len(warmup.rows) {
			s.Warmup = warmup.rows[c]
		}
		if invMetric != nil && invMetric[c] != nil && len(s.Draws) > 0 {
			s.Adaptation = &runfiles.Adaptation{Stepsize: s.Draws[0][2], InvMetric: invMetric[c], Dense: dense}
		}
		out[c] = s
		if len(s.Draws) > 0 {
			drawn++
		}
		draws += len(s.Draws)
	}
	note := ""
	switch {
	case sampling.killed:
		note = fmt.Sprintf("%s has no draws_written: the run was killed (or is still going); read the %d draws that %d of its %d chains had in whole chunks",
			dir, draws, drawn, len(out))
	case sampling.stopped:
		note = fmt.Sprintf("%s: the run stopped early (Ctrl-C?); %d of its %d chains have draws, %d in all", dir, drawn, len(out), draws)
	}
	return out, note, nil
}

// phaseRows is one phase's draws read back: rows[chain][draw][column].
type phaseRows struct {
	rows    [][][]float64
	killed  bool // the store was never closed: counts from the chunks
	stopped bool // closed before every chain had its planned draws
}

// readPhase reads p's arrays: written is the store's count of each chain's
// draws, nil when the store was never closed.
func readPhase(dir string, p *phase, written []int) (*phaseRows, error) {
	var metas []arrayMeta
	var chains, draws, cc, bd int
	for i, a := range p.arrays {
		var m arrayMeta
		if err := readJSON(dir, a.key+"/.zarray", &m); err != nil {
			return nil, err
		}
		n := len(a.shape) + 2
		switch {
		case len(m.Shape) != n || len(m.Chunks) != n:
			return nil, fmt.Errorf("%s/%s: shape %v and chunks %v, want %d dimensions", dir, a.key, m.Shape, m.Chunks, n)
		case m.DType != a.t || m.Compressor != nil || m.Filters != nil || m.Order != "C":
			return nil, fmt.Errorf("%s/%s: dtype %s, compressor %v, filters %v, order %s: want %s, uncompressed, unfiltered, C order",
				dir, a.key, m.DType, m.Compressor, m.Filters, m.Order, a.t)
		case !slices.Equal(m.Shape[2:], a.shape) || !slices.Equal(m.Chunks[2:], a.shape):
			return nil, fmt.Errorf("%s/%s: shape %v, chunks %v: the elements do not match bayes_columns (%v)", dir, a.key, m.Shape, m.Chunks, a.shape)
		case m.Chunks[0] < 1 || m.Chunks[1] < 1 || m.Shape[0] < 0 || m.Shape[1] < 0:
			return nil, fmt.Errorf("%s/%s: shape %v, chunks %v", dir, a.key, m.Shape, m.Chunks)
		}
		if i == 0 {
			chains, draws, cc, bd = m.Shape[0], m.Shape[1], m.Chunks[0], m.Chunks[1]
		} else if m.Shape[0] != chains || m.Shape[1] != draws || m.Chunks[0] != cc || m.Chunks[1] != bd {
			return nil, fmt.Errorf("%s/%s: shape %v, chunks %v, unlike %s's", dir, a.key, m.Shape, m.Chunks, p.arrays[0].key)
		}
		metas = append(metas, m)
	}
	out := &phaseRows{rows: make([][][]float64, chains)}
	counts := written
	if counts == nil {
		out.killed = true
		counts = make([]int, chains)
		for ci := 0; ci*cc < chains; ci++ {
			k := 0
			for ; k*bd < draws && p.chunksPresent(dir, ci, k, cc, bd); k++ {
			}
			for c := ci * cc; c < min(chains, (ci+1)*cc); c++ {
				counts[c] = min(k*bd, draws)
			}
		}
	}
	if len(counts) != chains {
		return nil, fmt.Errorf("%s: draws_written has %d counts for %d chains", dir, len(counts), chains)
	}
	if i := slices.IndexFunc(counts, func(n int) bool { return n < 0 || n > draws }); i >= 0 {
		return nil, fmt.Errorf("%s: draws_written says chain %d wrote %d draws, not within the store's %d", dir, i+1, counts[i], draws)
	}
	out.stopped = !out.killed && slices.ContainsFunc(counts, func(n int) bool { return n < draws }) // draws is the longest
	width := 0                                                                                      // the row: the sampler statistics, then every column
	for _, a := range p.arrays {
		for _, col := range a.cols {
			width = max(width, col+1)
		}
	}
	for c := range out.rows {
		out.rows[c] = make([][]float64, counts[c])
		for d := range out.rows[c] {
			out.rows[c][d] = make([]float64, width)
		}
	}
	for ci := 0; ci*cc < chains; ci++ {
		most := slices.Max(counts[ci*cc : min(chains, (ci+1)*cc)])
		for bi := 0; bi*bd < most; bi++ {
			for i, a := range p.arrays {
				values, err := readChunk(dir, a, metas[i], ci, bi, cc, bd)
				if err != nil {
					return nil, err
				}
				for c := ci * cc; c < min(chains, (ci+1)*cc); c++ {
					for d := bi * bd; d < min(counts[c], (bi+1)*bd); d++ {
						base := ((c-ci*cc)*bd + d - bi*bd) * len(a.cols)
						for e, col := range a.cols {
							if col >= 0 {
								out.rows[c][d][col] = values[base+e]
							}
						}
					}
				}
			}
		}
	}
	// A draw the store holds has a finite lp__; NaN marks a cell that was
	// never filled (a store closed half-way, then killed): cut there.
	for c, rows := range out.rows {
		if i := slices.IndexFunc(rows, func(r []float64) bool { return math.IsNaN(r[0]) }); i >= 0 {
			out.rows[c] = rows[:i:i]
		}
	}
	return out, nil
}

// chunksPresent reports whether every array of p has its chunk (ci, bi):
// a cell's chunks are written one array after another, so a killed run may
// have some of them only.
func (p *phase) chunksPresent(dir string, ci, bi, cc, bd int) bool {
	for _, a := range p.arrays {
		info, err := os.Stat(chunkPath(dir, a, ci, bi))
		if err != nil || info.Size() != int64(cc*bd*len(a.cols)*a.t.size()) {
			return false
		}
	}
	return true
}

func chunkPath(dir string, a *array, ci, bi int) string {
	idx := append([]int{ci, bi}, make([]int, len(a.shape))...)
	return filepath.Join(dir, filepath.FromSlash(a.key), chunkKey(idx))
}

// readChunk reads array a's chunk (ci, bi) as float64s, chains x draws x
// elements.
func readChunk(dir string, a *array, m arrayMeta, ci, bi, cc, bd int) ([]float64, error) {
	path := chunkPath(dir, a, ci, bi)
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("cannot read %s: %w (the store counts draws there)", path, notExist(err))
	}
	n := cc * bd * len(a.cols)
	if len(b) != n*m.DType.size() {
		return nil, fmt.Errorf("%s: %d bytes, want %d (%d values of %s)", path, len(b), n*m.DType.size(), n, m.DType)
	}
	return decode(m.DType, b), nil
}

// decode converts t's little-endian bytes to float64s.
func decode(t dtype, b []byte) []float64 {
	out := make([]float64, len(b)/t.size())
	for i := range out {
		switch t {
		case float64Type:
			out[i] = math.Float64frombits(binary.LittleEndian.Uint64(b[8*i:]))
		case int64Type:
			out[i] = float64(int64(binary.LittleEndian.Uint64(b[8*i:])))
		case boolType:
			if b[i] != 0 {
				out[i] = 1
			}
		}
	}
	return out
}

// readInvMetric reads sample_stats/inv_metric, which Close writes: nil
// for a store never closed; a chain whose warmup did not end has nil.
func readInvMetric(dir string, chains int) ([][]float64, bool) {
	var m arrayMeta
	if readJSON(dir, "sample_stats/inv_metric/.zarray", &m) != nil || m.DType != float64Type || len(m.Shape) < 2 || m.Shape[0] != chains {
		return nil, false
	}
	key := "0.0"
	if len(m.Shape) == 3 {
		key = "0.0.0"
	}
	b, err := os.ReadFile(filepath.Join(dir, "sample_stats", "inv_metric", key))
	per := 1
	for _, n := range m.Shape[1:] {
		per *= n
	}
	if err != nil || len(b) != 8*chains*per {
		return nil, false
	}
	values := decode(float64Type, b)
	out := make([][]float64, chains)
	for c := range out {
		v := values[c*per : (c+1)*per]
		if !slices.ContainsFunc(v, math.IsNaN) {
			out[c] = slices.Clone(v)
		}
	}
	return out, len(m.Shape) == 3
}

// readChainOffset reads the first chain coordinate, posterior/chain's first
// value: chain c's id is offset+c+1.
func readChainOffset(dir string, offset *int) error {
	path := filepath.Join(dir, "posterior", "chain", "0")
	b, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("cannot read %s: %w", path, notExist(err))
	}
	if len(b) >= 8 {
		*offset = int(int64(binary.LittleEndian.Uint64(b)))
	}
	return nil
}

// readJSON reads the store's JSON document key into v.
func readJSON(dir, key string, v any) error {
	path := filepath.Join(dir, filepath.FromSlash(key))
	b, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("cannot read %s: %w", path, notExist(err))
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("%s: not valid JSON: %w", path, err)
	}
	return nil
}

// readJSONNumbers is readJSON keeping numbers as written (a seed above
// 2^53 stays exact); values that are not numbers are skipped.
func readJSONNumbers(dir, key string, v *map[string]json.Number) error {
	var raw map[string]json.RawMessage
	if err := readJSON(dir, key, &raw); err != nil {
		return err
	}
	*v = map[string]json.Number{}
	for k, r := range raw {
		d := json.NewDecoder(bytes.NewReader(r))
		d.UseNumber()
		var x any
		if d.Decode(&x) == nil {
			if n, ok := x.(json.Number); ok {
				(*v)[k] = n
			}
		}
	}
	return nil
}

// notExist shortens "open x: no such file or directory" to its cause.
func notExist(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
