package runfiles

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// This file writes the generated quantities that bayes generate computes
// for a finished run, beside its draws: for a run of Stan CSV files a file
// per chain, gq-<chain id>.csv, for a run of draws.npy one gq.npy with its
// gq.json. ReadRuns adds their columns to the chains they were generated
// from (generated_read.go), so that summary, plot and loo see them.
//
// A file of generated quantities is the run's only while the run's draws
// are those it was generated from: it records a checksum of them
// (fitted_checksum), which a run continued or redone since no longer has.

// Names of the generated quantities' files in a run directory.
const (
	gqNPYFile    = "gq.npy"
	gqMetaFile   = "gq.json"
	gqFormatName = "bayes-generated"
	gqFormatVer  = 1
)

// gqCSVPattern matches the names GeneratedCSVName gives.
var gqCSVPattern = regexp.MustCompile(`^gq-[0-9]+\.csv$`)

// GeneratedCSVName is the file, in the run's directory, that holds the
// generated quantities of chain id of a run of Stan CSV files.
func GeneratedCSVName(id int) string { return fmt.Sprintf("gq-%d.csv", id) }

// GeneratedChain is one chain's generated quantities.
type GeneratedChain struct {
	// Fitted is the chain they were generated from, as ReadSampledRuns
	// read it, and Path its path there.
	Fitted *StanCSV
	Path   string
	// Rows holds the quantities of each row of Fitted.Warmup, then of
	// each row of Fitted.Draws.
	Rows [][]float64
}

// GeneratedInfo is what the files say about how they were made.
type GeneratedInfo struct {
	Model, DataFile           string // the model file and its data file
	BayesVersion, BayesCommit string
}

// WriteGeneratedCSV writes chains' generated quantities, named names (Stan
// element names), to dir/gq-<id>.csv, one file per chain, and returns
// their paths. Each file has a CmdStan-like comment header (method =
// generate_quantities, the fitted file, the chain id, the seed and data
// file of the run) and one row per row of the fitted file, its warmup rows
// first; files of an earlier bayes generate in dir are removed first.
func WriteGeneratedCSV(dir string, names []string, chains []GeneratedChain, info GeneratedInfo) ([]string, error) {
	if err := removeGenerated(dir); err != nil {
		return nil, err
	}
	var paths []string
	for _, ch := range chains {
		id, err := chainID(ch.Fitted, ch.Path)
		if err != nil {
			return nil, err
		}
		path := filepath.Join(dir, GeneratedCSVName(id))
		if err := os.WriteFile(path, generatedCSV(path, id, names, ch, info), 0o644); err != nil {
			return nil, fmt.Errorf("cannot write generated quantities: %w", err)
		}
		paths = append(paths, path)
	}
	return paths, nil
}

// generatedCSV is the content of one chain's gq-<id>.csv.
func generatedCSV(path string, id int, names []string, ch GeneratedChain, info GeneratedInfo) []byte {
	set := ch.Fitted.Settings
	var h strings.Builder
	// As writeConfig lays out a Stan CSV header.
	line := func(depth int, key string, val any) {
		fmt.Fprintf(&h, "#%s%s", strings.Repeat("  ", depth+1)[1:], key)
		if val != nil {
			fmt.Fprintf(&h, " = %v", val)
		}
		h.WriteByte('\n')
	}
	if info.BayesVersion != "" {
		line(0, "bayes_version", info.BayesVersion)
	}
	if info.BayesCommit != "" {
		line(0, "bayes_commit", info.BayesCommit)
	}
	line(0, "model", set["model"])
	line(0, "method", "generate_quantities")
	line(1, "generate_quantities", nil)
	line(2, "fitted_params", ch.Path)
	line(2, "fitted_checksum", drawsChecksum(ch.Fitted))
	line(2, "model_file", info.Model)
	if len(ch.Fitted.Warmup) > 0 { // so that the file read alone splits its rows as the run's
		for _, k := range []string{"num_samples", "num_warmup", "save_warmup", "thin"} {
			line(2, k, set[k])
		}
	}
	line(0, "id", id)
	line(0, "data", nil)
	line(1, "file", info.DataFile)
	line(0, "random", nil)
	line(1, "seed", set["seed"])
	line(0, "output", nil)
	line(1, "file", path)
	b := []byte(h.String())
	for i, n := range names {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, CSVName(n)...)
	}
	b = append(b, '\n')
	for _, row := range ch.Rows {
		for j, x := range row {
			if j > 0 {
				b = append(b, ',')
			}
			b = appendStanFloat(b, x)
		}
		b = append(b, '\n')
	}
	return b
}

// gqMeta is the content of gq.json, which describes gq.npy: an array of
// float64 shaped (chains, rows, len(columns)), chain c's first rows[c]
// rows its generated quantities (warmup_rows[c] warmup rows, then one per
// draw), the rest NaN.
type gqMeta struct {
	Format         string   `json:"format"`
	Version        int      `json:"version"`
	Method         string   `json:"method"` // generate_quantities
	Columns        []string `json:"columns"`
	ChainIDs       []int    `json:"chain_ids"`
	Rows           []int    `json:"rows"`
	WarmupRows     []int    `json:"warmup_rows"`
	FittedChecksum []string `json:"fitted_checksum"`
	Fitted         string   `json:"fitted_params"`
	Model          string   `json:"model"`
	ModelFile      string   `json:"model_file"`
	DataFile       string   `json:"data_file"`
	Seed           string   `json:"seed"`
	BayesVersion   string   `json:"bayes_version,omitempty"`
	BayesCommit    string   `json:"bayes_commit,omitempty"`
}

