package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/bayes-dev/bayes/diagnostics"
	"github.com/bayes-dev/bayes/runfiles"
	"github.com/bayes-dev/bayes/validation/posteriordb"
)

// sampleArgs are the run every posterior gets: the validation tests' 4
// chains of 1000 warmup and 1000 draws, seed 1, on the CPU (the same
// numbers on every machine), Stan CSV files, no live view.
var sampleArgs = []string{"--chains", "4", "--warmup", "1000", "--samples", "1000", "--seed", "1",
	"--device", "cpu", "--output-format", "csv", "--quiet"}

// controlFlags maps the rstan control arguments of a reference run
// (reference_method.control) to bayes sample's flags; metric values are
// rstan's names, which metricNames maps.
var controlFlags = map[string]string{
	"adapt_delta":   "--adapt-delta",
	"max_treedepth": "--max-treedepth",
	"stepsize":      "--stepsize",
	"metric":        "--metric",
}

var metricNames = map[string]string{"diag_e": "diag", "dense_e": "dense", "unit_e": "unit"}

// settings turns a reference run's control arguments into bayes sample
// flags, in the order of their names. A number is passed as written; an
// argument bayes has no flag for is an error that names it, since a run
// without it would not be the reference's.
func settings(m posteriordb.Method) ([]string, error) {
	keys := make([]string, 0, len(m.Control))
	for k := range m.Control {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var flags []string
	for _, k := range keys {
		raw := m.Control[k]
		flag, ok := controlFlags[k]
		if !ok {
			return nil, fmt.Errorf("reference_method.control.%s = %s: bayes sample has no such setting", k, raw)
		}
		var value string
		if k == "metric" {
			var name string
			if err := json.Unmarshal(raw, &name); err != nil || metricNames[name] == "" {
				return nil, fmt.Errorf("reference_method.control.metric = %s: expected \"diag_e\", \"dense_e\" or \"unit_e\"", raw)
			}
			value = metricNames[name]
		} else {
			var x float64
			if err := json.Unmarshal(raw, &x); err != nil {
				return nil, fmt.Errorf("reference_method.control.%s = %s: expected a number", k, raw)
			}
			value = string(raw)
		}
		flags = append(flags, flag, value)
	}
	return flags, nil
}

// runPosterior checks, samples and compares one posterior under cfg's time
// cap. Its error is only the interruption of the whole run (ctx); what
// goes wrong with the posterior is its result.
func runPosterior(ctx context.Context, cfg config, name string) (*result, error) {
	start := time.Now()
	dir := filepath.Join(cfg.corpus, name)
	r := &result{Posterior: name, Cap: cfg.timeout}
	defer func() { r.Wall = time.Since(start) }()
	capped, cancel := context.WithTimeout(ctx, cfg.timeout)
	defer cancel()

	refPath := filepath.Join(dir, "reference.json")
	var ref *posteriordb.Reference
	if _, err := os.Stat(refPath); err == nil {
		r.HasReference = true
		if ref, err = posteriordb.ReadReference(refPath); err != nil {
			return nil, err // the corpus itself is broken: stop and say so
		}
	}

	msg, err := runBayes(capped, cfg.bayes, dir, "check", "model.stan", "--data", "data.json")
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	r.Check, r.TimedOut = describe(capped, msg, err)
	if r.Check != "ok" {
		return r, nil
	}
	if cfg.checkOnly {
		r.CheckOnly = true
		return r, nil
	}

	if ref != nil {
		if r.Settings, err = settings(ref.Method); err != nil {
			r.Sample = err.Error()
			return r, nil
		}
	}
	runDir, err := filepath.Abs(filepath.Join(cfg.cache, cfg.key, name+".run"))
	if err != nil {
		return nil, err
	}
	if err := os.RemoveAll(runDir); err != nil { // a killed earlier try's files
		return nil, err
	}
	if !cfg.keep {
		defer os.RemoveAll(runDir)
	}
	args := append([]string{"sample", "model.stan", "--data", "data.json", "--output-dir", runDir}, sampleArgs...)
	msg, err = runBayes(capped, cfg.bayes, dir, append(args, r.Settings...)...)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	r.Sample, r.TimedOut = describe(capped, msg, err)
	if r.Sample != "ok" {
		return r, nil
	}
	r.Stats, r.Rule = evaluate(runDir, ref)
	return r, nil
}

// runBayes runs bayes in the posterior's folder, so that its messages
// name model.stan rather than a long path, and returns its stderr. stdout
// (the summary table) is not needed: the draws are read from the files.
func runBayes(ctx context.Context, bayes, dir string, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, bayes, args...)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = io.Discard, &stderr
	cmd.WaitDelay = 5 * time.Second
	err := cmd.Run()
	return stderr.String(), err
}

