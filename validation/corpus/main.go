// Command corpus is the harness of `make corpus`: it runs every posterior
// of ../shared/corpus/posteriordb (posteriordb's Stan programs, unchanged,
// with their data) through bayes, built from the checkout, and writes what
// happened to a table in VALIDATION.md, between the markers
// <!-- corpus:begin --> and <!-- corpus:end -->.
//
// For each posterior, under one time cap (-timeout, 10 minutes; make's
// CORPUS_TIMEOUT): `bayes check model.stan --data data.json`; when that
// passes, `bayes sample` with 4 chains of 1000 warmup and 1000 draws, seed
// 1, on the CPU, with the settings of the posterior's reference run
// (reference.json's reference_method.control: adapt_delta, max_treedepth)
// where it has one and Stan's defaults otherwise; then, where there is a
// reference, the comparison rule of ../shared/posteriordb/INDEX.md
// (package validation/posteriordb). -check-only stops after the check.
//
// Each result is kept in out/corpus/<commit>/<posterior>.json, where
// <commit> is the last commit that changed anything but VALIDATION.md (so
// that committing the table keeps the results), with a suffix naming the
// uncommitted changes to tracked files, if any. A posterior with a result
// for the same commit is skipped: an interrupted run continues where it
// stopped. The table shows the results of the current commit and "not
// run" for the others.
//
// With -keep, each sample run's output folder is kept beside its result
// (<posterior>.run/), and the run ends with an analysis of the kept runs,
// written between <!-- corpus-variants:begin --> and <!--
// corpus-variants:end --> after the table (analyse.go): the variant pairs
// of the corpus, one posterior written two ways (variants.go), compared by
// their posterior means; and the chains of every run whose max R-hat
// exceeds 1.01, and of every mixture and LDA run, grouped into modes
// (modes.go). -analyse DIR rebuilds just that section from the results
// folder DIR (out/corpus/<commit>, of any commit), running nothing.
//
// It is not part of make test or make validate: the whole corpus takes
// hours. Without ../shared/corpus/posteriordb it says so and exits 0.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"regexp"
	"strings"
	"time"
)

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

// config is what one invocation does.
type config struct {
	corpus     string // the corpus folder, one subfolder per posterior
	bayes      string // the bayes binary
	cache      string // results, one folder per commit
	validation string // the file that holds the table
	key        string // the commit the results belong to
	timeout    time.Duration
	only       *regexp.Regexp // posteriors to run; nil for all
	checkOnly  bool
	keep       bool      // keep the sample runs' output folders, and analyse them
	catalogue  catalogue // the variant pairs and multimodal posteriors (variants.go)
}

