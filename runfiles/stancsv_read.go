package runfiles

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
)

// StanCSV is the content of one Stan CSV file (one chain), as written by
// CmdStan or by StanCSVWriter.
type StanCSV struct {
	// Settings holds the "key = value" lines of the comment header, the
	// "(Default)" marks removed. Each key is stored under its own name
	// (the first occurrence wins) and, inside a section, also under
	// "section.key": Settings["num_samples"], Settings["data.file"],
	// Settings["output.file"].
	Settings map[string]string
	// Columns are the column names as in the file ("theta.1"); StanName
	// converts them.
	Columns []string
	// Warmup holds the warmup rows of a file written with save_warmup = 1,
	// Draws the post-warmup rows, each [row][column].
	Warmup, Draws [][]float64
	// Adaptation is the adaptation block, nil when the file has none.
	Adaptation *Adaptation
	// Elapsed times in seconds from the closing block; NaN when absent.
	WarmupSeconds, SamplingSeconds, TotalSeconds float64
	// Truncated reports that the last line was cut off mid-row (a killed
	// run) and was dropped.
	Truncated bool
}

// Column returns the values of the named column over the post-warmup draws
// ("theta.1", or the Stan name "theta[1]").
func (s *StanCSV) Column(name string) ([]float64, bool) {
	csv := CSVName(name)
	for j, c := range s.Columns {
		if c == csv {
			out := make([]float64, len(s.Draws))
			for i, row := range s.Draws {
				out[i] = row[j]
			}
			return out, true
		}
	}
	return nil, false
}

// Divergences counts the post-warmup draws whose divergent__ column is
// nonzero, over all files.
func Divergences(chains []*StanCSV) int {
	n := 0
	for _, c := range chains {
		for j, name := range c.Columns {
			if name != "divergent__" {
				continue
			}
			for _, row := range c.Draws {
				if row[j] != 0 {
					n++
				}
			}
		}
	}
	return n
}

// ReadStanCSV parses a Stan CSV file: the comment header into Settings, the
// column header, the rows, the adaptation block and the timing block
// (CmdStan User's Guide, "Stan CSV File Format"). Blank lines and comment
// lines are allowed anywhere. A final row cut off without its newline is
// dropped and reported in Truncated, so the draws of a killed run can be
// read; a file whose last row lacks its newline is read the same way.
// Malformed rows give an error with the line number.
func ReadStanCSV(r io.Reader) (*StanCSV, error) {
	p := stanCSVParser{
		out: &StanCSV{
			Settings:      map[string]string{},
			WarmupSeconds: math.NaN(), SamplingSeconds: math.NaN(), TotalSeconds: math.NaN(),
		},
		adaptAt: -1,
	}
	br := bufio.NewReader(r)
	for {
		line, err := br.ReadString('\n')
		if err != nil && !errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("stan csv: line %d: %w", p.lineNo+1, err)
		}
		if line == "" && err != nil {
			break
		}
		p.lineNo++
		text := strings.TrimRight(line, "\r\n")
		if !strings.HasSuffix(line, "\n") && p.out.Columns != nil && isRow(text) {
			// Every row is written with its newline, so a row without one
			// was cut off (a killed run) even if its fields happen to parse.
			p.out.Truncated = true
			break
		}
		if perr := p.line(text); perr != nil {
			return nil, perr
		}
		if err != nil {
			break
		}
	}
	return p.finish()
}

// isRow reports whether a line holds data: neither blank nor a comment.
func isRow(s string) bool {
	t := strings.TrimSpace(s)
	return t != "" && !strings.HasPrefix(t, "#")
}

type stanCSVParser struct {
	out     *StanCSV
	lineNo  int
	rows    [][]float64
	adaptAt int      // number of rows before the adaptation block, -1 if none
	pending string   // what the next comment line holds: "diag", "dense", "time"
	section []string // enclosing header sections by depth
}

func (p *stanCSVParser) errorf(format string, args ...any) error {
	return fmt.Errorf("stan csv: line %d: %s", p.lineNo, fmt.Sprintf(format, args...))
}

func (p *stanCSVParser) line(s string) error {
	if strings.TrimSpace(s) == "" {
		return nil
	}
	if strings.HasPrefix(s, "#") {
		if p.out.Columns == nil {
			p.setting(s[1:])
			return nil
		}
		return p.comment(strings.TrimSpace(s[1:]))
	}
	p.pending = ""
	if p.out.Columns == nil {
		p.out.Columns = strings.Split(s, ",")
		for i, c := range p.out.Columns {
			p.out.Columns[i] = strings.TrimSpace(c)
		}
		return nil
	}
	fields := strings.Split(s, ",")
	if len(fields) != len(p.out.Columns) {
		return p.errorf("row has %d fields, the header has %d columns", len(fields), len(p.out.Columns))
	}
	row := make([]float64, len(fields))
	for j, f := range fields {
		v, err := strconv.ParseFloat(strings.TrimSpace(f), 64)
		if err != nil {
			return p.errorf("column %d (%s): %q is not a number", j+1, p.out.Columns[j], f)
		}
		row[j] = v
	}
	p.rows = append(p.rows, row)
	return nil
}

