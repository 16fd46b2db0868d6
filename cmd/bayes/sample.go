package main

import (
	"context"
	"errors"
	"fmt"
	"github.com/bayes-dev/bayes/compiler/reparam"
	"math"
	"slices"
	"strconv"
	"strings"

	bayeslib "github.com/bayes-dev/bayes"
	"github.com/bayes-dev/bayes/diagnostics"
	"github.com/bayes-dev/bayes/sampler"
	"github.com/spf13/cobra"
)

// sampleFlags are the settings of `bayes sample`, with Stan's defaults.
type sampleFlags struct {
	data         string
	chains       int
	chainOffset  int
	warmup       int
	samples      int
	thin         int
	seed         int64
	adaptDelta   float64
	maxTreedepth int
	metric       string
	stepsize     float64
	init         string
	outputDir    string
	quiet        bool
	noncentered  string
	rawSuffix    string
	format       string
	plots        bool
	device       string
	outputFormat string
	precision    int
	superchains  int
	logLik       string
	postPred     string
	saveWarmup   bool
	resume       string
	adapt        string
	adaptFrom    string
	threads      int
}

func newSampleCmd() *cobra.Command {
	var f sampleFlags
	cmd := &cobra.Command{
		Use:   "sample MODEL.bym [--data FILE.json] [flags]",
		Short: "Draw from the posterior with NUTS and print a summary",
		Long: `sample compiles MODEL.bym with its data, runs NUTS chains in parallel on all
cores, and prints the summary table (mean, sd, median, 5% and 95% quantiles, bulk
ESS as n_eff, rank-normalised split R-hat) and the number of divergences.

With --output-dir, each chain's draws stream to DIR/MODEL_<chain>.csv in
CmdStan's layout (CmdStanPy, ArviZ and posterior read them), and the summary
goes to DIR/summary.csv and DIR/summary.json. From 100 chains on, the draws of
all chains go to one NumPy file instead, DIR/draws.npy (chains x draws x
columns, float64, np.load reads it) described by DIR/draws.json. Ctrl-C stops
the run; the draws made so far are kept, summarised and written.

--device cuda samples on an NVIDIA GPU, one thread per chain, with the whole
NUTS transition and its adaptation on the device: the way to run thousands of
chains. --device auto (the default) does so when a GPU is present and the run
has many chains, and otherwise samples on the CPU.`,
		Args: exactArgs(1, "MODEL.bym"),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runSample(cmd, args[0], &f)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.data, "data", "", "JSON data file (CmdStan format)")
	fl.IntVar(&f.chains, "chains", 4, "number of chains")
	fl.IntVar(&f.chainOffset, "chain-offset", 0, "number this run's chains from K+1 (seeds follow), to split chains across jobs (the jobs' chains are those of one run wherever warmup moved no chain: see --adapt)")
	fl.IntVar(&f.warmup, "warmup", 1000, fmt.Sprintf("warmup (adaptation) iterations per chain; auto: the adaptation's: %d under --adapt auto with its low-rank metric, %d under --adapt nutpie (%d with a low-rank metric), else 1000", sampler.AutoWarmup, sampler.NutpieWarmup, sampler.NutpieLowRankWarmup))
	fl.Lookup("warmup").DefValue = "auto"
	fl.IntVar(&f.samples, "samples", 1000, "kept iterations per chain after warmup")
	fl.IntVar(&f.thin, "thin", 1, "keep every N-th iteration")
	fl.Int64Var(&f.seed, "seed", -1, "random seed; -1 picks one and reports it")
	fl.Float64Var(&f.adaptDelta, "adapt-delta", 0.8, "target acceptance statistic of step-size adaptation, in (0, 1)")
	fl.IntVar(&f.maxTreedepth, "max-treedepth", 10, "maximum NUTS tree depth")
	fl.StringVar(&f.metric, "metric", "auto", fmt.Sprintf("metric (mass matrix): diag, dense, unit, low-rank (a diagonal plus low-rank correction estimated from draws and gradients as nutpie does), or auto: low-rank up to %d unconstrained coordinates on the CPU (unless --adapt stan), dense up to %d on the GPU sampler (with --adapt auto), else diag", sampler.LowRankMaxDim, bayeslib.GPUDenseMaxDim))
	fl.StringVar(&f.adapt, "adapt", "auto", "how warmup adapts the metric: auto (Stan's windows, which estimate a low-rank metric as nutpie does, the first after 25 iterations rather than 75; at each window's end a chain left far behind the others, as in a minor mode, continues from the best chain's state), stan (Stan's adaptation: Stan's draws, bit for bit, with a diagonal metric), or nutpie (nutpie's overlapping windows from the first draws on, and a shorter warmup)")
	fl.StringVar(&f.adaptFrom, "adapt-from", "", fmt.Sprintf("start from the step size and metric of the finished run in DIR (its state.json), and, for the same model and data, where its chains stopped (else from --init): the metric is kept and warmup adapts the step size only (--warmup then defaults to %d)", bayeslib.AdaptFromWarmup))
	fl.Float64Var(&f.stepsize, "stepsize", 1, "initial step size")
	fl.StringVar(&f.init, "init", "2", "initial values: R draws them uniformly from (-R, R) on the unconstrained space (0 starts at zero); FILE.json gives them, constrained, by parameter name as CmdStan's init file (FILE_1.json, FILE_2.json, ... one per chain when they exist); parameters it leaves out are drawn from (-2, 2)")
	fl.StringVar(&f.outputDir, "output-dir", "", "write per-chain Stan CSV files and the summary here")
	fl.BoolVar(&f.quiet, "quiet", false, "no live view of the chains (nor progress bar)")
	fl.StringVar(&f.noncentered, "noncentered", "", "rewrite these parameters (a,b or auto) to a non-centered form before sampling, as bayes reparam prints it")
	fl.StringVar(&f.rawSuffix, "raw-suffix", reparam.DefaultRawSuffix, "with --noncentered: suffix of the new standardised parameters")
	fl.StringVar(&f.format, "format", "table", "summary format on stdout: table or json")
	fl.StringVar(&f.device, "device", "auto", "where to sample: cuda (an NVIDIA GPU, a thread per chain), cpu, auto (the GPU for many chains when one is present), or c (the GPU sampler built for the CPU, to check it without a GPU)")
	fl.StringVar(&f.outputFormat, "output-format", "auto", fmt.Sprintf("with --output-dir: csv (a Stan CSV file per chain), npy (one NumPy draws.npy with draws.json for all chains), zarr (a Zarr store in ArviZ's schema, draws.zarr), or auto (npy from %d chains)", bayeslib.NPYMinChains))
	fl.StringVar(&f.logLik, "log-lik", bayeslib.DefaultLogLik, "with --output-format zarr: the generated quantity that holds the pointwise log likelihood, for the log_likelihood group")
	fl.StringVar(&f.postPred, "posterior-predictive", "", "with --output-format zarr: the generated quantities (y_rep, or a,b) for the posterior_predictive group")
	fl.IntVar(&f.precision, "precision", 64, "floating-point bits of the GPU sampler's log density and gradient: 64, or 32 where the model permits (the sampler itself stays in 64)")
	fl.IntVar(&f.superchains, "superchains", 0, "start the chains in K groups, each from one initial point, and report nested R-hat (Margossian et al. 2023): for many short chains")
	fl.BoolVar(&f.saveWarmup, "save-warmup", false, "also write the warmup draws, before the sampling draws (CmdStan's save_warmup; thinned alike); summaries leave them out")
	fl.StringVar(&f.resume, "resume", "", "continue the finished run in DIR from where its chains stopped: --samples N more draws per chain, added to its files (the run's settings unless given; they must match)")
	fl.IntVar(&f.threads, "threads", 1, "goroutines per chain that evaluate the slices of each reduce_sum call and the jobs of each map_rect call at once (Stan's STAN_NUM_THREADS); the draws are the same for any number")
	fl.BoolVar(&f.plots, "plots", false, "with --output-dir: also draw trace, rank, density, pairs, energy and acf plots there (PNG)")
	return cmd
}

