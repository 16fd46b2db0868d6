package main

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/bayes-dev/bayes/compiler"
	"github.com/bayes-dev/bayes/diagnostics"
	"github.com/bayes-dev/bayes/diagnostics/plot"
	"github.com/bayes-dev/bayes/fit"
	"github.com/bayes-dev/bayes/lang"
	"github.com/bayes-dev/bayes/sampler"
	"github.com/bayes-dev/bayes/simulate"
	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"
	"golang.org/x/term"
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
}

// npyMinChains is where --output-format auto switches from a Stan CSV
// file per chain to one draws.npy: a hundred files is still a directory a
// person can read; ten thousand is not.
const npyMinChains = 100

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
	fl.IntVar(&f.chainOffset, "chain-offset", 0, "number this run's chains from K+1 (seeds follow), to split chains across jobs")
	fl.IntVar(&f.warmup, "warmup", 1000, "warmup (adaptation) iterations per chain")
	fl.IntVar(&f.samples, "samples", 1000, "kept iterations per chain after warmup")
	fl.IntVar(&f.thin, "thin", 1, "keep every N-th iteration")
	fl.Int64Var(&f.seed, "seed", -1, "random seed; -1 picks one and reports it")
	fl.Float64Var(&f.adaptDelta, "adapt-delta", 0.8, "target acceptance statistic of step-size adaptation, in (0, 1)")
	fl.IntVar(&f.maxTreedepth, "max-treedepth", 10, "maximum NUTS tree depth")
	fl.StringVar(&f.metric, "metric", "diag", "metric (mass matrix): diag, dense or unit")
	fl.Float64Var(&f.stepsize, "stepsize", 1, "initial step size")
	fl.StringVar(&f.init, "init", "2", "initial values: R draws them uniformly from (-R, R) on the unconstrained space; 0 starts at zero")
	fl.StringVar(&f.outputDir, "output-dir", "", "write per-chain Stan CSV files and the summary here")
	fl.BoolVar(&f.quiet, "quiet", false, "no progress bar")
	fl.StringVar(&f.noncentered, "noncentered", "", "rewrite these parameters (a,b or auto) to a non-centered form before sampling, as bayes reparam prints it")
	fl.StringVar(&f.rawSuffix, "raw-suffix", compiler.DefaultRawSuffix, "with --noncentered: suffix of the new standardised parameters")
	fl.StringVar(&f.format, "format", "table", "summary format on stdout: table or json")
	fl.StringVar(&f.device, "device", "auto", "where to sample: cuda (an NVIDIA GPU, a thread per chain), cpu, auto (the GPU for many chains when one is present), or c (the GPU sampler built for the CPU, to check it without a GPU)")
	fl.StringVar(&f.outputFormat, "output-format", "auto", fmt.Sprintf("with --output-dir: csv (a Stan CSV file per chain), npy (one NumPy draws.npy with draws.json for all chains), or auto (npy from %d chains)", npyMinChains))
	fl.IntVar(&f.precision, "precision", 64, "floating-point bits of the GPU sampler's log density and gradient: 64, or 32 where the model permits (the sampler itself stays in 64)")
	fl.BoolVar(&f.plots, "plots", false, "with --output-dir: also draw trace, rank, pairs and energy plots there (PNG)")
	return cmd
}

