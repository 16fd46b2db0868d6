package runfiles

import (
	"bufio"
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// This file finds and reads the CSV files of one or several runs, as
// `bayes summary` and `bayes plot` are given them: files, or directories
// that hold them beside other outputs.

// isDrawsFile reports whether the CSV file at path has Stan's lp__ column
// in its header (comment lines skipped); a file that cannot be read counts,
// so that reading it reports why.
func isDrawsFile(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return true
	}
	defer f.Close()
	r := bufio.NewReader(f)
	for {
		line, err := r.ReadString('\n')
		if t := strings.TrimSpace(line); t != "" && !strings.HasPrefix(t, "#") {
			return hasLP(t)
		}
		if err != nil {
			return false
		}
	}
}

// hasLP reports whether a CSV header names Stan's lp__ column, which every
// sampler's output has.
func hasLP(header string) bool { return slices.Contains(strings.Split(header, ","), "lp__") }

// StoreReaders read run stores that are directories (a Zarr store,
// "draws.zarr"), by their extension: each gives the store's chains and a
// note for a run that did not finish, as draws.npy's reader does. The
// package that writes a store registers its reader (package zarr imports
// this one, so this one cannot call it).
var StoreReaders = map[string]func(dir string) ([]*StanCSV, string, error){}

// ReadRuns reads the draws files named by args and returns one StanCSV per
// chain, ordered by chain id, with their paths. A file is a Stan CSV file,
// or a draws.npy file of a run written by CreateNPYRun (which holds many
// chains; their paths read "DIR/draws.npy (chain 12)"). A directory stands
// for its draws.npy, if any, and its *.csv files but summary.csv, or when
// it has neither, for its store (StoreReaders: draws.zarr). Chains
// without an id keep their order, after the others. Each error names the
// file, and both files when one chain id is given twice. For each
// draws.npy of a run that did not finish (stopped early, or killed) it
// writes a note to notes, when not nil, that says so and what was read.
//
// A directory's Stan CSV files or draws.npy also give the generated
// quantities bayes generate wrote beside them (gq-<id>.csv or gq.npy),
// as more columns of each chain, replacing a variable of the same name;
// when they were generated from other draws than the run has now, they are
// left out with a note.
func ReadRuns(args []string, notes io.Writer) ([]string, []*StanCSV, error) {
	return readRuns(args, notes, true)
}

// ReadSampledRuns is ReadRuns without the generated quantities of bayes
// generate: the draws as the run wrote them, which bayes generate reads.
func ReadSampledRuns(args []string, notes io.Writer) ([]string, []*StanCSV, error) {
	return readRuns(args, notes, false)
}

func readRuns(args []string, notes io.Writer, generated bool) ([]string, []*StanCSV, error) {
	var paths, gqDirs []string
	for _, arg := range args {
		info, err := os.Stat(arg)
		if err != nil {
			return nil, nil, fmt.Errorf("cannot read %s: %w", arg, notExist(err))
		}
		if _, ok := StoreReaders[filepath.Ext(arg)]; !info.IsDir() || ok {
			paths = append(paths, arg)
			continue
		}
		entries, err := os.ReadDir(arg)
		if err != nil {
			return nil, nil, fmt.Errorf("cannot read %s: %w", arg, err)
		}
		n := 0
		var stores []string
		if generated && hasGenerated(entries) {
			gqDirs = append(gqDirs, arg)
		}
		for _, e := range entries {
			path := filepath.Join(arg, e.Name())
			if _, ok := StoreReaders[filepath.Ext(path)]; ok && e.IsDir() {
				stores = append(stores, path)
				continue
			}
			if !e.IsDir() && e.Name() == npyFile { // a run of many chains
				paths = append(paths, path)
				n++
				continue
			}
			// A run directory also holds summary.csv, and may hold
			// prior_predictive.csv: only draws files (an lp__ column) count.
			if e.IsDir() || filepath.Ext(path) != ".csv" || !isDrawsFile(path) {
				continue
			}
			paths = append(paths, path)
			n++
		}
		if n == 0 && len(stores) > 0 { // a store made by bayes convert is a copy of the files
			paths = append(paths, stores...)
			n = len(stores)
		}
		if n == 0 {
			return nil, nil, fmt.Errorf("%s: no Stan CSV files of draws (*.csv with an lp__ column) in this directory", arg)
		}
	}
	type file struct {
		path string
		id   int // 0 when the header has none
		csv  *StanCSV
	}
	var files []file
	byID := map[int]string{}
	var first *StanCSV
	add := func(path string, csv *StanCSV) error {
		// Chains of one model merge, whether from one run or from jobs
		// split with --chain-offset; files of another model in the same
		// directory would give a wrong summary.
		if first == nil {
			first = csv
		} else if a, b := first.Settings["model"], csv.Settings["model"]; a != b {
			return fmt.Errorf("%s and %s come from different models (%s and %s); "+
				"summarise each on its own", paths[0], path, a, b)
		}
		id, _ := strconv.Atoi(csv.Settings["id"])
		if id > 0 {
			if other, ok := byID[id]; ok {
				if filepath.Clean(other) == filepath.Clean(path) {
					return fmt.Errorf("%s is given twice", path)
				}
				return fmt.Errorf("%s and %s both hold chain %d; give each chain once "+
					"(runs meant to be merged number their chains apart with bayes sample --chain-offset)", other, path, id)
			}
			byID[id] = path
		}
		files = append(files, file{path, id, csv})
		return nil
	}
	for _, path := range paths {
		read := StoreReaders[filepath.Ext(path)]
		if filepath.Ext(path) == ".npy" {
			read = readNPYRun
		}
		if read != nil {
			chains, note, err := read(path)
			if err != nil {
				return nil, nil, err
			}
			if note != "" && notes != nil {
				fmt.Fprintln(notes, "note:", note)
			}
			for _, c := range chains {
				if err := add(fmt.Sprintf("%s (chain %s)", path, c.Settings["id"]), c); err != nil {
					return nil, nil, err
				}
			}
			continue
		}
		csv, err := readStanCSV(path)
		if err != nil {
			return nil, nil, err
		}
		if err := add(path, csv); err != nil {
			return nil, nil, err
		}
	}
	slices.SortStableFunc(files, func(a, b file) int {
		if (a.id == 0) != (b.id == 0) {
			return cmp.Compare(b.id, a.id) // files without an id last
		}
		return cmp.Compare(a.id, b.id)
	})
	outPaths := make([]string, len(files))
	chains := make([]*StanCSV, len(files))
	for i, f := range files {
		outPaths[i], chains[i] = f.path, f.csv
	}
	for _, dir := range gqDirs {
		if err := mergeGenerated(dir, outPaths, chains, notes); err != nil {
			return nil, nil, err
		}
	}
	return outPaths, chains, nil
}