// request checks the flags and turns them into a request to sample the
// model file; each error names the flag and its value.
func (f *sampleFlags) request(model string, given func(flag string) bool) (bayeslib.Request, error) {
	var req bayeslib.Request
	bad := func(flag string, v any, want string) error {
		return fmt.Errorf("--%s %v: %s", flag, v, want)
	}
	switch {
	case f.chains < 1:
		return req, bad("chains", f.chains, "must be at least 1")
	case f.chainOffset < 0:
		return req, bad("chain-offset", f.chainOffset, "must be 0 or more")
	case f.warmup < 0:
		return req, bad("warmup", f.warmup, "must be 0 or more")
	case f.samples < 1:
		return req, bad("samples", f.samples, "must be at least 1")
	case f.thin < 1:
		return req, bad("thin", f.thin, "must be at least 1")
	case !(f.adaptDelta > 0 && f.adaptDelta < 1):
		return req, bad("adapt-delta", f.adaptDelta, "must be between 0 and 1, exclusive (Stan's default is 0.8; try 0.95 or 0.99 against divergences)")
	case f.maxTreedepth < 1:
		return req, bad("max-treedepth", f.maxTreedepth, "must be at least 1")
	case !(f.stepsize > 0):
		return req, bad("stepsize", f.stepsize, "must be positive")
	case f.seed < -1:
		return req, bad("seed", f.seed, "must be -1 (pick one) or a non-negative integer")
	case f.format != "table" && f.format != "json":
		return req, bad("format", f.format, "must be table or json")
	case !slices.Contains(bayeslib.Devices, f.device):
		return req, bad("device", f.device, "must be auto, cpu, cuda or c")
	case f.precision != 32 && f.precision != 64:
		return req, bad("precision", f.precision, "must be 64 or 32")
	case f.threads < 1:
		return req, bad("threads", f.threads, "must be at least 1")
	case !slices.Contains(bayeslib.OutputFormats, f.outputFormat):
		return req, bad("output-format", f.outputFormat, "must be auto, csv, npy or zarr")
	case f.superchains < 0 || f.superchains == 1 || f.superchains > 0 && f.chains%f.superchains != 0:
		return req, bad("superchains", f.superchains, fmt.Sprintf("must be 0 (none) or a divisor of --chains (%d) of at least 2", f.chains))
	case f.plots && f.outputDir == "":
		return req, fmt.Errorf("--plots needs --output-dir: the plots are written there")
	case f.outputFormat != "auto" && f.outputDir == "":
		return req, fmt.Errorf("--output-format %s needs --output-dir: the draws are written there", f.outputFormat)
	}
	adapt, m, auto, err := f.adaptation(given)
	if err != nil {
		return req, err
	}
	// As CmdStan's init=: a number is a radius, anything else a file.
	radius, initFile := 2.0, ""
	if r, err := strconv.ParseFloat(f.init, 64); err == nil {
		if !(r >= 0) || math.IsInf(r, 1) {
			return req, bad("init", f.init, "must be a non-negative number R (initial values uniform on (-R, R)) or a JSON file of initial values")
		}
		radius = r
	} else if !strings.HasSuffix(f.init, ".json") {
		return req, bad("init", f.init, "must be a non-negative number R (initial values uniform on (-R, R)) or a JSON file of initial values, FILE.json")
	} else {
		initFile = f.init
	}
	cfg := sampler.DefaultConfig()
	cfg.Chains, cfg.ChainOffset, cfg.Seed = f.chains, f.chainOffset, uint64(f.seed)
	cfg.Warmup, cfg.Samples, cfg.Thin = f.warmup, f.samples, f.thin
	cfg.AdaptDelta, cfg.MaxTreeDepth, cfg.Metric, cfg.Adapt = f.adaptDelta, f.maxTreedepth, m, adapt
	cfg.Stepsize, cfg.InitRadius = f.stepsize, radius
	cfg.Superchains = f.superchains
	return bayeslib.Request{
		Model: model, Data: f.data, NonCentered: f.noncentered, RawSuffix: f.rawSuffix,
		Sampler: cfg, Auto: auto, RandomSeed: f.seed == -1, Device: f.device, Precision: f.precision, Threads: f.threads,
		OutputDir: f.outputDir, OutputFormat: f.outputFormat, Plots: f.plots, Init: f.init, InitFile: initFile,
		Quiet: f.quiet, SaveWarmup: f.saveWarmup, Resume: f.resume, LogLik: f.logLik, PosteriorPredictive: f.postPred,
		AdaptFrom: f.adaptFrom,
	}, nil
}

