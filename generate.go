package bayes

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/bayes-dev/bayes/data"
	"github.com/bayes-dev/bayes/fit"
	"github.com/bayes-dev/bayes/lang"
	"github.com/bayes-dev/bayes/runfiles"
	"github.com/bayes-dev/bayes/sampler"
	"github.com/bayes-dev/bayes/simulate"
	"github.com/bayes-dev/bayes/zarr"
)

// GenerateRequest is one bayes generate: a model's generated quantities
// block run over every draw of a finished run, as CmdStan's standalone
// generate_quantities does. Each field is a flag of bayes generate.
type GenerateRequest struct {
	Model string // the .bym file whose generated quantities block runs
	// Data is the model's data file; "" takes the run's (the data file
	// its files name).
	Data string
	// Fitted is the run's directory (bayes sample --output-dir): its Stan
	// CSV files, draws.npy or draws.zarr. Its parameters and transformed
	// parameters must be the model's, names and shapes, in the model's
	// order.
	Fitted string
	// LogLik names the generated quantity that a Zarr run's
	// log_likelihood group receives ("" is DefaultLogLik); the others go
	// to posterior_predictive.
	LogLik string
	// Log receives the notes and the model's print output; nil discards
	// them.
	Log io.Writer
}

// Generation is what Generate computed and wrote.
type Generation struct {
	Names  []string // the generated quantities, Stan element names
	Format string   // the run's: "csv", "npy" or "zarr"
	Chains int
	// Draws counts the draws of all chains that the quantities were
	// generated for, WarmupDraws the saved warmup draws among them.
	Draws, WarmupDraws int
	Files              []string // the files written (for zarr, the store)
}

// Generate runs req.Model's generated quantities block over every draw of
// the run in req.Fitted and writes them beside the run's draws: for a run
// of Stan CSV files, a file per chain, gq-<chain id>.csv; for draws.npy,
// gq.npy with gq.json (runfiles.WriteGeneratedCSV and
// WriteGeneratedNPY); for draws.zarr, arrays in its log_likelihood and
// posterior_predictive groups (zarr.Extend). bayes summary, plot and loo
// then read them with the draws. A quantity the run already has is
// replaced.
//
// Each chain's quantities come from the random stream that bayes sample
// gives the chain's generated quantities (seeded from the run's seed and
// the chain's id, one stream for the sampling draws and one for the saved
// warmup draws, each used a draw at a time in order), so that for a run
// sampled by bayes, a block run here gives, draw for draw and bit for bit,
// what the same block gives when it is in the model that samples.
func Generate(ctx context.Context, req GenerateRequest) (*Generation, error) {
	log := req.Log
	if log == nil {
		log = io.Discard
	}
	info, err := os.Stat(req.Fitted)
	switch {
	case req.Fitted == "":
		return nil, errors.New("--fitted: give the directory of the run (bayes sample --output-dir) to generate quantities for")
	case errors.Is(err, os.ErrNotExist):
		return nil, fmt.Errorf("--fitted %s: no such directory (give the --output-dir of a bayes sample run)", req.Fitted)
	case err != nil:
		return nil, fmt.Errorf("--fitted %s: %w", req.Fitted, err)
	case !info.IsDir():
		return nil, fmt.Errorf("--fitted %s: not a directory: give the run's directory (bayes sample --output-dir), where the generated quantities are written", req.Fitted)
	}
	paths, chains, err := runfiles.ReadSampledRuns([]string{req.Fitted}, log)
	if err != nil {
		return nil, err
	}
	for i, c := range chains {
		if !slices.Equal(c.Columns, chains[0].Columns) {
			return nil, fmt.Errorf("--fitted %s: %s and %s have different columns: not one run", req.Fitted, paths[0], paths[i])
		}
	}
	dataPath := req.Data
	if dataPath == "" {
		dataPath = chains[0].Settings["data.file"]
	}
	prog, d, err := LoadModel(req.Model, dataPath, "", "", true, log)
	if err != nil {
		return nil, err
	}
	if prog.GeneratedQuantities == nil {
		return nil, fmt.Errorf("%s has no generated quantities block: there is nothing to generate", req.Model)
	}
	gen, err := simulate.NewGenerator(prog, d.Values())
	if err != nil {
		return nil, prog.InFile(err)
	}
	names := gen.GQNames()
	if len(names) == 0 {
		return nil, fmt.Errorf("%s: its generated quantities block declares no variable: there is nothing to generate", req.Model)
	}
	cols, err := matchRun(prog, gen, req.Fitted, chains[0].Columns)
	if err != nil {
		return nil, err
	}
	out := &Generation{Names: names, Format: runFormat(paths[0]), Chains: len(chains)}
	gchains := make([]runfiles.GeneratedChain, len(chains))
	errs := make([]error, len(chains))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(chains)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				c := int(next.Add(1) - 1)
				if c >= len(chains) || ctx.Err() != nil {
					return
				}
				rows, err := generateChain(prog, d, chains[c], paths[c], cols, len(names), log)
				gchains[c] = runfiles.GeneratedChain{Fitted: chains[c], Path: paths[c], Rows: rows}
				if errs[c] = err; err != nil {
					return
				}
			}
		}()
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	for _, err := range errs {
		if err != nil {
			return nil, prog.InFile(err)
		}
	}
	for _, c := range chains {
		out.Draws += len(c.Draws)
		out.WarmupDraws += len(c.Warmup)
	}
	if out.Files, err = writeGenerated(req, out, paths[0], gchains); err != nil {
		return nil, err
	}
	return out, nil
}

