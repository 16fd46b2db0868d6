// Command pdbspeed is the posteriordb speed benchmark (`make
// bench-posteriordb`, through bench/posteriordb.sh): every posterior of
// ../shared/posteriordb sampled by bayes and, when R has rstan, posterior
// and jsonlite, by Stan, each on one core, with the settings of the
// posterior's reference run.
//
// Per posterior, Stan runs first (bench/stan_posteriordb.R: 4 chains x
// (1000 warmup + 1000 draws) one after another, cores = 1, seed 1, its
// sampling() call timed, compile excluded and cached), then bayes:
//
//	GOMAXPROCS=1 bayes sample model.bym --data data.json --chains 4 --warmup 1000
//	    --samples 1000 --seed 1 --device cpu --adapt-delta A --max-treedepth T
//	    --quiet --format json
//
// timed as a whole command (parse, compile, sampling, summary). Each side
// is scored by its minimum bulk ESS over reference.json's names per wall
// second, and reports beside it gradients per second of sampler time (the
// kernel) and minimum bulk ESS per gradient, warmup's gradients included
// (the sampler); see Ratios for how the three combine. A run whose mean of
// a reference name lies more than 5 reference sds off fails: its ESS would
// be that of the wrong posterior.
//
// A folder of the corpus (../shared/corpus/posteriordb: posteriordb's
// Stan source unchanged, most without a reference) runs the same way:
// model.stan stands in for model.bym, and without reference.json the
// settings are Stan's defaults, no mean is checked and the minimum bulk
// ESS is over every quantity of the summary but lp__.
//
// Usage: pdbspeed [flags] [posterior ...] (folder names under -db, or
// paths to such folders; all of them by default). The table goes to
// stdout, one CSV row per posterior to -csv; every run's output is kept
// under -work.
package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"time"
)

// config is what the flags set.
type config struct {
	bayes, db, stanScript, cache, work, csv string
	stan                                    string // auto or off
	stanSkip                                map[string]bool
	chains, warmup, samples, seed           int
	bayesWarmup                             string // "" (-warmup) or auto (bayes's default)
	bayesFlags                              []string
	timeout, stanTimeout                    time.Duration
}

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "pdbspeed:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	var c config
	var skip string
	fs := flag.NewFlagSet("pdbspeed", flag.ContinueOnError)
	fs.StringVar(&c.bayes, "bayes", "bin/bayes", "the bayes binary")
	fs.StringVar(&c.db, "db", "../shared/posteriordb", "folder of posteriordb posterior folders")
	fs.StringVar(&c.stanScript, "stan-script", "bench/stan_posteriordb.R", "Stan's side (Rscript)")
	fs.StringVar(&c.stan, "stan", "auto", "auto: run Stan when R has rstan, posterior and jsonlite; off: bayes only")
	fs.StringVar(&skip, "stan-skip", "diamonds-diamonds", "comma-separated posteriors whose Stan run is skipped "+
		"(diamonds: hours at adapt_delta 0.99, max_treedepth 20)")
	fs.StringVar(&c.cache, "cache", "", "folder for Stan's compiled models (default $XDG_CACHE_HOME/bayes-bench)")
	fs.StringVar(&c.work, "work", "", "folder for every run's output (default: a new temporary folder)")
	fs.StringVar(&c.csv, "csv", "", "also write one CSV row per posterior here")
	fs.IntVar(&c.chains, "chains", 4, "chains")
	fs.IntVar(&c.warmup, "warmup", 1000, "warmup iterations per chain")
	fs.StringVar(&c.bayesWarmup, "bayes-warmup", "", "bayes's warmup: auto for its default (that of its adaptation); default -warmup")
	var bayesFlags string
	fs.StringVar(&bayesFlags, "bayes-flags", "", "more flags for bayes sample, space-separated (e.g. --adapt stan)")
	fs.IntVar(&c.samples, "samples", 1000, "draws per chain")
	fs.IntVar(&c.seed, "seed", 1, "seed of both samplers")
	fs.DurationVar(&c.timeout, "timeout", time.Hour, "limit of each run (bayes or Stan); 0: none")
	fs.DurationVar(&c.stanTimeout, "stan-timeout", 0, "limit of each Stan run (default -timeout); a run that hits it is reported as over it")
	if err := fs.Parse(args); err != nil {
		return err
	}
	c.bayesFlags = strings.Fields(bayesFlags)
	if c.stanTimeout == 0 {
		c.stanTimeout = c.timeout
	}
	if c.bayesWarmup != "" && c.bayesWarmup != "auto" {
		return fmt.Errorf("-bayes-warmup %q: want auto (or leave it out)", c.bayesWarmup)
	}
	if c.stan != "auto" && c.stan != "off" {
		return fmt.Errorf("-stan %q: want auto or off", c.stan)
	}
	c.stanSkip = map[string]bool{}
	for _, s := range strings.Split(skip, ",") {
		if s = strings.TrimSpace(s); s != "" {
			c.stanSkip[s] = true
		}
	}
	if c.cache == "" {
		dir, err := os.UserCacheDir()
		if err != nil {
			return fmt.Errorf("-cache: %w", err)
		}
		c.cache = filepath.Join(dir, "bayes-bench")
	}
	if c.work == "" {
		dir, err := os.MkdirTemp("", "pdbspeed.")
		if err != nil {
			return err
		}
		c.work = dir
	} else if err := os.MkdirAll(c.work, 0o755); err != nil {
		return fmt.Errorf("-work: %w", err)
	}
	dirs, err := posteriors(c.db, fs.Args())
	if err != nil {
		return err
	}

	stanWhy := "-stan off"
	if c.stan == "auto" {
		if stanWhy = stanMissing(); stanWhy != "" {
			fmt.Fprintf(os.Stderr, "note: %s: Stan columns left empty\n", stanWhy)
		}
	}
	var table *csv.Writer
	if c.csv != "" {
		f, err := os.Create(c.csv)
		if err != nil {
			return err
		}
		defer f.Close()
		table = csv.NewWriter(f)
		defer table.Flush()
		if err := table.Write(csvHeader); err != nil {
			return err
		}
	}

	host, _ := os.Hostname()
	bayesWarmup := strconv.Itoa(c.warmup)
	if c.bayesWarmup != "" {
		bayesWarmup = "its default"
	}
	fmt.Printf("posteriordb speed, per core: %d chains x (%d + %d), seed %d; bayes GOMAXPROCS=1 --device cpu %s (warmup %s), Stan cores = 1\n",
		c.chains, c.warmup, c.samples, c.seed, strings.Join(c.bayesFlags, " "), bayesWarmup)
	fmt.Printf("machine: %s, %d cores, %s, %s; %s\n", host, runtime.NumCPU(), cpuModel(),
		time.Now().UTC().Format("2006-01-02T15:04Z"), runtime.Version())
	fmt.Printf("bayes: %s; Stan: %s; runs kept in %s\n\n", c.bayes, stanNote(stanWhy), c.work)
	printHeader(os.Stdout)
	var res []result
	for _, dir := range dirs {
		why := stanWhy
		if why == "" && c.stanSkip[filepath.Base(dir)] {
			why = "in -stan-skip"
		}
		r := benchOne(c, dir, why)
		printResult(os.Stdout, r)
		if table != nil {
			// each row as it finishes: a long run leaves its results so far
			if err := table.Write(csvRow(r)); err != nil {
				return err
			}
			table.Flush()
		}
		res = append(res, r)
	}
	printSummary(os.Stdout, res)
	return nil
}

// posteriors resolves the posteriors named on the command line (all of the
// database's by default) to folders holding a model and data.json.
func posteriors(db string, names []string) ([]string, error) {
	if len(names) == 0 {
		entries, err := os.ReadDir(db)
		if err != nil {
			return nil, fmt.Errorf("-db: %w (the posteriors are in ../shared/posteriordb beside the checkout)", err)
		}
		for _, e := range entries {
			if e.IsDir() && modelFile(filepath.Join(db, e.Name())) != "" {
				names = append(names, e.Name())
			}
		}
		sort.Strings(names)
	}
	var dirs []string
	for _, n := range names {
		dir := n
		if modelFile(dir) == "" {
			dir = filepath.Join(db, n)
		}
		if modelFile(dir) == "" {
			return nil, fmt.Errorf("posterior %q: no model.bym or model.stan in %s", n, dir)
		}
		if _, err := os.Stat(filepath.Join(dir, "data.json")); err != nil {
			return nil, fmt.Errorf("posterior %q: no data.json in %s", n, dir)
		}
		dirs = append(dirs, dir)
	}
	return dirs, nil
}

// modelFile is the posterior's program: model.bym (the hand-checked
// posteriors, in the project's language), else model.stan (the corpus's
// Stan source); "" when the folder has neither.
func modelFile(dir string) string {
	for _, f := range []string{"model.bym", "model.stan"} {
		if st, err := os.Stat(filepath.Join(dir, f)); err == nil && !st.IsDir() {
			return filepath.Join(dir, f)
		}
	}
	return ""
}

// result is one posterior's row: either side may be missing, with why.
type result struct {
	name     string
	ref      Reference
	bayes    *Side
	stan     *StanRun
	bayesErr error
	stanErr  error
	stanWhy  string // why Stan did not run (no rstan, -stan off, -stan-skip)
}

// benchOne runs a posterior: Stan first unless stanWhy says why not, then bayes.
func benchOne(c config, dir, stanWhy string) result {
	r := result{name: filepath.Base(dir), stanWhy: stanWhy}
	ref, err := PosteriorReference(dir)
	if err != nil {
		r.bayesErr, r.stanErr = err, err
		return r
	}
	r.ref = ref
	if stanWhy == "" {
		s, err := runStan(c, dir, r.name)
		r.stan, r.stanErr = s, err
	}
	b, err := runBayes(c, dir, r.name, ref)
	r.bayes, r.bayesErr = b, err
	return r
}

func runBayes(c config, dir, name string, ref Reference) (*Side, error) {
	args := []string{"sample", modelFile(dir), "--data", filepath.Join(dir, "data.json"),
		"--chains", strconv.Itoa(c.chains), "--samples", strconv.Itoa(c.samples), "--seed", strconv.Itoa(c.seed),
		"--device", "cpu", "--adapt-delta", strconv.FormatFloat(ref.AdaptDelta, 'g', -1, 64),
		"--max-treedepth", strconv.Itoa(ref.MaxTreedepth), "--quiet", "--format", "json"}
	if c.bayesWarmup == "" {
		args = append(args, "--warmup", strconv.Itoa(c.warmup))
	}
	args = append(args, c.bayesFlags...)
	stdout, wall, cpu, err := timed(filepath.Join(c.work, name+".bayes"), c.timeout, c.bayes, args, "GOMAXPROCS=1")
	if err != nil {
		return nil, err
	}
	s, err := BayesSide(stdout, ref, wall)
	if err != nil {
		return nil, err
	}
	s.CPU = cpu
	return &s, nil
}

func runStan(c config, dir, name string) (*StanRun, error) {
	args := []string{c.stanScript, c.cache, strconv.Itoa(c.seed), strconv.Itoa(c.chains),
		strconv.Itoa(c.warmup), strconv.Itoa(c.samples), dir}
	stdout, _, cpu, err := timed(filepath.Join(c.work, name+".stan"), c.stanTimeout, "Rscript", args)
	if err != nil {
		return nil, err
	}
	lines := bytes.Split(bytes.TrimSpace(stdout), []byte("\n"))
	s, err := StanSide(lines[len(lines)-1])
	if err != nil {
		return nil, err
	}
	s.CPU = cpu
	return &s, nil
}

// timed runs the command with the extra environment for at most limit (0:
// no limit), keeps its stdout and stderr as base.out and base.err, and
// returns its stdout, wall time and CPU time (user + system, its waited-for
// children included: what it ran whatever else the machine ran).
func timed(base string, limit time.Duration, name string, args []string, env ...string) ([]byte, float64, float64, error) {
	ctx := context.Background()
	if limit > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, limit)
		defer cancel()
	}
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Env = append(os.Environ(), env...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	t0 := time.Now()
	err := cmd.Run()
	wall := time.Since(t0).Seconds()
	cpu := 0.0
	if ps := cmd.ProcessState; ps != nil {
		cpu = (ps.UserTime() + ps.SystemTime()).Seconds()
	}
	_ = os.WriteFile(base+".out", stdout.Bytes(), 0o644)
	_ = os.WriteFile(base+".err", stderr.Bytes(), 0o644)
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return nil, 0, 0, fmt.Errorf("%s: over %s (timed out after %.0f s of CPU)", filepath.Base(name), limit, cpu)
	}
	if err != nil {
		return nil, 0, 0, fmt.Errorf("%s: %w: %s", filepath.Base(name), err, lastLine(stderr.Bytes()))
	}
	return stdout.Bytes(), wall, cpu, nil
}

func lastLine(b []byte) string {
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	return strings.TrimSpace(lines[len(lines)-1])
}

// stanMissing says why Stan cannot run here ("" when it can).
func stanMissing() string {
	if _, err := exec.LookPath("Rscript"); err != nil {
		return "no Rscript"
	}
	probe := `quit(status = !all(sapply(c("rstan", "posterior", "jsonlite"), requireNamespace, quietly = TRUE)))`
	if err := exec.Command("Rscript", "-e", probe).Run(); err != nil {
		return "R lacks rstan, posterior or jsonlite (apt-get install r-cran-rstan r-cran-posterior r-cran-jsonlite libboost-dev)"
	}
	return ""
}

func stanNote(why string) string {
	if why != "" {
		return "not run (" + why + ")"
	}
	v, err := exec.Command("Rscript", "-e", `cat(as.character(packageVersion("rstan")))`).Output()
	if err != nil {
		return "rstan"
	}
	return "rstan " + strings.TrimSpace(string(v))
}

func cpuModel() string {
	b, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return "CPU unknown"
	}
	for _, l := range strings.Split(string(b), "\n") {
		if k, v, ok := strings.Cut(l, ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return "CPU unknown"
}
