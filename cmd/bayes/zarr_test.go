package main

import (
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// debianPython is Debian's own Python, where apt's python3-xarray and
// python3-zarr install (a python3 first on PATH may be another one).
const debianPython = "/usr/bin/python3"

// needXarray skips the test unless Debian's Python has xarray and zarr.
func needXarray(t *testing.T) {
	t.Helper()
	if err := exec.Command(debianPython, "-c", "import xarray, zarr").Run(); err != nil {
		t.Skipf("skipping: %s cannot import xarray and zarr (%v); apt-get install python3-xarray python3-zarr", debianPython, err)
	}
}

var zarrModel = filepath.Join("testdata", "zarr", "eight_schools_loglik.bym")

// sampleArgs are the arguments of a run of zarrModel: chains, samples,
// format and directory vary, the seed does not.
func sampleArgs(dir, format string, samples int) []string {
	return []string{"sample", zarrModel, "--data", filepath.Join(repoRoot, "data", "schools.json"),
		"--chains", "3", "--warmup", "150", "--samples", strconv.Itoa(samples), "--seed", "7", "--quiet",
		"--output-dir", dir, "--output-format", format, "--posterior-predictive", "y_rep"}
}

// compareWithCSV runs testdata/zarr/compare.py: xarray opens every group of
// the store and compares each value with the run's CSV files.
func compareWithCSV(t *testing.T, store, csvDir string) {
	t.Helper()
	csvs, _ := filepath.Glob(filepath.Join(csvDir, "eight_schools_loglik_*.csv"))
	slices.Sort(csvs)
	if len(csvs) != 3 {
		t.Fatalf("CSV files %v, want 3", csvs)
	}
	args := append([]string{filepath.Join("testdata", "zarr", "compare.py"), store,
		filepath.Join(repoRoot, "data", "schools.json"), "log_lik", "y_rep", "y"}, csvs...)
	out, err := exec.Command(debianPython, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("compare.py: %v\n%s", err, out)
	}
	t.Logf("compare.py: %s", strings.TrimSpace(string(out)))
}

// TestZarrOpensInXarray: the Zarr store of a run opens in xarray, group by
// group, with the values of the CSV files of the same run (same seed); so
// does the store bayes convert writes from those CSV files.
// 120 draws make a partial last chunk (chunks of 100 draws).
func TestZarrOpensInXarray(t *testing.T) {
	needXarray(t)
	dir := t.TempDir()
	zdir, cdir := filepath.Join(dir, "zarr"), filepath.Join(dir, "csv")
	for _, a := range [][]string{sampleArgs(zdir, "zarr", 120), sampleArgs(cdir, "csv", 120)} {
		var stderr strings.Builder
		if code := run(a, io.Discard, &stderr); code != 0 {
			t.Fatalf("bayes %v: exit %d: %s", a, code, stderr.String())
		}
	}
	compareWithCSV(t, filepath.Join(zdir, "draws.zarr"), cdir)
	if csvs, _ := filepath.Glob(filepath.Join(zdir, "*_1.csv")); len(csvs) > 0 {
		t.Errorf("--output-format zarr also wrote %v", csvs)
	}

	// bayes convert makes the same store from the CSV files.
	var stderr strings.Builder
	conv := []string{"convert", cdir, "--to", "zarr", "--model", zarrModel, "--posterior-predictive", "y_rep"}
	if code := run(conv, io.Discard, &stderr); code != 0 {
		t.Fatalf("bayes %v: exit %d: %s", conv, code, stderr.String())
	}
	compareWithCSV(t, filepath.Join(cdir, "draws.zarr"), cdir)
}

// TestZarrInterrupted sends SIGINT to a long zarr run once its first
// chunks are on disk: the store must open in xarray and hold every draw
// each chain made (draws_written), equal to the same draws of a CSV run
// with the same seed; the draws after a chain's count are fill values.
func TestZarrInterrupted(t *testing.T) {
	needXarray(t)
	dir := t.TempDir()
	zdir, cdir := filepath.Join(dir, "zarr"), filepath.Join(dir, "csv")
	cmd := exec.Command(os.Args[0], sampleArgs(zdir, "zarr", 200_000)...)
	// GOMAXPROCS=3: the three chains run at once (the sampler runs as
	// many as there are cores), so that all reach their first chunk soon.
	cmd.Env = append(os.Environ(), "BAYES_TEST_AS_MAIN=1", "GOMAXPROCS=3")
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	store := filepath.Join(zdir, "draws.zarr")
	chunk := filepath.Join(store, "posterior", "mu", "0.0") // draws 0..99 of every chain
	deadline := time.Now().Add(60 * time.Second)
	for {
		if _, err := os.Stat(chunk); err == nil {
			break
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatalf("no chunk %s after 60 s; stderr: %s", chunk, stderr.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	cmd.Process.Signal(syscall.SIGINT)
	err := cmd.Wait()
	if exit, ok := err.(*exec.ExitError); !ok || exit.ExitCode() != exitInterrupted {
		t.Fatalf("exit: %v, want status %d; stderr: %s", err, exitInterrupted, stderr.String())
	}
	b, err := os.ReadFile(filepath.Join(store, ".zattrs"))
	if err != nil {
		t.Fatal(err)
	}
	var attrs struct {
		Written []int `json:"draws_written"`
	}
	if err := json.Unmarshal(b, &attrs); err != nil || len(attrs.Written) != 3 || slices.Min(attrs.Written) < 100 {
		t.Fatalf(".zattrs %s: want draws_written with 3 chains of at least 100 draws (%v)", b, err)
	}
	var cerr strings.Builder
	if code := run(sampleArgs(cdir, "csv", slices.Max(attrs.Written)), io.Discard, &cerr); code != 0 {
		t.Fatalf("CSV run: exit %d: %s", code, cerr.String())
	}
	compareWithCSV(t, store, cdir)
}
