// Package bayes is the library entry point: Sample takes a model file,
// its data and the sampler's settings, compiles the model, chooses where
// the chains run (the CPU, or a GPU when one is present and pays), runs
// them with the model's generated quantities, and returns the run: the
// draws, their summary and the warnings. The command bayes sample is
// Sample behind flags, with the summary printed.
//
//	req := bayes.Request{Model: "models/eight_schools.bym", Data: "data/schools.json", Sampler: sampler.DefaultConfig()}
//	run, err := bayes.Sample(context.Background(), req)
package bayes

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/bayes-dev/bayes/compiler"
	"github.com/bayes-dev/bayes/diagnostics"
	"github.com/bayes-dev/bayes/fit"
	"github.com/bayes-dev/bayes/lang"
	"github.com/bayes-dev/bayes/sampler"
)

// Request is one sampling run. Each field is a flag of bayes sample, and
// the errors of a run name a setting by its flag (--device, --output-dir).
// A zero field other than Sampler means the flag's default.
type Request struct {
	Model string // the .bym file
	Data  string // its JSON data file (CmdStan format); "" when the model declares no data

	// NonCentered names parameters to rewrite to a non-centered form
	// before sampling, as bayes reparam prints them: "theta", "a,b", or
	// "auto" to choose each site from the data. RawSuffix names the new
	// standardised parameters ("" means compiler.DefaultRawSuffix).
	NonCentered, RawSuffix string

	// Sampler holds the sampler's settings: start from
	// sampler.DefaultConfig(). Sample sets its Context.
	Sampler sampler.Config
	// RandomSeed picks Sampler.Seed at random and notes it (unless Quiet),
	// so that the run can be repeated.
	RandomSeed bool
	// Device is where the chains run: one of Devices ("" is DeviceAuto).
	Device string
	// Precision is the bits of the GPU sampler's log density and
	// gradient: 64 (also 0), or 32 where the model permits.
	Precision int

	// OutputDir, when not empty, receives the draws as they are made: a
	// Stan CSV file per chain, MODEL_<chain id>.csv, or one draws.npy with
	// draws.json for OutputFormat "npy" ("auto", also "": from NPYMinChains
	// chains), or a Zarr store in ArviZ's schema, draws.zarr, for
	// OutputFormat "zarr" (package zarr). Run.Save adds the summary and, with Plots, the plots.
	OutputDir    string
	OutputFormat string
	Plots        bool
	// LogLik names the generated quantity that OutputFormat "zarr" puts
	// in the log_likelihood group ("" is DefaultLogLik).
	LogLik string
	// PosteriorPredictive names the generated quantities, comma-separated,
	// that OutputFormat "zarr" puts in the posterior_predictive group.
	PosteriorPredictive string
	// Init is how the initial values were given, for the Stan CSV
	// header's init line: bayes sample's --init as typed ("" writes
	// Sampler.InitRadius).
	Init string

	// Log receives the notes and warnings as they arise ("note: ..." and
	// "warning: ..." lines: bayes sample's stderr) and the model's print
	// output; nil discards them. Quiet leaves out the notes that say
	// where the chains run and which seed was picked.
	Log   io.Writer
	Quiet bool
	// Progress, when not nil, follows the sampling.
	Progress Progress
}

// Progress follows a run's sampling.
type Progress interface {
	// Start is called when the chains start, after every note: chains
	// chains of iterations iterations each, warmup included.
	Start(chains, iterations int)
	// Update is told, after each iteration of a chain, how many it has
	// done. It runs on the sampler's hot path: it should only store.
	Update(chain, done int)
	// Done is called when the chains have stopped, before the summary.
	Done()
}

// NPYMinChains is where OutputFormat "auto" switches from a Stan CSV file
// per chain to one draws.npy: a hundred files is still a directory a
// person can read; ten thousand is not.
const NPYMinChains = 100

// OutputFormats are the values of Request.OutputFormat.
var OutputFormats = []string{"auto", "csv", "npy", "zarr"}

