package runfiles

import (
	"bufio"
	"bytes"
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
)

// This file reads the run NPYRun wrote: draws.json, draws.npy and, for a
// run that has not finished, draws_written.npy.

// ReadNPYRun reads the run that CreateNPYRun wrote in dir: one StanCSV per
// chain, in chain order, as if each chain had been read from its own Stan
// CSV file. Each chain has exactly the draws it wrote, so after a run
// stopped early (Ctrl-C) or killed, chains have different numbers of draws
// and some may have none, as their CSV files would. Columns are CSV names
// ("theta.1"); Settings hold exactly the keys a Stan CSV file of the same
// settings gives (ReadStanCSV), "id" the chain id and "output.file" the
// path of draws.npy; Adaptation is the chain's from draws.json;
// TotalSeconds is the whole run's elapsed time (NaN for a run that did not
// finish writing).
func ReadNPYRun(dir string) ([]*StanCSV, error) {
	chains, _, err := readNPYRun(filepath.Join(dir, npyFile))
	return chains, err
}

// readNPYRun reads the run whose draws.npy is at path, its draws.json
// beside it (x.npy's metadata is x.json, its counts x_written.npy). For
// a run that did not finish, it also returns a note that says so and what
// was read.
func readNPYRun(path string) ([]*StanCSV, string, error) {
	metaPath := strings.TrimSuffix(path, ".npy") + ".json"
	m, err := readNPYMeta(metaPath)
	if err != nil {
		return nil, "", err
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, "", fmt.Errorf("cannot read %s: %w", path, notExist(err))
	}
	defer f.Close()
	shape, header, err := readNPYHeader(f, "<f8", 3)
	if err != nil {
		return nil, "", fmt.Errorf("%s: %w", path, err)
	}
	C, N, K := shape[0], shape[1], shape[2]
	dims := fmt.Sprintf("(%d, %d, %d)", C, N, K)
	running := m.Status == npyRunning
	switch {
	case float64(C)*float64(N)*float64(K) > 1<<60:
		return nil, "", fmt.Errorf("%s: shape %s is too large", path, dims)
	case K != len(m.Columns):
		return nil, "", fmt.Errorf("%s: shape %s has %d columns, but %s names %d", path, dims, K, metaPath, len(m.Columns))
	// A run stopped early cuts draws.npy before it rewrites draws.json:
	// while running, the file may have fewer rows than planned.
	case C != m.Chains || N != m.DrawsPerChain && !(running && N < m.DrawsPerChain):
		return nil, "", fmt.Errorf("%s: shape %s does not match %s (%d chains of %d draws)", path, dims, metaPath, m.Chains, m.DrawsPerChain)
	case m.Adaptation != nil && (len(m.Adaptation.Stepsize) != C || len(m.Adaptation.InvMetric) != C):
		return nil, "", fmt.Errorf("%s: adaptation has %d step sizes and %d inverse metrics for %d chains",
			metaPath, len(m.Adaptation.Stepsize), len(m.Adaptation.InvMetric), C)
	}
	info, err := f.Stat()
	if err != nil {
		return nil, "", fmt.Errorf("cannot read %s: %w", path, err)
	}
	if want := header + int64(C)*int64(N)*int64(K)*8; info.Size() != want {
		what := "shorter"
		if info.Size() > want {
			what = "longer"
		}
		return nil, "", fmt.Errorf("%s: file is %d bytes, %s than the %d its shape %s needs (is it a partial copy?)",
			path, info.Size(), what, want, dims)
	}
	countPath := strings.TrimSuffix(path, ".npy") + "_written.npy"
	written, counted := m.DrawsWritten, metaPath
	switch {
	case m.Version == 1:
		written = slices.Repeat([]int{N}, C)
	case running:
		if written, err = readNPYCounts(countPath, C); err != nil {
			return nil, "", err
		}
		counted = countPath
	case len(written) != C:
		return nil, "", fmt.Errorf("%s: draws_written has %d counts for %d chains", metaPath, len(written), C)
	}
	if i := slices.IndexFunc(written, func(n int) bool { return n < 0 || n > N }); i >= 0 {
		return nil, "", fmt.Errorf("%s: chain %d wrote %d draws, not within the %d rows of %s",
			counted, m.ChainOffset+i+1, written[i], N, path)
	}

	settings := npySettings(m, path)
	columns := make([]string, K)
	for j, name := range m.Columns {
		columns[j] = CSVName(name)
	}
	seconds := m.ElapsedSeconds
	if running {
		seconds = math.NaN()
	}
	r := bufio.NewReaderSize(io.NewSectionReader(f, header, info.Size()-header), int(min(npyChunk, info.Size())))
	out := make([]*StanCSV, C)
	drawn, draws := 0, 0
	for c := range out {
		n := written[c]
		values := make([]float64, n*K)
		if err := readFloats(r, values); err != nil {
			return nil, "", fmt.Errorf("cannot read %s: %w", path, err)
		}
		if _, err := r.Discard((N - n) * K * 8); err != nil {
			return nil, "", fmt.Errorf("cannot read %s: %w", path, err)
		}
		if m.Version == 1 && n > 0 && !slices.ContainsFunc(values, func(x float64) bool { return !math.IsNaN(x) }) {
			// Version 1 wrote a chain that never began sampling, in a
			// run stopped early, as NaN rows.
			n, values = 0, nil
		}
		rows := make([][]float64, n)
		for i := range rows {
			rows[i] = values[i*K : (i+1)*K : (i+1)*K]
		}
		warm := min(m.WarmupDraws, n)
		s := &StanCSV{
			Settings:      maps.Clone(settings),
			Columns:       slices.Clone(columns),
			Warmup:        rows[:warm:warm],
			Draws:         rows[warm:],
			WarmupSeconds: math.NaN(), SamplingSeconds: math.NaN(), TotalSeconds: seconds,
		}
		s.Settings["id"] = strconv.Itoa(m.ChainOffset + c + 1)
		if m.SuperchainSize > 0 {
			s.Settings["superchain"] = strconv.Itoa((m.ChainOffset+c)/m.SuperchainSize + 1)
		}
		if a := m.Adaptation; a != nil && (a.InvMetric[c] != nil || !math.IsNaN(float64(a.Stepsize[c]))) {
			s.Adaptation = &Adaptation{Stepsize: float64(a.Stepsize[c]), Dense: m.Metric == "dense_e"}
			for _, x := range a.InvMetric[c] {
				s.Adaptation.InvMetric = append(s.Adaptation.InvMetric, float64(x))
			}
		}
		out[c] = s
		if len(s.Draws) > 0 {
			drawn++
		}
		draws += len(s.Draws)
	}
	note := ""
	switch m.Status {
	case npyRunning:
		note = fmt.Sprintf("%s says the run has not finished: it was killed, or is still going; read the %d draws that %d of its %d chains had written, as %s counts them",
			metaPath, draws, drawn, C, countPath)
	case npyStopped:
		note = fmt.Sprintf("%s: the run stopped early (Ctrl-C?); %d of its %d chains have draws, %d in all", path, drawn, C, draws)
	}
	return out, note, nil
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

// readNPYCounts reads draws_written.npy, the rows each of chains chains
// wrote.
func readNPYCounts(path string, chains int) ([]int, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("cannot read %s: %w (draws.json says the run has not finished; this file counts the draws each chain wrote)",
			path, notExist(err))
	}
	shape, header, err := readNPYHeader(bytes.NewReader(data), "<i8", 1)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if shape[0] != chains || int64(len(data)) != header+8*int64(chains) {
		return nil, fmt.Errorf("%s: %d bytes of shape (%d,): want %d counts, one for each chain", path, len(data), shape[0], chains)
	}
	out := make([]int, chains)
	for c := range out {
		n := int64(binary.LittleEndian.Uint64(data[header+8*int64(c):]))
		out[c] = int(n) // the caller checks the range
	}
	return out, nil
}