// readStanCSV reads one Stan CSV file. A file whose column header (its
// first line that is neither blank nor a comment) has no lp__ column is
// not a Stan CSV file: every sampler's output starts with lp__.
func readStanCSV(path string) (*StanCSV, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("cannot read %s: %w", path, notExist(err))
	}
	header := ""
	for line := range strings.Lines(string(data)) {
		if t := strings.TrimSpace(line); t != "" && !strings.HasPrefix(t, "#") {
			header = t
			break
		}
	}
	if !hasLP(header) {
		return nil, fmt.Errorf("%s: not a Stan CSV file (no column header with lp__; Stan CSV files come from bayes sample --output-dir or CmdStan)", path)
	}
	csv, err := ReadStanCSV(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return csv, nil
}

// notExist shortens "open x: no such file or directory" to its cause, the
// path being named already.
func notExist(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// DropEmpty removes the files that hold no post-warmup draw (a chain of a
// run stopped before its sampling began) and returns the rest, with the
// paths it removed. When no file has a draw it is an error.
func DropEmpty(paths []string, chains []*StanCSV) ([]string, []*StanCSV, []string, error) {
	var keptPaths, empty []string
	var kept []*StanCSV
	for i, c := range chains {
		if len(c.Draws) == 0 {
			empty = append(empty, paths[i])
			continue
		}
		keptPaths, kept = append(keptPaths, paths[i]), append(kept, c)
	}
	if len(kept) == 0 {
		return nil, nil, empty, fmt.Errorf("no post-warmup draws in %s", joinFirst(empty, maxListed))
	}
	return keptPaths, kept, empty, nil
}

// TrimToShortest cuts every chain's draws to the shortest chain's length, as
// the summary needs chains of one length, and returns that length and
// whether anything was cut. A run stopped early (Ctrl-C, a killed job)
// leaves chains of different lengths; their CSV files keep every draw.
func TrimToShortest(chains []*StanCSV) (n int, cut bool) {
	n = -1
	for _, c := range chains {
		if n < 0 || len(c.Draws) < n {
			n = len(c.Draws)
		}
	}
	for _, c := range chains {
		if len(c.Draws) > n {
			c.Draws, cut = c.Draws[:n], true
		}
	}
	return n, cut
}

// maxListed is how many files a message names.
const maxListed = 5

// joinFirst joins the first n items with commas and counts the rest ("a,
// b and 3 more"), as diagnostics.JoinFirst does for the warnings: a run may
// have thousands of chain files.
func joinFirst(items []string, n int) string {
	s := strings.Join(items[:min(len(items), n)], ", ")
	if len(items) > n {
		s += fmt.Sprintf(" and %d more", len(items)-n)
	}
	return s
}