// Run is what a sampling run made: the draws and sampler statistics
// (fit.Result), their summary, and the warnings with what to try.
type Run struct {
	*fit.Result
	Summary  diagnostics.Summary
	Warnings []diagnostics.Warning
	// Report is what the warnings were computed from, with how the run
	// went (Report.Run: device, precision, time, gradients): what
	// diagnostics.WriteReportJSON prints.
	Report diagnostics.WarningInput
	Seed   uint64 // the seed, as given or picked

	outputDir  string
	plots      bool
	candidates []compiler.Candidate // for the funnel's pairs plot
}

// Sample compiles req.Model with its data, runs the chains on the chosen
// device and summarises the draws. Cancelling ctx stops the chains after
// their current iteration: the run then has Interrupted set and the draws
// so far (an error when no chain had finished warmup, wrapping
// context.Canceled).
func Sample(ctx context.Context, req Request) (*Run, error) {
	if err := req.check(); err != nil {
		return nil, err
	}
	log := req.Log
	if log == nil {
		log = io.Discard
	}
	cfg := req.Sampler
	if req.RandomSeed {
		cfg.Seed = rand.Uint64() >> 1
	}
	prog, data, err := LoadModel(req.Model, req.Data, req.NonCentered, req.RawSuffix, true, log)
	if err != nil {
		return nil, err
	}
	model, err := compiler.CompileModel(prog, data)
	if err != nil {
		return nil, err
	}
	for _, n := range model.Notes {
		fmt.Fprintln(log, "note:", n)
	}
	if model.Dim() == 0 {
		return nil, fmt.Errorf("%s has no parameters: there is nothing to sample (for draws of generated quantities alone, use bayes prior-predictive)", req.Model)
	}
	dev, err := openDevice(req.Device, req.Precision, model, cfg, req.Quiet, log)
	if err != nil {
		return nil, err
	}
	if dev != nil {
		defer dev.close()
	}
	name := strings.TrimSuffix(filepath.Base(req.Model), filepath.Ext(req.Model))
	npy := req.OutputFormat == "npy" || req.OutputFormat == "auto" && cfg.Chains >= NPYMinChains
	if req.OutputDir != "" {
		if err := os.MkdirAll(req.OutputDir, 0o755); err != nil {
			return nil, fmt.Errorf("--output-dir %s: %w", req.OutputDir, err)
		}
		noteStaleChains(log, req.OutputDir, name, cfg.ChainOffset+1, cfg.ChainOffset+cfg.Chains, npy)
	}
	for _, w := range cfg.Warnings() {
		fmt.Fprintln(log, "note:", w)
	}
	improper := compiler.ImproperParameters(prog)
	if len(improper) > 0 {
		fmt.Fprintln(log, "warning:", diagnostics.ImproperMessage(improper))
	}
	if req.RandomSeed && !req.Quiet {
		fmt.Fprintf(log, "seed: %d (pass --seed %d to repeat this run)\n", cfg.Seed, cfg.Seed)
	}
	cfg.Context = ctx

	csv := diagnostics.DefaultStanCSVConfig()
	csv.Model, csv.DataFile, csv.Seed = name, req.Data, cfg.Seed
	csv.NumSamples, csv.NumWarmup, csv.Thin = cfg.Samples, cfg.Warmup, cfg.Thin
	csv.Delta, csv.MaxDepth, csv.Metric = cfg.AdaptDelta, cfg.MaxTreeDepth, cfg.Metric.String()
	csv.Stepsize, csv.Init = cfg.Stepsize, req.Init
	if cfg.Superchains > 0 {
		csv.SuperchainSize = cfg.Chains / cfg.Superchains
	}

	opts := fit.Options{
		Sampler:   cfg,
		Names:     model.OutputNames(),
		NewKernel: func(int) fit.Kernel { return model.NewKernel() },
		OutputDir: req.OutputDir,
		NPY:       npy,
		Prefix:    name,
		CSV:       csv,
	}
	if err := addGeneratedQuantities(&opts, prog, data, log); err != nil {
		return nil, err
	}
	var store string
	if req.OutputDir != "" && req.OutputFormat == "zarr" {
		if _, err := openZarr(req, &opts, model, prog, data); err != nil {
			return nil, err
		}
		store = filepath.Join(req.OutputDir, ZarrStore)
		opts.OutputDir = "" // the store instead of CSV files, as draws.npy
	}
	if req.Progress != nil {
		req.Progress.Start(cfg.Chains, cfg.Warmup+cfg.Samples)
		opts.Progress = req.Progress.Update
	}
	var res *fit.Result
	info := &diagnostics.RunInfo{Device: "cpu", Regime: "cpu", Precision: 64}
	if dev != nil {
		info.Device, info.Regime, info.Precision = dev.name, dev.regime, req.Precision
		res, err = fit.RunBlocks(opts, dev.sampler)
	} else {
		res, err = fit.Run(opts)
	}
	if req.Progress != nil {
		req.Progress.Done()
	}
	if err != nil {
		return nil, prog.InFile(err)
	}
	if store != "" {
		res.Files = append(res.Files, store)
	}
	if len(res.Stats) == 0 {
		if res.Interrupted {
			return nil, fmt.Errorf("interrupted before any draw was kept (still in warmup): %w", context.Canceled)
		}
		return nil, errors.New("no draws were kept")
	}
	cols := res.Columns()
	summary, err := diagnostics.Summarize(cols)
	if err != nil {
		return nil, err
	}
	info.Seconds, info.Gradients = res.Elapsed.Seconds(), res.Gradients
	report := diagnostics.WarningInput{
		Summary: summary, Chains: len(res.Stats), Draws: len(res.Stats[0]),
		Stats: res.SamplerDraws(), MaxTreedepth: cfg.MaxTreeDepth, Model: req.Model,
		FunnelCandidates: funnelCandidates(prog),
		Improper:         improper,
		Rejections:       res.Rejections,
		Gradients:        res.Gradients,
		Run:              info,
	}
	if cfg.Superchains > 0 && len(res.Stats) == cfg.Chains { // a run stopped early may lack chains
		report.Nested = diagnostics.NestedRhats(cols, cfg.Superchains)
	}
	return &Run{Result: res, Summary: summary, Warnings: diagnostics.Warnings(report), Report: report, Seed: cfg.Seed,
		outputDir: req.OutputDir, plots: req.Plots, candidates: compiler.LocationScaleCandidates(prog)}, nil
}