// setting records one header comment line: "   key = value (Default)" or a
// section name. Depth is the indentation in steps of two spaces.
func (p *stanCSVParser) setting(s string) {
	body := strings.TrimLeft(s, " ")
	depth := (len(s) - len(body) - 1) / 2
	key, val, isKV := strings.Cut(body, "=")
	key = strings.TrimSpace(key)
	if key == "" {
		return
	}
	if depth < 0 {
		depth = 0
	}
	if depth < len(p.section) {
		p.section = p.section[:depth]
	}
	if !isKV {
		for len(p.section) < depth {
			p.section = append(p.section, "")
		}
		p.section = append(p.section, key)
		return
	}
	val = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(val), "(Default)"))
	if _, ok := p.out.Settings[key]; !ok {
		p.out.Settings[key] = val
	}
	if depth > 0 && depth-1 < len(p.section) && p.section[depth-1] != "" {
		p.out.Settings[p.section[depth-1]+"."+key] = val
	}
}

// comment interprets a comment after the column header: the adaptation
// block, the timing block, or anything else (ignored).
func (p *stanCSVParser) comment(s string) error {
	switch {
	case s == "Adaptation terminated":
		p.adaptAt = len(p.rows)
		p.out.Adaptation = &Adaptation{Stepsize: math.NaN()}
		p.pending = ""
	case strings.HasPrefix(s, "Step size ="):
		v, err := p.number(strings.TrimPrefix(s, "Step size ="))
		if err != nil {
			return err
		}
		p.adaptation().Stepsize = v
	case s == "Diagonal elements of inverse mass matrix:":
		p.pending = "diag"
	case s == "Elements of inverse mass matrix:":
		p.pending = "dense"
		p.adaptation().Dense = true
	case strings.HasPrefix(s, "Elapsed Time:"):
		p.pending = "time"
		return p.elapsed(strings.TrimPrefix(s, "Elapsed Time:"))
	case p.pending == "diag" || p.pending == "dense":
		// The diagonal is one line; a dense matrix is one line per row and
		// ends at the first comment that is not a row of numbers.
		a := p.adaptation()
		var row []float64
		for _, f := range strings.Split(s, ",") {
			v, err := p.number(f)
			if err != nil {
				if p.pending == "dense" && len(a.InvMetric) > 0 {
					p.pending = ""
					return nil
				}
				return err
			}
			row = append(row, v)
		}
		a.InvMetric = append(a.InvMetric, row...)
		if p.pending == "diag" {
			p.pending = ""
		}
	case p.pending == "time":
		return p.elapsed(s)
	default:
		p.pending = ""
	}
	return nil
}

func (p *stanCSVParser) adaptation() *Adaptation {
	if p.out.Adaptation == nil {
		p.out.Adaptation = &Adaptation{Stepsize: math.NaN()}
	}
	return p.out.Adaptation
}

// elapsed reads "0.012 seconds (Sampling)" lines of the timing block.
func (p *stanCSVParser) elapsed(s string) error {
	f := strings.Fields(s)
	if len(f) < 3 {
		p.pending = ""
		return nil
	}
	v, err := p.number(f[0])
	if err != nil {
		return err
	}
	switch f[2] {
	case "(Warm-up)":
		p.out.WarmupSeconds = v
	case "(Sampling)":
		p.out.SamplingSeconds = v
	case "(Total)":
		p.out.TotalSeconds = v
		p.pending = ""
	}
	return nil
}

func (p *stanCSVParser) number(s string) (float64, error) {
	v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil {
		return 0, p.errorf("%q is not a number", strings.TrimSpace(s))
	}
	return v, nil
}

// finish splits the rows into warmup and draws. With save_warmup = 1 CmdStan
// writes the warmup rows before the adaptation block; without an adaptation
// block (adapt engaged = 0) the first ceil(num_warmup / thin) rows are
// warmup.
func (p *stanCSVParser) finish() (*StanCSV, error) {
	out := p.out
	if out.Columns == nil {
		return nil, fmt.Errorf("stan csv: no column header (is this a Stan CSV file?)")
	}
	nWarm := 0
	if out.Settings["save_warmup"] == "1" || out.Settings["save_warmup"] == "true" {
		if p.adaptAt >= 0 {
			nWarm = p.adaptAt
		} else {
			thinSetting := out.Settings["thin"]
			if thinSetting == "" {
				thinSetting = "1"
			}
			warm, err1 := strconv.Atoi(out.Settings["num_warmup"])
			thin, err2 := strconv.Atoi(thinSetting)
			if err1 != nil || err2 != nil || thin < 1 {
				return nil, fmt.Errorf("stan csv: save_warmup = 1 but num_warmup %q or thin %q is not a valid count",
					out.Settings["num_warmup"], out.Settings["thin"])
			}
			nWarm = min((warm+thin-1)/thin, len(p.rows))
		}
	}
	out.Warmup = p.rows[:nWarm:nWarm]
	out.Draws = p.rows[nWarm:]
	return out, nil
}