// runFormat is the format of the run whose first chain ReadRuns read at
// path: "DIR/x_1.csv", "DIR/draws.npy (chain 1)", "DIR/draws.zarr (chain 1)".
func runFormat(path string) string {
	file, _, _ := strings.Cut(path, " (chain ")
	switch filepath.Ext(file) {
	case ".npy":
		return "npy"
	case ".zarr":
		return "zarr"
	}
	return "csv"
}

// generateChain runs the generated quantities over one chain's rows,
// warmup then draws, each kind with the stream bayes sample gives it
// (addGeneratedQuantities): the run's seed, the chain's id.
func generateChain(prog *lang.Program, d *data.Data, ch *runfiles.StanCSV, path string, cols []int, k int, log io.Writer) ([][]float64, error) {
	seed, err := strconv.ParseUint(ch.Settings["seed"], 10, 64)
	if err != nil {
		return nil, fmt.Errorf("%s: its header has no seed (random seed = N) to draw the generated quantities from", path)
	}
	id, err := strconv.Atoi(ch.Settings["id"])
	if err != nil || id < 1 {
		return nil, fmt.Errorf("%s: its header has no chain id (id = N), which seeds the chain's generated quantities", path)
	}
	opts := fit.Options{Sampler: sampler.Config{Chains: 1, Seed: seed, ChainOffset: id - 1}}
	if err := addGeneratedQuantities(&opts, prog, d, log); err != nil {
		return nil, err
	}
	params := make([]float64, len(cols))
	var out [][]float64
	for _, part := range []struct {
		rows [][]float64
		gen  fit.Generated
		what string
	}{{ch.Warmup, opts.NewWarmupGenerated(0), "warmup draw"}, {ch.Draws, opts.NewGenerated(0), "draw"}} {
		for i, row := range part.rows {
			for j, col := range cols {
				params[j] = row[col]
			}
			values := make([]float64, k)
			if err := part.gen.Generate(params, values); err != nil {
				return nil, fmt.Errorf("%s, %s %d: %w", path, part.what, i+1, err)
			}
			out = append(out, values)
		}
	}
	return out, nil
}

// writeGenerated writes the quantities where the run's format keeps them.
func writeGenerated(req GenerateRequest, g *Generation, first string, chains []runfiles.GeneratedChain) ([]string, error) {
	info := runfiles.GeneratedInfo{Model: req.Model, DataFile: req.Data, BayesVersion: Version(), BayesCommit: Commit()}
	if info.DataFile == "" {
		info.DataFile = chains[0].Fitted.Settings["data.file"]
	}
	switch g.Format {
	case "csv":
		return runfiles.WriteGeneratedCSV(req.Fitted, g.Names, chains, info)
	case "npy":
		return runfiles.WriteGeneratedNPY(req.Fitted, g.Names, chains, info)
	}
	store, _, _ := strings.Cut(first, " (chain ")
	logLik := req.LogLik
	if logLik == "" {
		logLik = DefaultLogLik
	}
	st, err := zarr.Extend(store, g.Names, logLik)
	if err != nil {
		return nil, err
	}
	for c, ch := range chains {
		w := len(ch.Fitted.Warmup)
		for d, row := range ch.Rows {
			if d < w {
				err = st.WriteWarmupDraw(c, d, row)
			} else {
				err = st.WriteDraw(c, d-w, row)
			}
			if err != nil {
				return nil, fmt.Errorf("%s: %w", store, err)
			}
		}
	}
	if err := st.Close(); err != nil {
		return nil, fmt.Errorf("%s: %w", store, err)
	}
	return []string{store}, nil
}
