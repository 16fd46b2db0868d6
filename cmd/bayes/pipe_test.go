package main

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
)

// pipeArgs is a short run that writes its files into dir.
func pipeArgs(dir string) []string {
	return []string{"sample", filepath.Join(repoRoot, "models", "eight_schools_noncentered.bym"),
		"--data", filepath.Join(repoRoot, "data", "schools.json"), "--chains", "2", "--warmup", "150",
		"--samples", "100", "--seed", "1", "--quiet", "--output-dir", dir}
}

func checkSummaryFiles(t *testing.T, dir string) {
	t.Helper()
	for _, name := range []string{"summary.csv", "summary.json", "eight_schools_noncentered_1.csv"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Errorf("%s not written: %v", name, err)
		}
	}
}

// brokenPipe is a stdout whose reader has gone.
type brokenPipe struct{}

func (brokenPipe) Write([]byte) (int, error) {
	return 0, &os.PathError{Op: "write", Path: "/dev/stdout", Err: syscall.EPIPE}
}

// TestClosedStdoutKeepsFiles: when stdout cannot be written (bayes sample
// ... | head, head gone), the summary files are written all the same, and
// bayes ends quietly with the shell's status for a broken pipe.
func TestClosedStdoutKeepsFiles(t *testing.T) {
	dir := t.TempDir()
	var stderr strings.Builder
	code := run(pipeArgs(dir), brokenPipe{}, &stderr)
	if code != exitBrokenPipe || strings.Contains(stderr.String(), "bayes:") {
		t.Errorf("exit %d, stderr %q; want %d and no error message", code, stderr.String(), exitBrokenPipe)
	}
	checkSummaryFiles(t, dir)
}

// TestSIGPIPEKeepsFiles runs bayes with a stdout pipe whose reader has
// closed: without SIGPIPE caught, the first write to stdout kills it
// before it writes summary.csv.
func TestSIGPIPEKeepsFiles(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("skipping: Windows has no SIGPIPE")
	}
	dir := t.TempDir()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	r.Close() // the reader is gone before bayes writes
	cmd := exec.Command(os.Args[0], pipeArgs(dir)...)
	cmd.Env = append(os.Environ(), "BAYES_TEST_AS_MAIN=1")
	var stderr strings.Builder
	cmd.Stdout, cmd.Stderr = w, &stderr
	err = cmd.Run()
	w.Close()
	var exit *exec.ExitError
	if !errors.As(err, &exit) {
		t.Fatalf("exit: %v, want status %d", err, exitBrokenPipe)
	}
	if ws, ok := exit.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		t.Errorf("bayes was killed by %v; stderr: %s", ws.Signal(), stderr.String())
	} else if exit.ExitCode() != exitBrokenPipe {
		t.Errorf("exit status %d, want %d; stderr: %s", exit.ExitCode(), exitBrokenPipe, stderr.String())
	}
	checkSummaryFiles(t, dir)
}