// readNPYMeta reads and checks draws.json.
func readNPYMeta(path string) (*npyMeta, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("cannot read %s: %w (bayes writes it when a run starts; a draws.npy without it is from a run killed "+
			"as it started, or from a bayes before version 2 of the format, which wrote it when the run ended)", path, notExist(err))
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
	case m.Version < 1 || m.Version > npyFormatVer:
		return nil, fmt.Errorf("%s: version %d of the %s format; this bayes reads versions 1 to %d", path, m.Version, npyFormatName, npyFormatVer)
	case m.Version > 1 && !slices.Contains([]string{npyRunning, npyFinished, npyStopped}, m.Status):
		return nil, fmt.Errorf("%s: status %q: want %q, %q or %q", path, m.Status, npyRunning, npyFinished, npyStopped)
	case m.Chains < 0 || m.DrawsPerChain < 0 || m.ChainOffset < 0:
		return nil, fmt.Errorf("%s: negative chains (%d), draws_per_chain (%d) or chain_offset (%d)",
			path, m.Chains, m.DrawsPerChain, m.ChainOffset)
	case m.WarmupDraws < 0 || m.WarmupDraws > m.DrawsPerChain:
		return nil, fmt.Errorf("%s: warmup_draws_per_chain %d is not within draws_per_chain %d", path, m.WarmupDraws, m.DrawsPerChain)
	}
	if m.Version == 1 {
		m.Status, m.DrawsWritten = "", nil
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