// config checks the flags and turns them into the sampler's settings; each
// error names the flag and its value.
func (f *sampleFlags) config() (sampler.Config, error) {
	cfg := sampler.DefaultConfig()
	bad := func(flag string, v any, want string) error {
		return fmt.Errorf("--%s %v: %s", flag, v, want)
	}
	switch {
	case f.chains < 1:
		return cfg, bad("chains", f.chains, "must be at least 1")
	case f.chainOffset < 0:
		return cfg, bad("chain-offset", f.chainOffset, "must be 0 or more")
	case f.warmup < 0:
		return cfg, bad("warmup", f.warmup, "must be 0 or more")
	case f.samples < 1:
		return cfg, bad("samples", f.samples, "must be at least 1")
	case f.thin < 1:
		return cfg, bad("thin", f.thin, "must be at least 1")
	case !(f.adaptDelta > 0 && f.adaptDelta < 1):
		return cfg, bad("adapt-delta", f.adaptDelta, "must be between 0 and 1, exclusive (Stan's default is 0.8; try 0.95 or 0.99 against divergences)")
	case f.maxTreedepth < 1:
		return cfg, bad("max-treedepth", f.maxTreedepth, "must be at least 1")
	case !(f.stepsize > 0):
		return cfg, bad("stepsize", f.stepsize, "must be positive")
	case f.seed < -1:
		return cfg, bad("seed", f.seed, "must be -1 (pick one) or a non-negative integer")
	case f.format != "table" && f.format != "json":
		return cfg, bad("format", f.format, "must be table or json")
	case !slices.Contains([]string{deviceAuto, deviceCPU, deviceCUDA, deviceC}, f.device):
		return cfg, bad("device", f.device, "must be auto, cpu, cuda or c")
	case f.precision != 32 && f.precision != 64:
		return cfg, bad("precision", f.precision, "must be 64 or 32")
	case !slices.Contains([]string{"auto", "csv", "npy"}, f.outputFormat):
		return cfg, bad("output-format", f.outputFormat, "must be auto, csv or npy")
	case f.plots && f.outputDir == "":
		return cfg, fmt.Errorf("--plots needs --output-dir: the plots are written there")
	}
	metrics := map[string]sampler.Metric{"diag": sampler.Diag, "diag_e": sampler.Diag,
		"dense": sampler.Dense, "dense_e": sampler.Dense, "unit": sampler.Unit, "unit_e": sampler.Unit}
	m, ok := metrics[f.metric]
	if !ok {
		return cfg, bad("metric", f.metric, "must be diag, dense or unit")
	}
	radius, err := strconv.ParseFloat(f.init, 64)
	if err != nil || radius < 0 {
		return cfg, bad("init", f.init, "must be a non-negative number R (initial values uniform on (-R, R)); init files are not supported yet")
	}
	seed := uint64(f.seed)
	if f.seed == -1 {
		seed = rand.Uint64() >> 1
	}
	cfg.Chains, cfg.ChainOffset, cfg.Seed = f.chains, f.chainOffset, seed
	cfg.Warmup, cfg.Samples, cfg.Thin = f.warmup, f.samples, f.thin
	cfg.AdaptDelta, cfg.MaxTreeDepth, cfg.Metric = f.adaptDelta, f.maxTreedepth, m
	cfg.Stepsize, cfg.InitRadius = f.stepsize, radius
	return cfg, nil
}

