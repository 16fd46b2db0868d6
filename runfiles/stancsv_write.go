package runfiles

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/bayes-dev/bayes/sampler"
)

// SamplerColumns are the method columns CmdStan's NUTS sampler writes before
// the model's columns (CmdStan User's Guide, "Stan CSV File Format",
// "MCMC sampler output").
var SamplerColumns = [...]string{
	"lp__", "accept_stat__", "stepsize__", "treedepth__", "n_leapfrog__", "divergent__", "energy__",
}

// StanCSVConfig holds the run settings written in the comment header. The
// names are CmdStan's argument names (CmdStan User's Guide, "MCMC Sampling
// using Hamiltonian Monte Carlo").
type StanCSVConfig struct {
	Model      string // model name
	NumSamples int
	NumWarmup  int
	SaveWarmup bool
	Thin       int

	AdaptEngaged bool
	Gamma        float64 // dual averaging regularisation scale
	Delta        float64 // target acceptance statistic (adapt_delta)
	Kappa        float64 // dual averaging relaxation exponent
	T0           float64 // dual averaging iteration offset
	InitBuffer   int
	TermBuffer   int
	Window       int

	MaxDepth int     // max_treedepth
	Metric   string  // "diag_e", "dense_e" or "unit_e"
	Stepsize float64 // initial step size
	Jitter   float64 // stepsize_jitter

	Chain    int    // id: 1-based chain number
	DataFile string // path of the data file, "" for none
	Init     string // "2", or an init file
	Seed     uint64
	Output   string // path of this file

	// SuperchainSize is the chains per superchain of a run started in
	// superchains (sampler.Config.Superchains), 0 for none. The header
	// then names the chain's superchain, 1-based: "superchain = 3", a line
	// CmdStan does not write, which nested R-hat reads back.
	SuperchainSize int

	// AdaptMethod, when not "", names an adaptation other than Stan's
	// ("nutpie", bayes sample --adapt), and AdaptFrom the run whose
	// adaptation was reused (--adapt-from); each is a header line in the
	// adapt section, "bayes_adapt = nutpie", "bayes_adapt_from = DIR",
	// which CmdStan does not write (readers keep or skip it).
	AdaptMethod, AdaptFrom string

	// The bayes that wrote the file (bayes.Version and bayes.Commit),
	// each written as a header line when not empty.
	BayesVersion, BayesCommit string
}

// DefaultStanCSVConfig returns CmdStan's defaults, for the fields that have
// one: the sampler's (sampler.DefaultConfig and its adaptation constants),
// which are CmdStan's.
func DefaultStanCSVConfig() StanCSVConfig {
	d := sampler.DefaultConfig()
	return StanCSVConfig{
		NumSamples: d.Samples, NumWarmup: d.Warmup, Thin: d.Thin,
		AdaptEngaged: true, Gamma: sampler.AdaptGamma, Delta: d.AdaptDelta, Kappa: sampler.AdaptKappa, T0: sampler.AdaptT0,
		InitBuffer: sampler.AdaptInitBuffer, TermBuffer: sampler.AdaptTermBuffer, Window: sampler.AdaptWindow,
		MaxDepth: d.MaxTreeDepth, Metric: d.Metric.String(), Stepsize: d.Stepsize, Chain: 1,
		Init: strconv.FormatFloat(d.InitRadius, 'g', -1, 64), Output: "output.csv",
	}
}

// Draw is the sampler's record of one iteration: the values of CmdStan's
// method columns (SamplerColumns).
type Draw struct {
	LP         float64 // lp__: log density up to a constant
	AcceptStat float64 // accept_stat__
	Stepsize   float64 // stepsize__
	Treedepth  int     // treedepth__
	NLeapfrog  int     // n_leapfrog__
	Divergent  bool    // divergent__
	Energy     float64 // energy__: Hamiltonian at the selected state
}

// StanCSVWriter writes one chain's draws as a CmdStan output CSV file, the
// format CmdStanPy, CmdStanR, ArviZ and posterior read. It streams: the
// header is written by NewStanCSVWriter, and every row is written to the
// underlying writer in a single Write call as soon as it is complete (and
// flushed if the writer has a Flush method), so a killed run leaves a valid
// file of all draws up to the last full row.
//
// Numbers are written with strconv's shortest round-trip form ('g', -1):
// reading the file gives exactly the float64 values the sampler produced, so
// summaries from saved draws equal summaries from memory and runs merge
// exactly. That costs about 18 characters per number instead of CmdStan's
// default 6 significant digits, which is small next to the time to sample
// a draw. Non-finite values are written NaN, inf and -inf, the spellings of
// the CmdStan guide.
type StanCSVWriter struct {
	w     io.Writer
	ncols int
	buf   []byte
	err   error
}

// NewStanCSVWriter writes the comment header and the column header row for
// a run with cfg's settings and the model columns named (Stan names,
// "theta[1]", converted with CSVName).
func NewStanCSVWriter(w io.Writer, cfg StanCSVConfig, names []string) (*StanCSVWriter, error) {
	sw := &StanCSVWriter{w: w, ncols: len(names)}
	var b strings.Builder
	writeConfig(&b, cfg)
	for i, c := range SamplerColumns {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(c)
	}
	for _, n := range names {
		b.WriteByte(',')
		b.WriteString(CSVName(n))
	}
	b.WriteByte('\n')
	sw.write([]byte(b.String()))
	return sw, sw.err
}

// writeConfig writes the settings in CmdStan 2.33's argument tree layout:
// "# key = value", nested two spaces a level, "(Default)" where the value
// is CmdStan's default.
func writeConfig(b *strings.Builder, c StanCSVConfig) {
	d := DefaultStanCSVConfig()
	line := func(depth int, key string, val any, isDefault bool) {
		fmt.Fprintf(b, "#%s%s", strings.Repeat("  ", depth+1)[1:], key)
		if val != nil {
			fmt.Fprintf(b, " = %v", val)
			if isDefault {
				b.WriteString(" (Default)")
			}
		}
		b.WriteByte('\n')
	}
	section := func(depth int, name string) { line(depth, name, nil, false) }
	num := func(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }
	bit := func(v bool) int {
		if v {
			return 1
		}
		return 0
	}
	// The version of CmdStan whose layout this is; CmdStanPy and CmdStanR
	// read it to choose how to parse the rest.
	line(0, "stan_version_major", 2, false)
	line(0, "stan_version_minor", 33, false)
	line(0, "stan_version_patch", 0, false)
	// Which bayes wrote the file, in the same form: readers of Stan CSV
	// (CmdStanPy, CmdStanR, posterior) keep header lines they do not know
	// as settings or skip them as comments.
	if c.BayesVersion != "" {
		line(0, "bayes_version", c.BayesVersion, false)
	}
	if c.BayesCommit != "" {
		line(0, "bayes_commit", c.BayesCommit, false)
	}
	line(0, "model", c.Model, false)
	line(0, "method", "sample", true)
	section(1, "sample")
	line(2, "num_samples", c.NumSamples, c.NumSamples == d.NumSamples)
	line(2, "num_warmup", c.NumWarmup, c.NumWarmup == d.NumWarmup)
	line(2, "save_warmup", bit(c.SaveWarmup), !c.SaveWarmup)
	line(2, "thin", c.Thin, c.Thin == d.Thin)
	section(2, "adapt")
	line(3, "engaged", bit(c.AdaptEngaged), c.AdaptEngaged)
	line(3, "gamma", num(c.Gamma), c.Gamma == d.Gamma)
	line(3, "delta", num(c.Delta), c.Delta == d.Delta)
	line(3, "kappa", num(c.Kappa), c.Kappa == d.Kappa)
	line(3, "t0", num(c.T0), c.T0 == d.T0)
	line(3, "init_buffer", c.InitBuffer, c.InitBuffer == d.InitBuffer)
	line(3, "term_buffer", c.TermBuffer, c.TermBuffer == d.TermBuffer)
	line(3, "window", c.Window, c.Window == d.Window)
	if c.AdaptMethod != "" {
		line(3, "bayes_adapt", c.AdaptMethod, false)
	}
	if c.AdaptFrom != "" {
		line(3, "bayes_adapt_from", c.AdaptFrom, false)
	}
	line(2, "algorithm", "hmc", true)
	section(3, "hmc")
	line(4, "engine", "nuts", true)
	section(5, "nuts")
	line(6, "max_depth", c.MaxDepth, c.MaxDepth == d.MaxDepth)
	line(4, "metric", c.Metric, c.Metric == d.Metric)
	line(4, "metric_file", "", true)
	line(4, "stepsize", num(c.Stepsize), c.Stepsize == d.Stepsize)
	line(4, "stepsize_jitter", num(c.Jitter), c.Jitter == 0)
	line(2, "num_chains", 1, true) // one file per chain
	line(0, "id", c.Chain, c.Chain == d.Chain)
	if c.SuperchainSize > 0 {
		line(0, "superchain", (c.Chain-1)/c.SuperchainSize+1, false)
	}
	section(0, "data")
	line(1, "file", c.DataFile, c.DataFile == "")
	line(0, "init", c.Init, c.Init == d.Init)
	section(0, "random")
	line(1, "seed", c.Seed, false)
	section(0, "output")
	line(1, "file", c.Output, c.Output == d.Output)
	line(1, "diagnostic_file", "", true)
	line(1, "refresh", 100, true)
	line(1, "sig_figs", -1, true)
}

func (sw *StanCSVWriter) write(p []byte) {
	if sw.err != nil {
		return
	}
	if _, err := sw.w.Write(p); err != nil {
		sw.err = fmt.Errorf("writing Stan CSV: %w", err)
		return
	}
	if f, ok := sw.w.(interface{ Flush() error }); ok {
		if err := f.Flush(); err != nil {
			sw.err = fmt.Errorf("writing Stan CSV: %w", err)
		}
	}
}