// chosen reports whether the user chose the flag's value: given it, and,
// for --adapt and --metric, not as auto.
func (f *sampleFlags) chosen(given func(string) bool) func(string) bool {
	return func(flag string) bool {
		switch flag {
		case "adapt":
			return given(flag) && f.adapt != "auto"
		case "metric":
			return given(flag) && f.metric != "auto"
		}
		return given(flag)
	}
}

// adaptation checks --adapt and --metric against each other and returns
// them, with what the user left to bayes (bayeslib.AutoAdaptation): the
// adaptation, metric and warmup not chosen, unless --adapt-from or
// --resume take the run's. Where one is left, the other's value here is
// a placeholder that bayeslib.Sample settles.
func (f *sampleFlags) adaptation(given func(string) bool) (sampler.AdaptMethod, sampler.Metric, bayeslib.AutoAdaptation, error) {
	given = f.chosen(given)
	metrics := map[string]sampler.Metric{"auto": sampler.Diag, "diag": sampler.Diag, "diag_e": sampler.Diag,
		"dense": sampler.Dense, "dense_e": sampler.Dense, "unit": sampler.Unit, "unit_e": sampler.Unit,
		"low-rank": sampler.LowRank, "low_rank": sampler.LowRank, "low_rank_e": sampler.LowRank}
	m, ok := metrics[f.metric]
	if !ok {
		return 0, 0, bayeslib.AutoAdaptation{}, fmt.Errorf("--metric %s: must be diag, dense, unit, low-rank or auto", f.metric)
	}
	adapts := map[string]sampler.AdaptMethod{"auto": sampler.AdaptStan, "nutpie": sampler.AdaptNutpie, "stan": sampler.AdaptStan}
	a, ok := adapts[f.adapt]
	if !ok {
		return 0, 0, bayeslib.AutoAdaptation{}, fmt.Errorf("--adapt %s: must be nutpie (nutpie's, from draws and gradients), stan (Stan's windowed adaptation) or auto", f.adapt)
	}
	var auto bayeslib.AutoAdaptation
	switch {
	case f.adaptFrom != "" && given("adapt"):
		return 0, 0, auto, fmt.Errorf("--adapt %s with --adapt-from %s: the run's metric is reused, none is adapted (leave --adapt out)", f.adapt, f.adaptFrom)
	case f.adaptFrom != "":
		return sampler.AdaptStan, m, auto, nil
	case f.resume != "":
		return a, m, auto, nil // the run's, where not given
	case a == sampler.AdaptNutpie && given("adapt") && m != sampler.Diag && m != sampler.LowRank:
		return 0, 0, auto, fmt.Errorf("--adapt nutpie adapts a diag or low-rank metric, not --metric %s: use --adapt stan for it", f.metric)
	}
	auto = bayeslib.AutoAdaptation{Adapt: !given("adapt"), Metric: !given("metric"), Warmup: !given("warmup")}
	return a, m, auto, nil
}