// WriteGeneratedNPY writes chains' generated quantities, named names, to
// dir/gq.npy, described by dir/gq.json (gqMeta), for a run of draws.npy:
// np.load("gq.npy")[c, r, k] is quantity k of row r of the c-th chain of
// chain_ids. It returns the paths.
func WriteGeneratedNPY(dir string, names []string, chains []GeneratedChain, info GeneratedInfo) ([]string, error) {
	if err := removeGenerated(dir); err != nil {
		return nil, err
	}
	m := gqMeta{Format: gqFormatName, Version: gqFormatVer, Method: "generate_quantities", Columns: names,
		ModelFile: info.Model, DataFile: info.DataFile, BayesVersion: info.BayesVersion, BayesCommit: info.BayesCommit}
	rows := 0
	for i, ch := range chains {
		id, err := chainID(ch.Fitted, ch.Path)
		if err != nil {
			return nil, err
		}
		if i == 0 {
			m.Fitted, _, _ = strings.Cut(ch.Path, " (chain ")
			m.Model, m.Seed = ch.Fitted.Settings["model"], ch.Fitted.Settings["seed"]
		}
		m.ChainIDs = append(m.ChainIDs, id)
		m.Rows = append(m.Rows, len(ch.Rows))
		m.WarmupRows = append(m.WarmupRows, len(ch.Fitted.Warmup))
		m.FittedChecksum = append(m.FittedChecksum, drawsChecksum(ch.Fitted))
		rows = max(rows, len(ch.Rows))
	}
	path := filepath.Join(dir, gqNPYFile)
	k := len(names)
	b := npyHeader("<f8", []int{len(chains), rows, k})
	for _, ch := range chains {
		for r := range rows {
			for j := range k {
				x := math.NaN()
				if r < len(ch.Rows) {
					x = ch.Rows[r][j]
				}
				b = binary.LittleEndian.AppendUint64(b, math.Float64bits(x))
			}
		}
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		return nil, fmt.Errorf("cannot write generated quantities: %w", err)
	}
	js, err := json.MarshalIndent(&m, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("writing %s: %w", gqMetaFile, err)
	}
	meta := filepath.Join(dir, gqMetaFile)
	if err := os.WriteFile(meta, append(js, '\n'), 0o644); err != nil {
		return nil, fmt.Errorf("cannot write generated quantities: %w", err)
	}
	return []string{path, meta}, nil
}

// removeGenerated removes the files of an earlier bayes generate in dir:
// those of chains the run no longer has would otherwise stay.
func removeGenerated(dir string) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("cannot write generated quantities: %w", err)
	}
	for _, e := range entries {
		if n := e.Name(); !e.IsDir() && (gqCSVPattern.MatchString(n) || n == gqNPYFile || n == gqMetaFile) {
			if err := os.Remove(filepath.Join(dir, n)); err != nil && !errors.Is(err, os.ErrNotExist) {
				return fmt.Errorf("cannot replace the generated quantities: %w", err)
			}
		}
	}
	return nil
}

// chainID is a chain's id, from its header's id line.
func chainID(c *StanCSV, path string) (int, error) {
	id, err := strconv.Atoi(c.Settings["id"])
	if err != nil || id < 1 {
		return 0, fmt.Errorf("%s: no chain id (the id line of its header): cannot name its generated quantities", path)
	}
	return id, nil
}

// drawsChecksum fingerprints a chain's rows, warmup then draws, every
// column: FNV-1a over the values' bits, a 64-bit word at a time. The file
// of generated quantities records it, and ReadRuns merges the file only
// into a chain with the same rows.
func drawsChecksum(c *StanCSV) string {
	const offset, prime = 14695981039346656037, 1099511628211
	h := uint64(offset)
	for _, rows := range [][][]float64{c.Warmup, c.Draws} {
		for _, row := range rows {
			for _, x := range row {
				h = (h ^ math.Float64bits(x)) * prime
			}
		}
		h = (h ^ uint64(len(rows))) * prime
	}
	return fmt.Sprintf("%016x", h)
}

// generatedBase is the variable a column belongs to: "y_rep" of "y_rep.3"
// or "y_rep[3]".
func generatedBase(col string) string {
	base, _, _ := strings.Cut(StanName(col), "[")
	return base
}

// mergeColumns gives c the generated quantities names (Stan or CSV names)
// with rows (one per warmup row, then per draw): a variable c already has
// is replaced, the others follow c's columns.
func mergeColumns(c *StanCSV, names []string, rows [][]float64) {
	replaced := map[string]bool{}
	for _, n := range names {
		replaced[generatedBase(n)] = true
	}
	var keep []int
	for j, col := range c.Columns {
		if strings.HasSuffix(col, "__") || !replaced[generatedBase(col)] {
			keep = append(keep, j)
		}
	}
	cols := make([]string, 0, len(keep)+len(names))
	for _, j := range keep {
		cols = append(cols, c.Columns[j])
	}
	for _, n := range names {
		cols = append(cols, CSVName(n))
	}
	merge := func(old [][]float64, gq [][]float64) [][]float64 {
		out := make([][]float64, len(old))
		for i, r := range old {
			row := make([]float64, 0, len(cols))
			for _, j := range keep {
				row = append(row, r[j])
			}
			out[i] = append(row, gq[i]...)
		}
		return out
	}
	w := len(c.Warmup)
	c.Warmup, c.Draws = merge(c.Warmup, rows[:w]), merge(c.Draws, rows[w:])
	c.Columns = slices.Clip(cols)
}
