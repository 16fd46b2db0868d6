package runfiles

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// This file reads back what generated.go writes, for ReadRuns.

// gqSource is one chain's generated quantities as read from their file.
type gqSource struct {
	file     string
	id       int
	names    []string // CSV names
	rows     [][]float64
	checksum string
}

// hasGenerated reports whether dir holds files of bayes generate.
func hasGenerated(entries []os.DirEntry) bool {
	return slices.ContainsFunc(entries, func(e os.DirEntry) bool {
		return !e.IsDir() && (gqCSVPattern.MatchString(e.Name()) || e.Name() == gqNPYFile)
	})
}

// mergeGenerated adds to the chains read from dir's Stan CSV files or
// draws.npy the generated quantities bayes generate wrote beside them, when
// they were generated from those chains' draws: every chain must have its
// quantities, of the draws it has now. Otherwise (the run was continued or
// redone since) it leaves them all out and notes why on notes. paths and
// chains are everything ReadRuns read.
func mergeGenerated(dir string, paths []string, chains []*StanCSV, notes io.Writer) error {
	var mine []int // the chains read from dir
	for i, p := range paths {
		file, _, _ := strings.Cut(p, " (chain ")
		if filepath.Dir(file) == filepath.Clean(dir) && filepath.Ext(file) != ".zarr" {
			mine = append(mine, i)
		}
	}
	if len(mine) == 0 {
		return nil
	}
	srcs, err := readGenerated(dir)
	if err != nil {
		return err
	}
	byID := map[int]*gqSource{}
	for _, s := range srcs {
		byID[s.id] = s
	}
	reason := ""
	for _, i := range mine {
		id, _ := strconv.Atoi(chains[i].Settings["id"])
		s := byID[id]
		switch {
		case s == nil:
			reason = fmt.Sprintf("chain %d (%s) has none", id, paths[i])
		case len(s.rows) != len(chains[i].Warmup)+len(chains[i].Draws) || s.checksum != drawsChecksum(chains[i]):
			reason = fmt.Sprintf("%s was generated from other draws than %s has now (the run was continued or redone since?)", s.file, paths[i])
		case !slices.Equal(s.names, srcs[0].names):
			reason = fmt.Sprintf("%s and %s have different columns", s.file, srcs[0].file)
		}
		if reason != "" {
			break
		}
		delete(byID, id)
	}
	if reason == "" && len(byID) > 0 {
		for _, s := range srcs {
			if byID[s.id] != nil {
				reason = fmt.Sprintf("%s is of chain %d, which the run does not have", s.file, s.id)
				break
			}
		}
	}
	if reason != "" {
		if notes != nil {
			fmt.Fprintf(notes, "note: %s: leaving out the generated quantities of bayes generate: %s; run bayes generate again\n", dir, reason)
		}
		return nil
	}
	for _, i := range mine {
		id, _ := strconv.Atoi(chains[i].Settings["id"])
		s := srcs[slices.IndexFunc(srcs, func(s *gqSource) bool { return s.id == id })]
		mergeColumns(chains[i], s.names, s.rows)
	}
	return nil
}

// readGenerated reads dir's gq.npy, or else its gq-<id>.csv files.
func readGenerated(dir string) ([]*gqSource, error) {
	if _, err := os.Stat(filepath.Join(dir, gqNPYFile)); err == nil {
		return readGeneratedNPY(dir)
	}
	files, err := filepath.Glob(filepath.Join(dir, "gq-*.csv"))
	if err != nil {
		return nil, err
	}
	var out []*gqSource
	for _, path := range files {
		if !gqCSVPattern.MatchString(filepath.Base(path)) {
			continue
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("cannot read %s: %w", path, notExist(err))
		}
		c, err := ReadStanCSV(bytes.NewReader(data))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		id, err := chainID(c, path)
		if err != nil {
			return nil, err
		}
		out = append(out, &gqSource{file: path, id: id, names: c.Columns,
			rows: append(slices.Clip(c.Warmup), c.Draws...), checksum: c.Settings["fitted_checksum"]})
	}
	return out, nil
}

// readGeneratedNPY reads dir's gq.npy as gq.json describes it.
func readGeneratedNPY(dir string) ([]*gqSource, error) {
	metaPath, path := filepath.Join(dir, gqMetaFile), filepath.Join(dir, gqNPYFile)
	js, err := os.ReadFile(metaPath)
	if err != nil {
		return nil, fmt.Errorf("cannot read %s: %w (bayes generate writes it beside %s)", metaPath, notExist(err), gqNPYFile)
	}
	var m gqMeta
	if err := json.Unmarshal(js, &m); err != nil {
		return nil, fmt.Errorf("%s: not valid JSON: %w", metaPath, err)
	}
	n := len(m.ChainIDs)
	if m.Format != gqFormatName || m.Version != gqFormatVer || len(m.Rows) != n || len(m.FittedChecksum) != n {
		return nil, fmt.Errorf("%s: not version %d of the %s format, or its chain_ids, rows and fitted_checksum differ in length", metaPath, gqFormatVer, gqFormatName)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("cannot read %s: %w", path, notExist(err))
	}
	defer f.Close()
	shape, header, err := readNPYHeader(f, "<f8", 3)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	C, R, K := shape[0], shape[1], shape[2]
	if C != n || K != len(m.Columns) || slices.ContainsFunc(m.Rows, func(r int) bool { return r < 0 || r > R }) {
		return nil, fmt.Errorf("%s: shape (%d, %d, %d) does not match %s (%d chains, %d columns, rows %v)", path, C, R, K, metaPath, n, len(m.Columns), m.Rows)
	}
	info, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("cannot read %s: %w", path, err)
	}
	if want := header + int64(C)*int64(R)*int64(K)*8; info.Size() != want {
		return nil, fmt.Errorf("%s: file is %d bytes, not the %d its shape needs", path, info.Size(), want)
	}
	names := make([]string, K)
	for j, c := range m.Columns {
		names[j] = CSVName(c)
	}
	r := bufio.NewReaderSize(io.NewSectionReader(f, header, info.Size()-header), int(min(npyChunk, max(info.Size(), 16))))
	out := make([]*gqSource, C)
	for c := range out {
		values := make([]float64, R*K)
		if err := readFloats(r, values); err != nil {
			return nil, fmt.Errorf("cannot read %s: %w", path, err)
		}
		rows := make([][]float64, m.Rows[c])
		for i := range rows {
			rows[i] = values[i*K : (i+1)*K : (i+1)*K]
		}
		out[c] = &gqSource{file: fmt.Sprintf("%s (chain %d)", path, m.ChainIDs[c]), id: m.ChainIDs[c], names: names, rows: rows, checksum: m.FittedChecksum[c]}
	}
	return out, nil
}