// runSample samples, writes the summary files and plots, and prints the
// summary table (or the JSON report) and the warnings.
func runSample(cmd *cobra.Command, modelPath string, f *sampleFlags) error {
	stdout, stderr := cmd.OutOrStdout(), cmd.ErrOrStderr()
	if f.resume != "" && f.outputDir == "" {
		f.outputDir = f.resume // where --plots go
	}
	req, err := f.request(modelPath, cmd.Flags().Changed)
	if err != nil {
		return err
	}
	if f.adaptFrom != "" {
		if f.resume != "" {
			return fmt.Errorf("--resume %s continues the run with its own adaptation: it takes no --adapt-from", f.resume)
		}
		st, err := bayeslib.ReadAdaptFrom(f.adaptFrom)
		if err != nil {
			return err
		}
		if err := st.FillAdaptFrom(&req, f.chosen(cmd.Flags().Changed)); err != nil {
			return err
		}
	}
	if f.resume != "" {
		st, err := bayeslib.ReadRunState(f.resume)
		if err != nil {
			return err
		}
		if err := st.FillFromState(&req, f.chosen(cmd.Flags().Changed)); err != nil {
			return err
		}
	}
	if cmd.Flags().Changed("noncentered") && f.noncentered == "" {
		return fmt.Errorf("--noncentered needs parameter names (theta or a,b) or auto")
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	req.Log, req.Progress = stderr, &console{w: stderr, quiet: f.quiet, interrupt: cancel}
	run, err := bayeslib.Sample(ctx, req)
	if errors.Is(err, context.Canceled) {
		return fmt.Errorf("%w: %w", errInterrupted, err)
	}
	if err != nil {
		return err
	}
	// The files first: printing can fail (a reader that closed the pipe,
	// bayes sample ... | head) and must not lose them.
	if err := run.Save(stderr); err != nil {
		return err
	}
	if f.format == "json" {
		err = diagnostics.WriteReportJSON(stdout, run.Report)
	} else if err = diagnostics.WriteTable(stdout, run.Summary, run.Divergences()); err == nil {
		if run.Report.Nested != nil {
			err = diagnostics.WriteNestedRhat(stdout, run.Summary, run.Report.Nested, len(run.Stats))
		}
		if err == nil {
			err = diagnostics.WriteWarnings(stdout, run.Warnings)
		}
		if err == nil && run.Report.Run.Precision == 32 {
			_, err = fmt.Fprintln(stdout, "\nThe log density and its gradient were computed in single precision (--precision 32); the sampler in double.")
		}
	}
	if err != nil {
		return err
	}
	if run.Interrupted {
		fmt.Fprintf(stderr, "note: the run was interrupted; the summary covers %d draws in each of %d chains\n",
			len(run.Stats[0]), len(run.Stats))
		return errInterrupted
	}
	return nil
}
