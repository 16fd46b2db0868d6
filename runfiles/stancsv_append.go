package runfiles

import (
	"bytes"
	"fmt"
	"os"
	"strconv"
	"strings"
)

// AppendStanCSV opens the finished Stan CSV file at path to add sampling
// draws after its last row, as a run continued from where it stopped
// (bayes sample --resume) does: it returns the file's content as it was,
// and a writer whose rows follow it. The file keeps its header, with
// num_samples changed to numSamples (the run's new total), its rows and
// its adaptation block; its closing timing block is removed, for
// WriteTiming to write the whole run's. The file is rewritten through a
// temporary one renamed over it, so that it is never seen half written.
func AppendStanCSV(path string, numSamples int) (*StanCSVWriter, *os.File, *StanCSV, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("cannot continue the draws: %w", err)
	}
	prev, err := ReadStanCSV(bytes.NewReader(data))
	if err != nil {
		return nil, nil, nil, fmt.Errorf("%s: %w", path, err)
	}
	if prev.Truncated {
		return nil, nil, nil, fmt.Errorf("%s: the last row is cut off: the run did not finish", path)
	}
	ncols := len(prev.Columns) - len(SamplerColumns)
	if ncols < 0 {
		return nil, nil, nil, fmt.Errorf("%s: %d columns, fewer than the sampler's", path, len(prev.Columns))
	}
	text := string(data)
	if i := strings.LastIndex(text, "\n# \n#  Elapsed Time:"); i >= 0 {
		text = text[:i+1]
	}
	lines := strings.SplitAfter(text, "\n")
	for i, l := range lines {
		if isRow(l) {
			break // the column header: the settings are above it
		}
		body := strings.TrimLeft(strings.TrimPrefix(l, "#"), " ")
		if strings.HasPrefix(body, "num_samples =") {
			line := l[:len(l)-len(body)] + "num_samples = " + strconv.Itoa(numSamples)
			if numSamples == DefaultStanCSVConfig().NumSamples {
				line += " (Default)"
			}
			lines[i] = line + "\n"
			break
		}
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, []byte(strings.Join(lines, "")), 0o644); err != nil {
		return nil, nil, nil, fmt.Errorf("cannot continue the draws: %w", err)
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return nil, nil, nil, fmt.Errorf("cannot continue the draws: %w", err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("cannot continue the draws: %w", err)
	}
	return &StanCSVWriter{w: f, ncols: ncols}, f, prev, nil
}
