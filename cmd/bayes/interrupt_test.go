package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestMain lets the test binary stand in for bayes in a child process, so
// that a test can send it a real SIGINT.
func TestMain(m *testing.M) {
	if os.Getenv("BAYES_TEST_AS_MAIN") == "1" {
		os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// TestInterruptKeepsDraws sends SIGINT to a long run once its first draws
// are on disk: bayes must exit 130, print the summary of the draws so far,
// and leave CSV files that read back.
func TestInterruptKeepsDraws(t *testing.T) {
	dir := t.TempDir()
	cmd := exec.Command(os.Args[0], "sample", filepath.Join(repoRoot, "models", "eight_schools_noncentered.bym"),
		"--data", filepath.Join(repoRoot, "data", "schools.json"), "--chains", "2", "--warmup", "100",
		"--samples", "100000000", "--seed", "1", "--quiet", "--output-dir", dir)
	cmd.Env = append(os.Environ(), "BAYES_TEST_AS_MAIN=1")
	var stdout, stderr strings.Builder
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	csv := filepath.Join(dir, "eight_schools_noncentered_1.csv")
	deadline := time.Now().Add(30 * time.Second)
	for {
		if info, err := os.Stat(csv); err == nil && info.Size() > 200_000 {
			break
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatalf("no draws written after 30 s; stderr: %s", stderr.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	cmd.Process.Signal(syscall.SIGINT)
	err := cmd.Wait()
	exit, ok := err.(*exec.ExitError)
	if !ok || exit.ExitCode() != exitInterrupted {
		t.Fatalf("exit: %v, want status %d; stderr: %s", err, exitInterrupted, stderr.String())
	}
	if !strings.Contains(stdout.String(), "Number of divergences:") || !strings.Contains(stdout.String(), "tau") {
		t.Errorf("no summary of the draws so far on stdout:\n%s", stdout.String())
	}
	if !strings.Contains(stderr.String(), "interrupted") {
		t.Errorf("stderr does not say the run was interrupted:\n%s", stderr.String())
	}
	s := readCSV(t, csv)
	if len(s.Draws) < 100 {
		t.Errorf("the interrupted CSV holds %d draws", len(s.Draws))
	}
	// The files of the stopped run summarise again, chains cut to one length.
	if out, errOut, code := bayes("summary", dir); code != 0 || !strings.Contains(out, "tau") {
		t.Errorf("bayes summary of the interrupted run: exit %d\n%s%s", code, out, errOut)
	}
	for _, name := range []string{"summary.csv", "summary.json"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Errorf("%s not written: %v", name, err)
		}
	}
}
