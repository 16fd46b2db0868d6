package main

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// result is what happened to one posterior at one commit: the table's row,
// kept as out/corpus/<commit>/<posterior>.json.
type result struct {
	Posterior string `json:"posterior"`
	// Check is "ok" or the first line of bayes check's error.
	Check string `json:"check"`
	// CheckOnly marks a result of -check-only whose check passed: it
	// says nothing of sampling, which a full run still does.
	CheckOnly bool `json:"check_only,omitempty"`
	// Settings are the bayes sample flags taken from the reference run.
	Settings []string `json:"settings,omitempty"`
	// Sample is "ok", the first line of bayes sample's error, or empty
	// when it did not run.
	Sample string `json:"sample,omitempty"`
	// TimedOut says the cap (Cap) ended the check or the sampling.
	TimedOut bool          `json:"timed_out,omitempty"`
	Cap      time.Duration `json:"cap"`
	Wall     time.Duration `json:"wall"` // check, sampling and reading the draws
	// The run's diagnostics over every model quantity (the parameters,
	// transformed parameters and generated quantities; those whose ESS or
	// R-hat is undefined, as a constant's, are left out); nil when it was
	// not sampled.
	Stats *runStats `json:"stats,omitempty"`
	// HasReference says the posterior has a reference.json; Rule is the
	// rule's verdict on the run, nil when it was not sampled.
	HasReference bool  `json:"has_reference"`
	Rule         *rule `json:"rule,omitempty"`
}

// runStats summarises a finished sample run.
type runStats struct {
	// Quantities counts those with a defined bulk ESS and R-hat, over
	// which MinESSBulk and MaxRhat are taken (0 when there are none).
	Quantities  int     `json:"quantities"`
	MinESSBulk  float64 `json:"min_ess_bulk"`
	MaxRhat     float64 `json:"max_rhat"`
	Divergences int     `json:"divergences"`
}

// rule is posteriordb.Outcome as the table shows it.
type rule struct {
	Passed    bool    `json:"passed"`
	Converged bool    `json:"converged"`
	Marginal  bool    `json:"marginal"` // INDEX.md: confirm with a second seed
	Checks    int     `json:"checks"`
	Failed    int     `json:"failed"`
	MaxRatio  float64 `json:"max_ratio"`
	// Failures are the first few failed checks, as the rule words them.
	Failures []string `json:"failures,omitempty"`
	// Error is why the rule could not be applied (draws that do not read).
	Error string `json:"error,omitempty"`
}

// covers reports whether the result answers a run with these settings,
// which then skips the posterior: a check-only result does not answer a
// full run, and a time-out under a shorter cap does not answer a longer one.
func (r *result) covers(checkOnly bool, cap time.Duration) bool {
	if r.CheckOnly && !checkOnly {
		return false
	}
	return !r.TimedOut || r.Cap >= cap
}

// line is the result in one line, for the progress output.
func (r *result) line() string {
	s := "check " + r.Check
	if r.Sample != "" {
		s += "; sample " + r.Sample
	}
	if r.Rule != nil {
		s += "; rule " + r.Rule.verdict()
	}
	return fmt.Sprintf("%s (%.1fs)", s, r.Wall.Seconds())
}

// resultPath is where a posterior's result is kept.
func resultPath(dir, name string) string { return filepath.Join(dir, name+".json") }

func loadResult(dir, name string) (*result, error) {
	raw, err := os.ReadFile(resultPath(dir, name))
	if err != nil {
		return nil, err
	}
	var r result
	if err := json.Unmarshal(raw, &r); err != nil {
		return nil, fmt.Errorf("%s: %w", resultPath(dir, name), err)
	}
	if r.Posterior != name {
		return nil, fmt.Errorf("%s: holds the result of %q", resultPath(dir, name), r.Posterior)
	}
	return &r, nil
}

// storeResult writes the result through a temporary file, so that a run
// killed mid-write leaves no half result to skip on.
func storeResult(dir string, r *result) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	raw, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return fmt.Errorf("%s: %w", r.Posterior, err)
	}
	path := resultPath(dir, r.Posterior)
	if err := os.WriteFile(path+".tmp", append(raw, '\n'), 0o644); err != nil {
		return err
	}
	return os.Rename(path+".tmp", path)
}

// codeKey names the code the results belong to: the last commit that
// changed anything but the file holding the table, when it is in the
// checkout (committing the table does not make the results stale), 12 hex digits, and when tracked files
// other than it differ from HEAD, "-dirty-" and 12 hex digits of the
// diff's SHA-256. Untracked files are not seen.
func codeKey(root, validation string) (string, error) {
	paths := []string{"--", "."}
	if rel, err := filepath.Rel(root, validation); err == nil && filepath.IsLocal(rel) {
		paths = append(paths, ":(exclude)"+filepath.ToSlash(rel))
	}
	commit, err := gitOutput(root, append([]string{"log", "-1", "--format=%H"}, paths...)...)
	if err != nil {
		return "", err
	}
	if len(commit) < 12 {
		return "", fmt.Errorf("git log found no commit in %s", root)
	}
	cmd := exec.Command("git", append([]string{"diff", "--no-ext-diff", "HEAD"}, paths...)...)
	cmd.Dir = root
	diff, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("git diff HEAD: %w", err)
	}
	key := commit[:12]
	if strings.TrimSpace(string(diff)) != "" {
		sum := sha256.Sum256(diff)
		key += "-dirty-" + hex.EncodeToString(sum[:])[:12]
	}
	return key, nil
}