func runSample(cmd *cobra.Command, modelPath string, f *sampleFlags) error {
	stdout, stderr := cmd.OutOrStdout(), cmd.ErrOrStderr()
	cfg, err := f.config()
	if err != nil {
		return err
	}
	if cmd.Flags().Changed("noncentered") && f.noncentered == "" {
		return fmt.Errorf("--noncentered needs parameter names (theta or a,b) or auto")
	}
	prog, data, err := loadModel(cmd, modelPath, f.data, f.noncentered, f.rawSuffix, true)
	if err != nil {
		return err
	}
	model, err := compiler.CompileModel(prog, data)
	if err != nil {
		return err
	}
	for _, n := range model.Notes {
		fmt.Fprintln(stderr, "note:", n)
	}
	if model.Dim() == 0 {
		return fmt.Errorf("%s has no parameters: there is nothing to sample (for draws of generated quantities alone, use bayes prior-predictive)", modelPath)
	}
	dev, err := openDevice(f.device, f.precision, model, cfg, f.quiet, stderr)
	if err != nil {
		return err
	}
	if dev != nil {
		defer dev.close()
	}
	name := strings.TrimSuffix(filepath.Base(modelPath), filepath.Ext(modelPath))
	if f.outputDir != "" {
		if err := os.MkdirAll(f.outputDir, 0o755); err != nil {
			return fmt.Errorf("--output-dir %s: %w", f.outputDir, err)
		}
		noteStaleChains(stderr, f.outputDir, name, cfg.ChainOffset+1, cfg.ChainOffset+cfg.Chains, f.npy(cfg.Chains))
	}
	for _, w := range cfg.Warnings() {
		fmt.Fprintln(stderr, "note:", w)
	}
	improper := compiler.ImproperParameters(prog)
	if len(improper) > 0 {
		fmt.Fprintln(stderr, "warning:", diagnostics.ImproperMessage(improper))
	}
	if f.seed == -1 && !f.quiet {
		fmt.Fprintf(stderr, "seed: %d (pass --seed %d to repeat this run)\n", cfg.Seed, cfg.Seed)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	cfg.Context = ctx

	csv := diagnostics.DefaultStanCSVConfig()
	csv.Model, csv.DataFile, csv.Seed = name, f.data, cfg.Seed
	csv.NumSamples, csv.NumWarmup, csv.Thin = cfg.Samples, cfg.Warmup, cfg.Thin
	csv.Delta, csv.MaxDepth, csv.Metric = cfg.AdaptDelta, cfg.MaxTreeDepth, cfg.Metric.String()
	csv.Stepsize, csv.Init = cfg.Stepsize, f.init

	opts := fit.Options{
		Sampler:   cfg,
		Names:     model.OutputNames(),
		NewKernel: func(int) fit.Kernel { return model.NewKernel() },
		OutputDir: f.outputDir,
		NPY:       f.npy(cfg.Chains),
		Prefix:    name,
		CSV:       csv,
	}
	if err := addGeneratedQuantities(&opts, prog, data, stderr); err != nil {
		return err
	}
	bar := newProgress(stderr, f.quiet, cfg)
	opts.Progress = bar.update
	var res *fit.Result
	run := &diagnostics.RunInfo{Device: "cpu", Regime: "cpu", Precision: 64}
	if dev != nil {
		run.Device, run.Regime, run.Precision = dev.name, dev.regime, f.precision
		res, err = fit.RunBlocks(opts, dev)
	} else {
		res, err = fit.Run(opts)
	}
	bar.finish()
	stop() // a second Ctrl-C, during the summary, ends the program
	if err != nil {
		return prog.InFile(err)
	}
	if len(res.Stats) == 0 {
		if res.Interrupted {
			return fmt.Errorf("%w before any draw was kept (still in warmup)", errInterrupted)
		}
		return fmt.Errorf("no draws were kept")
	}
	summary, err := diagnostics.Summarize(res.Columns())
	if err != nil {
		return err
	}
	report := diagnostics.WarningInput{
		Summary: summary, Chains: len(res.Stats), Draws: len(res.Stats[0]),
		Stats: res.SamplerDraws(), MaxTreedepth: cfg.MaxTreeDepth, Model: modelPath,
		FunnelCandidates: funnelCandidates(prog),
		Improper:         improper,
		Rejections:       res.Rejections,
		Gradients:        res.Gradients,
		Run:              run,
	}
	run.Seconds, run.Gradients = res.Elapsed.Seconds(), res.Gradients
	if f.format == "json" {
		err = diagnostics.WriteReportJSON(stdout, report)
	} else if err = diagnostics.WriteTable(stdout, summary, res.Divergences()); err == nil {
		err = diagnostics.WriteWarnings(stdout, diagnostics.Warnings(report))
		if err == nil && run.Precision == 32 {
			_, err = fmt.Fprintln(stdout, "\nThe log density and its gradient were computed in single precision (--precision 32); the sampler in double.")
		}
	}
	if err != nil {
		return err
	}
	if f.outputDir != "" {
		if err := writeSummaryFiles(f.outputDir, summary); err != nil {
			return err
		}
	}
	if f.plots {
		if err := writeDefaultPlots(f.outputDir, res, compiler.LocationScaleCandidates(prog), stderr); err != nil {
			return err
		}
	}
	if res.Interrupted {
		fmt.Fprintf(stderr, "note: the run was interrupted; the summary covers %d draws in each of %d chains\n",
			len(res.Stats[0]), len(res.Stats))
		return errInterrupted
	}
	return nil
}

// noteStaleChains warns about draws files in dir that this run will not
// overwrite: chain files of this model with ids outside first..last (all
// of them when this run writes draws.npy), or a draws.npy beside this
// run's CSV files. bayes summary of the directory would merge them with
// this run's chains.
func noteStaleChains(stderr io.Writer, dir, name string, first, last int, npy bool) {
	entries, _ := os.ReadDir(dir)
	var stale []string
	for _, e := range entries {
		id, ok := strings.CutPrefix(strings.TrimSuffix(e.Name(), ".csv"), name+"_")
		n, err := strconv.Atoi(id)
		csv := ok && err == nil && strings.HasSuffix(e.Name(), ".csv")
		if csv && (npy || n < first || n > last) || e.Name() == "draws.npy" && !npy {
			stale = append(stale, e.Name())
		}
	}
	if len(stale) > 0 {
		fmt.Fprintf(stderr, "note: %s also holds %s from another run; bayes summary %s would merge them with this run's chains\n",
			dir, diagnostics.JoinFirst(stale, 10), dir)
	}
}

// npy reports whether a run of this many chains writes draws.npy rather
// than a CSV file per chain.
func (f *sampleFlags) npy(chains int) bool {
	return f.outputFormat == "npy" || f.outputFormat == "auto" && chains >= npyMinChains
}

// loadModel loads and checks a model and, when noncentered names parameters,
// rewrites them in memory exactly as `bayes reparam` would print them. It
// binds the data file when one is given or needData (bayes sample needs
// data for a model that declares them): for auto before the rewrite, since
// auto chooses its sites from the data, otherwise after it. auto without
// data rewrites every site and says so.
func loadModel(cmd *cobra.Command, path, dataPath, noncentered, rawSuffix string, needData bool) (*lang.Program, *lang.Data, error) {
	prog, err := lang.LoadModel(path)
	if err != nil {
		return nil, nil, err
	}
	load := needData || dataPath != ""
	if noncentered == "" {
		if !load {
			return prog, nil, nil
		}
		data, err := loadData(cmd, prog, dataPath)
		return prog, data, err
	}
	stderr := cmd.ErrOrStderr()
	opts := compiler.ReparamOptions{Vars: []string{noncentered}, RawSuffix: rawSuffix}
	auto := slices.ContainsFunc(strings.Split(noncentered, ","), func(v string) bool { return strings.TrimSpace(v) == "auto" })
	var data *lang.Data
	switch {
	case auto && load:
		if data, err = loadData(cmd, prog, dataPath); err != nil {
			return nil, nil, err
		}
		opts.Data = data
	case auto:
		fmt.Fprintln(stderr, "note: no --data: every hierarchical site rewritten; give --data to choose per site")
	}
	out, notes, err := compiler.NonCenter(prog, opts)
	if err != nil {
		return nil, nil, prog.InFile(err)
	}
	if s := compiler.AutoSummary(notes); s != "" {
		fmt.Fprintf(stderr, "note: --noncentered auto: %s\n", s)
	}
	for _, n := range notes {
		fmt.Fprintf(stderr, "note: %s:%s\n", path, n)
	}
	if load && data == nil {
		data, err = loadData(cmd, out, dataPath)
	}
	return out, data, err
}

// gqStream is mixed into the seed of each chain's generated-quantities
// stream, so that it differs from the chain's sampling stream (which uses
// the seed as is) and both are fixed by --seed.
const gqStream = 0x9e3779b97f4a7c15

// addGeneratedQuantities sets opts up to run the generated quantities block
// once per kept draw, each chain with its own random stream.
func addGeneratedQuantities(opts *fit.Options, prog *lang.Program, data *lang.Data, stderr io.Writer) error {
	if prog.GeneratedQuantities == nil {
		return nil
	}
	// One generator per chain, built now so that a failure is an error here
	// rather than inside a running chain.
	gens := make([]*simulate.Generator, opts.Sampler.Chains)
	for c := range gens {
		g, err := simulate.NewGenerator(prog, data)
		if err != nil {
			return prog.InFile(err)
		}
		g.Print = stderr
		gens[c] = g
	}
	opts.GQNames = gens[0].GQNames()
	seed, offset := opts.Sampler.Seed, opts.Sampler.ChainOffset
	opts.NewGenerated = func(chain int) fit.Generated {
		rng := rand.New(rand.NewPCG(seed^gqStream, uint64(offset+chain)))
		return generated{gens[chain], rng}
	}
	return nil
}

// generated runs a simulate.Generator with its chain's stream.
type generated struct {
	g   *simulate.Generator
	rng *rand.Rand
}

func (g generated) Generate(params, out []float64) error { return g.g.Run(g.rng, params, out) }

// funnelCandidates names the parameters that a non-centered rewrite could
// help, for the divergence warning's suggested command.
func funnelCandidates(p *lang.Program) []string {
	var names []string
	for _, c := range compiler.LocationScaleCandidates(p) {
		names = append(names, c.Name)
	}
	return names
}

// writeDefaultPlots draws trace, rank, pairs and energy plots of a run into
// dir. For a model with a funnel candidate the pair is the funnel's
// picture, log(scale) against the candidate's first element.
func writeDefaultPlots(dir string, res *fit.Result, cands []compiler.Candidate, stderr io.Writer) error {
	run := &plot.Run{Names: res.Names, Draws: res.Draws}
	for _, chain := range res.Stats {
		div := make([]bool, len(chain))
		energy := make([]float64, len(chain))
		for i, s := range chain {
			div[i], energy[i] = s.Divergent, s.Energy
		}
		run.Divergent = append(run.Divergent, div)
		run.Energy = append(run.Energy, energy)
	}
	var pair []string
	for _, c := range cands {
		if c.Scale != "" {
			first := c.Name
			if slices.Contains(res.Names, c.Name+"[1]") {
				first = c.Name + "[1]"
			}
			pair = []string{first, "log(" + c.Scale + ")"}
			break
		}
	}
	for _, kind := range []string{"trace", "rank", "pairs", "energy"} {
		i := slices.IndexFunc(plotKinds, func(p plotKind) bool { return p.name == kind })
		var vars []string
		if kind == "pairs" {
			vars = pair
		}
		fig, err := plotKinds[i].draw(run, vars)
		if err != nil {
			return fmt.Errorf("%s plot: %w", kind, err)
		}
		path := filepath.Join(dir, kind+".png")
		if err := fig.Save(path); err != nil {
			return fmt.Errorf("cannot write plot: %w", err)
		}
		fmt.Fprintln(stderr, "wrote", path)
	}
	return nil
}

func writeSummaryFiles(dir string, s diagnostics.Summary) error {
	for _, out := range []struct {
		name  string
		write func(io.Writer, diagnostics.Summary) error
	}{{"summary.csv", diagnostics.WriteSummaryCSV}, {"summary.json", diagnostics.WriteSummaryJSON}} {
		path := filepath.Join(dir, out.name)
		file, err := os.Create(path)
		if err != nil {
			return fmt.Errorf("cannot write summary: %w", err)
		}
		err = out.write(file, s)
		if cerr := file.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return fmt.Errorf("cannot write %s: %w", path, err)
		}
	}
	return nil
}