// check fills in the defaults of req's zero fields and reports the first
// setting Sample cannot run. (bayes sample checks its flags before, with
// messages that name them.)
func (req *Request) check() error {
	if req.Device == "" {
		req.Device = DeviceAuto
	}
	if req.Precision == 0 {
		req.Precision = 64
	}
	if req.OutputFormat == "" {
		req.OutputFormat = "auto"
	}
	if req.Init == "" {
		req.Init = strconv.FormatFloat(req.Sampler.InitRadius, 'g', -1, 64)
	}
	bad := func(field string, v any, want string) error {
		return fmt.Errorf("bayes: Request.%s %v: %s", field, v, want)
	}
	switch {
	case !slices.Contains(Devices, req.Device):
		return bad("Device", req.Device, "must be one of "+strings.Join(Devices, ", "))
	case req.Precision != 32 && req.Precision != 64:
		return bad("Precision", req.Precision, "must be 64 or 32")
	case !slices.Contains(OutputFormats, req.OutputFormat):
		return bad("OutputFormat", req.OutputFormat, "must be one of "+strings.Join(OutputFormats, ", "))
	case req.Plots && req.OutputDir == "":
		return bad("Plots", req.Plots, "needs OutputDir: the plots are written there")
	case req.Sampler.Chains < 1:
		return bad("Sampler.Chains", req.Sampler.Chains, "must be at least 1 (start from sampler.DefaultConfig())")
	case req.Sampler.Thin < 1:
		return bad("Sampler.Thin", req.Sampler.Thin, "must be at least 1")
	}
	return nil
}

// funnelCandidates names the parameters that a non-centered rewrite could
// help, for the divergence warning's suggested command.
func funnelCandidates(p *lang.Program) []string {
	var names []string
	for _, c := range compiler.LocationScaleCandidates(p) {
		names = append(names, c.Name)
	}
	return names
}