// run parses the command line, runs the posteriors and writes the table;
// it returns the exit status: 0, 1 on an error, 130 when interrupted.
func run(args []string, stdout, stderr io.Writer) int {
	root, err := gitOutput(".", "rev-parse", "--show-toplevel")
	if err != nil {
		fmt.Fprintf(stderr, "corpus: the results are kept by git commit, so the harness runs inside the bayes checkout: %v\n", err)
		return 1
	}
	fs := flag.NewFlagSet("corpus", flag.ContinueOnError)
	fs.SetOutput(stderr)
	cfg := config{catalogue: corpusCatalogue}
	fs.StringVar(&cfg.corpus, "corpus", filepath.Join(root, "..", "shared", "corpus", "posteriordb"), "the corpus folder")
	fs.StringVar(&cfg.bayes, "bayes", "", "the bayes binary; default: the checkout's, built for the commit the results are kept under")
	fs.StringVar(&cfg.cache, "cache", filepath.Join(root, "out", "corpus"), "where results are kept, a folder per commit")
	fs.StringVar(&cfg.validation, "validation", filepath.Join(root, "VALIDATION.md"), "the file whose corpus section is rewritten")
	fs.DurationVar(&cfg.timeout, "timeout", 10*time.Minute, "time cap of one posterior (check and sample together)")
	pattern := fs.String("run", "", "run only the posteriors whose folder name matches this regular expression")
	fs.BoolVar(&cfg.checkOnly, "check-only", false, "only bayes check each posterior; do not sample")
	fs.BoolVar(&cfg.keep, "keep", false, "keep each sample run's output folder beside its result, and analyse the kept runs (variants, modes) at the end")
	analyseDir := fs.String("analyse", "", "run nothing: rebuild only the variants and modes section of -validation from the kept runs in this results folder (out/corpus/<commit>, of any commit)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "corpus: unexpected argument %q (flags only; see -h)\n", fs.Arg(0))
		return 2
	}
	if *analyseDir != "" {
		var others []string
		fs.Visit(func(f *flag.Flag) {
			if f.Name != "analyse" && f.Name != "validation" {
				others = append(others, "-"+f.Name)
			}
		})
		if len(others) > 0 {
			fmt.Fprintf(stderr, "corpus: -analyse reads kept runs and runs nothing, so it takes no %s (only -validation); "+
				"run it as go run ./validation/corpus -analyse DIR, not through make corpus\n", strings.Join(others, ", "))
			return 2
		}
		return runAnalyse(*analyseDir, cfg.validation, cfg.catalogue, stdout, stderr)
	}
	if cfg.timeout <= 0 {
		fmt.Fprintf(stderr, "corpus: -timeout %v: must be positive\n", cfg.timeout)
		return 2
	}
	if *pattern != "" {
		if cfg.only, err = regexp.Compile(*pattern); err != nil {
			fmt.Fprintf(stderr, "corpus: -run %q: %v\n", *pattern, err)
			return 2
		}
	}
	if _, err := os.Stat(cfg.corpus); err != nil {
		fmt.Fprintf(stdout, "corpus: %s is absent (the corpus lives in ../shared beside the checkout); nothing to run\n", cfg.corpus)
		return 0
	}
	if cfg.key, err = codeKey(root, cfg.validation); err != nil {
		fmt.Fprintf(stderr, "corpus: %v\n", err)
		return 1
	}
	if cfg.bayes == "" {
		// Results are kept under the code's commit, so the binary that
		// makes them is built from that code here, never taken as found
		// (a stale bin/bayes would file its results under a newer commit).
		cfg.bayes = filepath.Join(cfg.cache, cfg.key, "bayes")
		if err := os.MkdirAll(filepath.Dir(cfg.bayes), 0o755); err != nil {
			fmt.Fprintf(stderr, "corpus: %v\n", err)
			return 1
		}
		build := exec.Command("go", "build", "-o", cfg.bayes, "./cmd/bayes")
		build.Dir, build.Env = root, append(os.Environ(), "CGO_ENABLED=0")
		if out, err := build.CombinedOutput(); err != nil {
			fmt.Fprintf(stderr, "corpus: building bayes: %v\n%s", err, out)
			return 1
		}
	} else if _, err := os.Stat(cfg.bayes); err != nil {
		fmt.Fprintf(stderr, "corpus: -bayes %s: %v\n", cfg.bayes, err)
		return 1
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	switch err := runAll(ctx, cfg, stdout); {
	case errors.Is(err, context.Canceled):
		fmt.Fprintln(stderr, "corpus: interrupted; the results so far are kept and the next run continues from them")
		return 130
	case err != nil:
		fmt.Fprintf(stderr, "corpus: %v\n", err)
		return 1
	}
	return 0
}

// runAll runs each posterior of the corpus that has no result for cfg.key
// yet, keeps its result and rewrites the table after each one, so that an
// interrupted run leaves the table as far as it got.
func runAll(ctx context.Context, cfg config, stdout io.Writer) error {
	names, err := listPosteriors(cfg.corpus)
	if err != nil {
		return err
	}
	dir := filepath.Join(cfg.cache, cfg.key)
	fmt.Fprintf(stdout, "corpus: %d posteriors in %s, results in %s\n", len(names), cfg.corpus, dir)
	for _, name := range names {
		if cfg.only != nil && !cfg.only.MatchString(name) {
			continue
		}
		if r, err := loadResult(dir, name); err == nil && r.covers(cfg.checkOnly, cfg.timeout) {
			fmt.Fprintf(stdout, "%s: done at %s, skipped\n", name, cfg.key)
			continue
		}
		r, err := runPosterior(ctx, cfg, name)
		if err != nil {
			return err
		}
		if err := storeResult(dir, r); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "%s: %s\n", name, r.line())
		if r.Rule != nil {
			for _, f := range r.Rule.Failures {
				fmt.Fprintf(stdout, "    %s\n", f)
			}
		}
		if err := writeTable(cfg, names); err != nil {
			return err
		}
	}
	if err := writeTable(cfg, names); err != nil || !cfg.keep || cfg.checkOnly {
		return err
	}
	a, err := writeAnalysis(dir, cfg.key, cfg.validation, cfg.catalogue)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "corpus: %s\n", a.line())
	return nil
}

// runAnalyse is -analyse DIR: the variants and modes section rebuilt from
// the kept runs of a results folder, labelled with the folder's name (the
// commit key of the run that made it, not the checkout's).
func runAnalyse(dir, validation string, cat catalogue, stdout, stderr io.Writer) int {
	abs, err := filepath.Abs(dir)
	if err == nil {
		_, err = os.Stat(abs)
	}
	if err != nil {
		fmt.Fprintf(stderr, "corpus: -analyse %s: %v\n", dir, err)
		return 1
	}
	a, err := writeAnalysis(abs, filepath.Base(abs), validation, cat)
	if err != nil {
		fmt.Fprintf(stderr, "corpus: -analyse %s: %v\n", dir, err)
		return 1
	}
	fmt.Fprintf(stdout, "corpus: %s; written to %s\n", a.line(), validation)
	return 0
}

// listPosteriors returns the corpus's posteriors: its folders that hold a
// model.stan, sorted by name.
func listPosteriors(corpus string) ([]string, error) {
	entries, err := os.ReadDir(corpus)
	if err != nil {
		return nil, err
	}
	var names []string
	for _, e := range entries {
		if _, err := os.Stat(filepath.Join(corpus, e.Name(), "model.stan")); e.IsDir() && err == nil {
			names = append(names, e.Name())
		}
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("%s: no posterior folders (with a model.stan) in it", corpus)
	}
	return names, nil
}

// writeTable rewrites the corpus section of cfg.validation from the
// results kept for cfg.key.
func writeTable(cfg config, names []string) error {
	results := make([]*result, len(names))
	for i, name := range names {
		if r, err := loadResult(filepath.Join(cfg.cache, cfg.key), name); err == nil {
			results[i] = r
		}
	}
	return replaceSection(cfg.validation, corpusSection, renderSection(cfg.key, names, results))
}

// gitOutput runs git in dir and returns its output, trimmed.
func gitOutput(dir string, args ...string) (string, error) {
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) && len(ee.Stderr) > 0 {
			return "", fmt.Errorf("git %s: %s", strings.Join(args, " "), strings.TrimSpace(string(ee.Stderr)))
		}
		return "", fmt.Errorf("git %s: %w", strings.Join(args, " "), err)
	}
	return strings.TrimSpace(string(out)), nil
}