// progress is one aggregate bar over all chains' iterations on stderr, drawn
// only when stderr is a terminal and --quiet is off.
type progress struct {
	bar    *progressbar.ProgressBar
	done   []atomic.Int64
	total  atomic.Int64
	ticker *time.Ticker
	stop   chan struct{}
	drawn  chan struct{} // closed when the drawing goroutine has returned
}

func newProgress(w io.Writer, quiet bool, cfg sampler.Config) *progress {
	p := &progress{done: make([]atomic.Int64, cfg.Chains)}
	file, ok := w.(*os.File)
	if quiet || !ok || !term.IsTerminal(int(file.Fd())) {
		return p
	}
	total := int64(cfg.Chains) * int64(cfg.Warmup+cfg.Samples)
	p.bar = progressbar.NewOptions64(total,
		progressbar.OptionSetWriter(w),
		progressbar.OptionSetDescription(fmt.Sprintf("%d chains", cfg.Chains)),
		progressbar.OptionShowIts(),
		progressbar.OptionSetItsString("it"),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionClearOnFinish(),
	)
	p.ticker = time.NewTicker(100 * time.Millisecond)
	p.stop, p.drawn = make(chan struct{}), make(chan struct{})
	go func() {
		defer close(p.drawn)
		for {
			select {
			case <-p.ticker.C:
				p.bar.Set64(p.total.Load())
			case <-p.stop:
				return
			}
		}
	}()
	return p
}

// update records a chain's progress; it runs on the sampler's hot path, so it
// only stores numbers.
func (p *progress) update(chain, done int) {
	prev := p.done[chain].Swap(int64(done))
	p.total.Add(int64(done) - prev)
}

func (p *progress) finish() {
	if p.bar == nil {
		return
	}
	p.ticker.Stop()
	close(p.stop)
	<-p.drawn // no redraw may follow Finish's clearing of the bar
	p.bar.Finish()
}