// WriteDraw writes one row: the sampler columns of d, then params, which
// must have one value per model column.
func (sw *StanCSVWriter) WriteDraw(d Draw, params []float64) error {
	if len(params) != sw.ncols {
		return fmt.Errorf("writing Stan CSV: draw has %d values, header has %d model columns", len(params), sw.ncols)
	}
	b := sw.buf[:0]
	b = appendStanFloat(b, d.LP)
	b = append(b, ',')
	b = appendStanFloat(b, d.AcceptStat)
	b = append(b, ',')
	b = appendStanFloat(b, d.Stepsize)
	b = append(b, ',')
	b = strconv.AppendInt(b, int64(d.Treedepth), 10)
	b = append(b, ',')
	b = strconv.AppendInt(b, int64(d.NLeapfrog), 10)
	if d.Divergent {
		b = append(b, ",1,"...)
	} else {
		b = append(b, ",0,"...)
	}
	b = appendStanFloat(b, d.Energy)
	for _, v := range params {
		b = append(b, ',')
		b = appendStanFloat(b, v)
	}
	b = append(b, '\n')
	sw.buf = b
	sw.write(b)
	return sw.err
}

// Adaptation is the result of warmup that CmdStan records between the
// warmup and the sampling rows: the adapted step size and the inverse metric
// (the "inverse mass matrix"), either its diagonal or, when Dense, all n*n
// elements in row-major order.
type Adaptation struct {
	Stepsize  float64
	InvMetric []float64
	Dense     bool
	// LowRank, for bayes's low_rank_e metric, holds the directions of
	// M^-1 = D^1/2 (I + U (Lambda - I) U') D^1/2, InvMetric being D: for
	// each column u_j of U its eigenvalue lambda_j, then u_j. They are
	// written after the diagonal, one comment line each, which readers of
	// CmdStan's files skip as comments.
	LowRank []float64
}

// WriteAdaptation writes the block CmdStan writes after warmup:
//
//	# Adaptation terminated
//	# Step size = 0.87
//	# Diagonal elements of inverse mass matrix:
//	# 1.2, 0.8, ...
//
// or, for a dense metric, "# Elements of inverse mass matrix:" and one
// comment line per row.
func (sw *StanCSVWriter) WriteAdaptation(a Adaptation) error {
	b := append(sw.buf[:0], "# Adaptation terminated\n# Step size = "...)
	b = appendStanFloat(b, a.Stepsize)
	b = append(b, '\n')
	if a.Dense {
		n := int(math.Round(math.Sqrt(float64(len(a.InvMetric)))))
		if n*n != len(a.InvMetric) {
			return fmt.Errorf("writing Stan CSV: dense inverse metric has %d elements, not a square number", len(a.InvMetric))
		}
		b = append(b, "# Elements of inverse mass matrix:\n"...)
		for i := range n {
			b = appendRow(b, a.InvMetric[i*n:(i+1)*n])
		}
	} else {
		b = append(b, "# Diagonal elements of inverse mass matrix:\n"...)
		b = appendRow(b, a.InvMetric)
	}
	if n := len(a.InvMetric) + 1; len(a.LowRank) > 0 && len(a.LowRank)%n == 0 {
		b = append(b, "# Low-rank directions of inverse mass matrix (eigenvalue, then eigenvector):\n"...)
		for j := 0; j < len(a.LowRank); j += n {
			b = appendRow(b, a.LowRank[j:j+n])
		}
	}
	sw.buf = b
	sw.write(b)
	return sw.err
}

func appendRow(b []byte, xs []float64) []byte {
	b = append(b, "# "...)
	for i, x := range xs {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = appendStanFloat(b, x)
	}
	return append(b, '\n')
}

// WriteTiming writes CmdStan's closing block of elapsed times.
func (sw *StanCSVWriter) WriteTiming(warmup, sampling time.Duration) error {
	sec := func(d time.Duration) string { return strconv.FormatFloat(d.Seconds(), 'f', 3, 64) }
	s := fmt.Sprintf("# \n#  Elapsed Time: %s seconds (Warm-up)\n#                %s seconds (Sampling)\n#                %s seconds (Total)\n# \n",
		sec(warmup), sec(sampling), sec(warmup+sampling))
	sw.write([]byte(s))
	return sw.err
}

// appendStanFloat appends x in round-trip form, non-finite values as the
// CmdStan guide spells them.
func appendStanFloat(b []byte, x float64) []byte {
	switch {
	case math.IsNaN(x):
		return append(b, "NaN"...)
	case math.IsInf(x, 1):
		return append(b, "inf"...)
	case math.IsInf(x, -1):
		return append(b, "-inf"...)
	}
	return strconv.AppendFloat(b, x, 'g', -1, 64)
}
