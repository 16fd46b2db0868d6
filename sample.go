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
	"cmp"
	"context"
	"errors"
	"fmt"
	"github.com/bayes-dev/bayes/compiler/reparam"
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
	"github.com/bayes-dev/bayes/runfiles"
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
	// standardised parameters ("" means reparam.DefaultRawSuffix).
	NonCentered, RawSuffix string

	// Sampler holds the sampler's settings: start from
	// sampler.DefaultConfig(), Stan's. Sample sets its Context.
	Sampler sampler.Config
	// Auto marks the adaptation settings of Sampler that Sample chooses
	// (AutoAdaptation): bayes sample's default. Resume and AdaptFrom
	// take the run's instead.
	Auto AutoAdaptation
	// RandomSeed picks Sampler.Seed at random and notes it (unless Quiet),
	// so that the run can be repeated.
	RandomSeed bool
	// Device is where the chains run: one of Devices ("" is DeviceAuto).
	Device string
	// Precision is the bits of the GPU sampler's log density and
	// gradient: 64 (also 0), or 32 where the model permits.
	Precision int
	// Threads is the number of goroutines per chain that evaluate the
	// slices of each reduce_sum call and the jobs of each map_rect call
	// at once (Stan's STAN_NUM_THREADS;
	// 0 is 1). The draws are the same, bit for bit, for any number.
	Threads int

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
	// InitFile, when not empty, gives initial values as CmdStan's
	// init=FILE.json does: a JSON object of constrained parameter values
	// by name, for all chains or, with several chains, FILE_<chain
	// id>.json for each when the first exists. Parameters it leaves out
	// are drawn from Sampler.InitRadius. The GPU sampler draws its own
	// initial values, so with InitFile the chains run on the CPU.
	InitFile string
	// Init is how the initial values were given, for the Stan CSV
	// header's init line: bayes sample's --init as typed ("" writes
	// InitFile, or else Sampler.InitRadius).
	Init string
	// SaveWarmup writes the warmup draws too, before the sampling draws,
	// as CmdStan's save_warmup does (thinned alike); the summary leaves
	// them out. The Go sampler only.
	SaveWarmup bool
	// Resume, when not "", is the directory of a finished run of the Go
	// sampler to continue: each chain goes on from where its state.json
	// (RunState) says it stopped, with no warmup, for Sampler.Samples
	// more iterations, whose draws are added to the run's files. The
	// model, the data and the other settings must be the run's
	// (RunState.FillFromState takes them from it); the draws are those
	// of one run with all the samples, bit for bit.
	Resume string
	// AdaptFrom, when not "", is the directory of a finished run of the
	// Go sampler whose adaptation each chain starts from (its state.json):
	// chain c takes the step size and metric of the run's chain c (modulo
	// its chains), keeps the metric, and adapts only the step size over
	// Sampler.Warmup iterations (bayes sample's default then is
	// AdaptFromWarmup). When the model and data are the run's and there is
	// no InitFile, chain c starts where the run's chain stopped.
	// Sampler.Metric must be the run's. The CPU sampler only.
	AdaptFrom string

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
	// Update is told, after each iteration of a chain (after each block
	// on a device), where the chain stands; p is reused, copy what is
	// kept. It runs on the sampler's hot path: it should only store.
	Update(p *sampler.ChainProgress)
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
	candidates []reparam.Candidate // for the funnel's pairs plot
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
	if req.Resume != "" || req.AdaptFrom != "" {
		req.Auto = AutoAdaptation{}
	}
	log := req.Log
	if log == nil {
		log = io.Discard
	}
	var saved *RunState
	if req.Resume != "" {
		var err error
		if saved, err = ReadRunState(req.Resume); err != nil {
			return nil, err
		}
		if err := saved.checkResume(&req); err != nil {
			return nil, err
		}
		if saved.OutputFormat == "zarr" {
			return nil, fmt.Errorf("--resume %s: the run wrote a Zarr store, which cannot be continued yet (CSV and npy runs can)", req.Resume)
		}
		req.OutputDir = req.Resume
	}
	cfg := req.Sampler
	if req.RandomSeed && saved == nil {
		cfg.Seed = rand.Uint64() >> 1
	}
	prog, data, err := LoadModel(req.Model, req.Data, req.NonCentered, req.RawSuffix, true, log)
	if err != nil {
		return nil, err
	}
	// The C and CUDA samplers run reduce_sum as one call and map_rect's
	// jobs one after another: the emitted C has no threads of its own
	// (compiler.Options).
	serial := req.Device == DeviceC || req.Device == DeviceCUDA
	model, err := compiler.CompileModelOptions(prog, data, cfg.Seed, compiler.Options{Serial: serial})
	if err != nil {
		return nil, err
	}
	if req.Threads > 1 {
		model.SetThreads(req.Threads)
	}
	for _, n := range model.Notes {
		fmt.Fprintln(log, "note:", n)
	}
	if model.Dim() == 0 {
		return nil, fmt.Errorf("%s has no parameters: there is nothing to sample (for draws of generated quantities alone, use bayes prior-predictive)", req.Model)
	}
	if saved != nil && saved.Dim != model.Dim() {
		return nil, fmt.Errorf("--resume %s: the run's model has %d unconstrained coordinates, this one %d", req.Resume, saved.Dim, model.Dim())
	}
	if req.AdaptFrom != "" {
		if err := req.adaptFrom(&cfg, model.Dim(), log); err != nil {
			return nil, err
		}
	}
	if req.InitFile != "" {
		if saved != nil {
			return nil, fmt.Errorf("--resume %s continues each chain from where it stopped: it takes no --init file", req.Resume)
		}
		if cfg.Inits, err = readInits(prog, data, model, req.InitFile, cfg, log); err != nil {
			return nil, err
		}
	}
	// The adaptation left to bayes as the GPU sampler would run it, then
	// as the sampler that will.
	onDevice := cfg
	req.Auto.settle(&onDevice, model.Dim(), true)
	dev, err := openDevice(req.Device, req.Precision, model, onDevice, req.Quiet, log)
	if err != nil {
		return nil, err
	}
	req.Auto.settle(&cfg, model.Dim(), dev != nil)
	if dev != nil && req.Auto.Metric && cfg.Metric == sampler.Diag && model.Dim() <= sampler.LowRankMaxDim && !req.Quiet {
		fmt.Fprintln(log, "note: the GPU sampler adapts a diagonal metric; on the CPU (--device cpu) bayes adapts a low-rank one for this model")
	}
	if dev != nil {
		defer dev.close()
	}
	name := strings.TrimSuffix(filepath.Base(req.Model), filepath.Ext(req.Model))
	npy := req.OutputFormat == "npy" || req.OutputFormat == "auto" && cfg.Chains >= NPYMinChains
	if saved != nil {
		npy = saved.OutputFormat == "npy"
	}
	if req.OutputDir != "" {
		if err := os.MkdirAll(req.OutputDir, 0o755); err != nil {
			return nil, fmt.Errorf("--output-dir %s: %w", req.OutputDir, err)
		}
		if saved == nil {
			noteStaleChains(log, req.OutputDir, name, cfg.ChainOffset+1, cfg.ChainOffset+cfg.Chains, npy)
		}
		// A run that does not finish leaves no state: none of an earlier run.
		if err := os.Remove(filepath.Join(req.OutputDir, StateFile)); err != nil && !errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("--output-dir %s: %w", req.OutputDir, err)
		}
	}
	for _, w := range cfg.Warnings() {
		fmt.Fprintln(log, "note:", w)
	}
	for _, n := range runNotes(cfg) {
		fmt.Fprintln(log, "note:", n)
	}
	improper := reparam.ImproperParameters(prog)
	if len(improper) > 0 {
		fmt.Fprintln(log, "warning:", diagnostics.ImproperMessage(improper))
	}
	if req.RandomSeed && saved == nil && !req.Quiet {
		fmt.Fprintf(log, "seed: %d (pass --seed %d to repeat this run)\n", cfg.Seed, cfg.Seed)
	}
	cfg.Context = ctx

	csv := runfiles.DefaultStanCSVConfig()
	csv.Model, csv.DataFile, csv.Seed = name, req.Data, cfg.Seed
	csv.NumSamples, csv.NumWarmup, csv.Thin = cfg.Samples, cfg.Warmup, cfg.Thin
	csv.Delta, csv.MaxDepth, csv.Metric = cfg.AdaptDelta, cfg.MaxTreeDepth, cfg.Metric.String()
	csv.Stepsize, csv.Init, csv.InitBuffer = cfg.Stepsize, req.Init, cfg.InitBuffer()
	csv.SaveWarmup = req.SaveWarmup
	if cfg.Adapt != sampler.AdaptStan {
		csv.AdaptMethod = cfg.Adapt.String()
	}
	csv.AdaptFrom = req.AdaptFrom
	if cfg.Superchains > 0 {
		csv.SuperchainSize = cfg.Chains / cfg.Superchains
	}
	csv.BayesVersion, csv.BayesCommit = Version(), Commit()

	opts := fit.Options{
		Sampler:   cfg,
		Names:     model.OutputNames(),
		NewKernel: func(int) fit.Kernel { return model.NewKernel() },
		OutputDir: req.OutputDir,
		NPY:       npy,
		Prefix:    name,
		CSV:       csv,
	}
	// The moves are told once the live view is done: a line written
	// under it would be drawn over.
	var regrouped []sampler.Regrouping
	opts.Regrouped = func(r sampler.Regrouping) { regrouped = append(regrouped, r) }
	defer func() {
		for _, r := range regrouped {
			fmt.Fprintf(log, "note: warmup iteration %d: chain %d continues from chain %d's state: its draws over the second half of its last metric window held about exp(-%.3g) times the posterior mass of chain %d's (a minor mode, or a chain left behind); --adapt stan keeps chains apart\n",
				r.Iteration, cfg.ChainOffset+r.Chain+1, cfg.ChainOffset+r.To+1, r.Gap, cfg.ChainOffset+r.To+1)
		}
	}()
	if saved != nil {
		cfg.Resume = saved.sampler(cfg.Metric)
		opts.Sampler = cfg
		opts.CSV.NumSamples = saved.Samples + cfg.Samples
		opts.Append = true
		for _, c := range saved.ChainStates {
			opts.GeneratedStates = append(opts.GeneratedStates, c.GQRNG)
		}
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
		iterations := cfg.Warmup + cfg.Samples
		if saved != nil {
			iterations = cfg.Samples
		}
		req.Progress.Start(cfg.Chains, iterations)
		opts.Progress = req.Progress.Update
	}
	var res *fit.Result
	info := &diagnostics.RunInfo{Device: "cpu", Regime: "cpu", Precision: 64,
		Adapt: cfg.Adapt.String(), Metric: cfg.Metric.String(), Warmup: cfg.Warmup}
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
		return nil, explainInit(prog.InFile(err), model)
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
	if req.OutputDir != "" && res.States != nil {
		total := cfg
		total.Samples = opts.CSV.NumSamples
		st, err := newRunState(&req, total, npy, model.Dim(), res)
		if err == nil && store != "" {
			st.OutputFormat = "zarr"
		}
		if err == nil && saved != nil {
			st.AdaptFrom = saved.AdaptFrom // the resumed run's, not this one's
		}
		if err == nil {
			err = st.write(req.OutputDir)
		}
		if err != nil {
			return nil, err
		}
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
		outputDir: req.OutputDir, plots: req.Plots, candidates: reparam.LocationScaleCandidates(prog)}, nil
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
		req.Init = cmp.Or(req.InitFile, strconv.FormatFloat(req.Sampler.InitRadius, 'g', -1, 64))
	}
	bad := func(field string, v any, want string) error {
		return fmt.Errorf("bayes: Request.%s %v: %s", field, v, want)
	}
	switch {
	case !slices.Contains(Devices, req.Device):
		return bad("Device", req.Device, "must be one of "+strings.Join(Devices, ", "))
	case req.Precision != 32 && req.Precision != 64:
		return bad("Precision", req.Precision, "must be 64 or 32")
	case req.Threads < 0:
		return bad("Threads", req.Threads, "must be 0 or more")
	case !slices.Contains(OutputFormats, req.OutputFormat):
		return bad("OutputFormat", req.OutputFormat, "must be one of "+strings.Join(OutputFormats, ", "))
	case req.Plots && req.OutputDir == "":
		return bad("Plots", req.Plots, "needs OutputDir: the plots are written there")
	case req.OutputFormat != "auto" && req.OutputDir == "" && req.Resume == "":
		return bad("OutputFormat", req.OutputFormat, "needs OutputDir: the draws are written there")
	case req.Sampler.Chains < 1:
		return bad("Sampler.Chains", req.Sampler.Chains, "must be at least 1 (start from sampler.DefaultConfig())")
	case req.Sampler.Thin < 1:
		return bad("Sampler.Thin", req.Sampler.Thin, "must be at least 1")
	}
	if req.Resume != "" && req.AdaptFrom != "" {
		return fmt.Errorf("--resume %s continues the run with its own adaptation: it takes no --adapt-from", req.Resume)
	}
	// The device sampler hands back neither warmup draws nor its random
	// streams, and adapts as Stan does or, for the diagonal metric, as
	// nutpie does; it reuses a saved adaptation and adapts as nutpie when
	// asked to (--device c or cuda), which auto leaves to the CPU.
	nutpie := req.Sampler.Adapt == sampler.AdaptNutpie && !req.Auto.Adapt
	nutpieDiag := req.Sampler.Metric == sampler.Diag || req.Auto.Metric
	for _, f := range []struct {
		on, device bool
		flag, why  string
	}{
		{req.SaveWarmup, false, "--save-warmup", "does not hand back its warmup draws"},
		{req.Resume != "", false, "--resume", "does not hand back where its chains stopped"},
		{nutpie && nutpieDiag, true, "--adapt nutpie", ""},
		{nutpie && !nutpieDiag, false, "--adapt nutpie with --metric " + req.Sampler.Metric.String(), "adapts only the diagonal metric as nutpie does (--metric diag)"},
		{req.AdaptFrom != "", true, "--adapt-from", ""},
	} {
		if !f.on {
			continue
		}
		if req.Device == DeviceCUDA || req.Device == DeviceC {
			if f.device {
				continue
			}
			return fmt.Errorf("%s is for the CPU sampler (--device cpu): the GPU sampler (--device %s) %s", f.flag, req.Device, f.why)
		}
		req.Device = DeviceCPU
	}
	if req.Resume != "" && req.OutputDir != "" && filepath.Clean(req.OutputDir) != filepath.Clean(req.Resume) {
		return fmt.Errorf("--resume %s writes to the run's directory: --output-dir %s is another", req.Resume, req.OutputDir)
	}
	return nil
}

// funnelCandidates names the parameters that a non-centered rewrite could
// help, for the divergence warning's suggested command.
func funnelCandidates(p *lang.Program) []string {
	var names []string
	for _, c := range reparam.LocationScaleCandidates(p) {
		names = append(names, c.Name)
	}
	return names
}