// describe turns a bayes command's end into the table's words: "ok", a
// time-out, or the first line of its error.
func describe(capped context.Context, stderr string, err error) (string, bool) {
	switch {
	case errors.Is(capped.Err(), context.DeadlineExceeded):
		return "time-out", true
	case err == nil:
		return "ok", false
	}
	if line := firstError(stderr); line != "" {
		return line, false
	}
	return err.Error(), false // killed by a signal: no message of its own
}

// firstError is the first line of a bayes error message: the line after
// any notes, seed and warning lines, without the source line and caret
// that follow a positioned message. Lines are cut at 200 bytes.
func firstError(stderr string) string {
	for line := range strings.Lines(stderr) {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "note:") || strings.HasPrefix(line, "seed:") || strings.HasPrefix(line, "warning:") {
			continue
		}
		if len(line) > 200 {
			line = line[:200] + "..."
		}
		return line
	}
	return ""
}

// maxFailures is how many failed checks a result keeps in words.
const maxFailures = 3

// evaluate reads a finished run's draws, summarises every quantity and,
// with a reference, applies the rule of INDEX.md.
func evaluate(runDir string, ref *posteriordb.Reference) (*runStats, *rule) {
	fail := func(err error) (*runStats, *rule) {
		if ref == nil {
			return nil, nil
		}
		return nil, &rule{Error: err.Error()}
	}
	paths, chains, err := runfiles.ReadRuns([]string{runDir}, io.Discard)
	if err != nil {
		return fail(err)
	}
	cols, err := diagnostics.Columns(paths, chains)
	if err != nil {
		return fail(err)
	}
	summary, err := diagnostics.Summarize(cols)
	if err != nil {
		return fail(err)
	}
	stats := statsOf(summary, runfiles.Divergences(chains))
	if ref == nil {
		return stats, nil
	}
	o, err := posteriordb.Compare(ref, cols, stats.Divergences)
	if err != nil {
		return stats, &rule{Error: err.Error()}
	}
	r := &rule{Passed: o.Passed(), Converged: o.Converged, Marginal: o.Marginal(),
		Checks: o.Checks, Failed: len(o.Failures), MaxRatio: min(o.MaxRatio, math.MaxFloat64)}
	r.Failures = o.Failures[:min(len(o.Failures), maxFailures)]
	return stats, r
}

// statsOf summarises a run's summary as the corpus table shows it: min
// bulk ESS and max R-hat over the quantities where both are defined.
func statsOf(summary diagnostics.Summary, divergences int) *runStats {
	stats := &runStats{Divergences: divergences, MinESSBulk: math.Inf(1)}
	for _, s := range summary {
		if !finite(s.ESSBulk) || !finite(s.Rhat) {
			continue
		}
		stats.Quantities++
		stats.MinESSBulk = min(stats.MinESSBulk, s.ESSBulk)
		stats.MaxRhat = max(stats.MaxRhat, s.Rhat)
	}
	if stats.Quantities == 0 {
		stats.MinESSBulk = 0
	}
	return stats
}

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }
