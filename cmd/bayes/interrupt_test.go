package main

import (
	"encoding/binary"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/bayes-dev/bayes/runfiles"
)

// TestMain lets the test binary stand in for bayes in a child process, so
// that a test can send it a real SIGINT.
func TestMain(m *testing.M) {
	if os.Getenv("BAYES_TEST_AS_MAIN") == "1" {
		os.Exit(runMain())
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

// TestStoppedRunFiles stops a 200-chain run once its first draws are on
// disk, with SIGINT (bayes finishes the files) or SIGKILL (bayes does
// nothing more), for each output format: draws.npy, the default from 100
// chains, and a Stan CSV file per chain. Chains start as workers free up,
// so most have no draw when it stops and the others different numbers.
// Whatever the moment, the files' summary (bayes summary DIR, table and
// JSON) must equal that of the same seed's chains cut to the draws each
// wrote, divergences included: no chain of NaN, no draw lost, none made
// up. Sampling is deterministic per (seed, chain), so a run of only the
// chains that have draws gives the reference.
func TestStoppedRunFiles(t *testing.T) {
	model := filepath.Join(repoRoot, "models", "eight_schools.bym") // centered: it diverges
	data := filepath.Join(repoRoot, "data", "schools.json")
	for _, format := range []string{"npy", "csv", "zarr"} {
		samples := stopSamples
		if format == "zarr" {
			samples = zarrStopSamples
		}
		common := []string{"sample", model, "--data", data, "--warmup", "100", "--samples", strconv.Itoa(samples), "--seed", "5", "--quiet"}
		for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGKILL} {
			t.Run(format+"/"+sig.String(), func(t *testing.T) {
				dir := t.TempDir()
				cmd := exec.Command(os.Args[0], append(common, "--chains", "200", "--output-dir", dir, "--output-format", format)...)
				cmd.Env = append(os.Environ(), "BAYES_TEST_AS_MAIN=1")
				var stdout, stderr strings.Builder
				cmd.Stdout, cmd.Stderr = &stdout, &stderr
				if err := cmd.Start(); err != nil {
					t.Fatal(err)
				}
				// Ctrl-C while the first chains sample; SIGKILL once one
				// has ended, whose last draws must be on disk.
				waitForDraws(t, cmd, dir, format, sig == syscall.SIGKILL, &stderr)
				cmd.Process.Signal(sig)
				err := cmd.Wait()
				finished := err == nil
				if finished {
					t.Logf("the run ended before the %v arrived: its files are checked all the same", sig)
				} else if exit, ok := err.(*exec.ExitError); !ok || sig == syscall.SIGINT && exit.ExitCode() != exitInterrupted {
					t.Fatalf("exit: %v; stderr: %s", err, stderr.String())
				}

				table, errOut, code := bayes("summary", dir)
				report, _, code2 := bayes("summary", dir, "--format", "json")
				if code != 0 || code2 != 0 {
					t.Fatalf("bayes summary of the stopped run: exit %d, %d\n%s", code, code2, errOut)
				}
				if format != "csv" && !finished {
					want := map[syscall.Signal]string{syscall.SIGINT: "the run stopped early", syscall.SIGKILL: "says the run has not finished"}[sig]
					if format == "zarr" && sig == syscall.SIGKILL {
						want = "the run was killed"
					}
					if !strings.Contains(errOut, want) {
						t.Errorf("bayes summary does not say %q:\n%s", want, errOut)
					}
				}

				// The draws each chain wrote, and the reference run of the
				// chains up to the last that has any.
				_, chains, err := runfiles.ReadRuns([]string{dir}, nil)
				if err != nil {
					t.Fatal(err)
				}
				written, last := map[int]int{}, 0
				for _, c := range chains {
					id, _ := strconv.Atoi(c.Settings["id"])
					written[id] = len(c.Draws)
					if len(c.Draws) > 0 {
						last = id
					}
					if slices.ContainsFunc(slices.Concat(c.Draws...), math.IsNaN) {
						t.Fatalf("chain %d of the stopped run's files holds NaN", id)
					}
				}
				t.Logf("%d chains; draws of the first %d: %v", len(chains), last, drawCounts(chains, last))
				ref, cut := t.TempDir(), t.TempDir()
				args := append(common, "--chains", strconv.Itoa(last), "--output-dir", ref, "--output-format", "csv")
				if _, errOut, code := bayes(args...); code != 0 {
					t.Fatalf("reference run: exit %d: %s", code, errOut)
				}
				for _, c := range chains {
					id, _ := strconv.Atoi(c.Settings["id"])
					if id > last {
						continue
					}
					name := fmt.Sprintf("eight_schools_%d.csv", id)
					want := readCSV(t, filepath.Join(ref, name))
					n := written[id]
					if len(want.Draws) < n {
						t.Fatalf("chain %d: %d draws in the stopped run's files, %d in the whole chain", id, n, len(want.Draws))
					}
					for i, row := range c.Draws {
						if !slices.EqualFunc(row, want.Draws[i], func(x, y float64) bool { return math.Float64bits(x) == math.Float64bits(y) }) {
							t.Fatalf("chain %d, draw %d: %v in the stopped run's files, %v in the same seed's run", id, i+1, row, want.Draws[i])
						}
					}
					cutCSV(t, filepath.Join(ref, name), filepath.Join(cut, name), n)
				}
				wantTable, _, code := bayes("summary", cut)
				wantReport, _, code2 := bayes("summary", cut, "--format", "json")
				if code != 0 || code2 != 0 {
					t.Fatalf("bayes summary of the cut reference: exit %d, %d", code, code2)
				}
				if table != wantTable {
					t.Errorf("bayes summary of the stopped run:\n%s\nof the same seed's chains cut to the draws each wrote:\n%s", table, wantTable)
				}
				if report != wantReport {
					t.Errorf("bayes summary --format json of the stopped run:\n%s\nof the same seed's chains cut to the draws each wrote:\n%s", report, wantReport)
				}
				// bayes sample printed the same table when Ctrl-C stopped it.
				if end := strings.Index(table, "Number of divergences:"); sig == syscall.SIGINT && end >= 0 {
					end += strings.Index(table[end:], "\n") + 1
					if !strings.HasPrefix(stdout.String(), table[:end]) {
						t.Errorf("bayes sample printed\n%s\nbut the summary of its files is\n%s", stdout.String(), table[:end])
					}
				}
				if out, errOut, code := bayes("plot", dir, "--kind", "trace", "--output-dir", t.TempDir()); code != 0 {
					t.Errorf("bayes plot of the stopped run: exit %d\n%s%s", code, out, errOut)
				}
			})
		}
	}
}

// stopSamples is the draws per chain of TestStoppedRunFiles's runs: more
// than the 64 a chain buffers for draws.npy, so that a chain has some on
// disk well before its end.
const stopSamples = 300

// zarrStopSamples is the draws per chain of TestStoppedRunFiles's zarr
// runs: the store writes a chunk of 100 draws once all 200 chains (one
// chunk row) have them, so the first chunk appears as the last two chains
// reach draw 100; their 500 further draws are the time the signal has to
// arrive in mid-run.
const zarrStopSamples = 600

// waitForDraws waits until the run writing to dir has two chains with
// draws on disk, one of them with all its stopSamples when whole is set:
// counts in draws_written.npy, or rows in the first two chains' CSV files;
// for zarr, until the store has its first whole chunk (every chain has
// draws).
func waitForDraws(t *testing.T, cmd *exec.Cmd, dir, format string, whole bool, stderr fmt.Stringer) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for {
		var counts []int
		if format == "zarr" {
			// The first chunk is whole once every array has it: read it as
			// bayes summary does (a chunk costs little to read).
			if _, err := os.Stat(filepath.Join(dir, "draws.zarr", "sample_stats", "lp", "0.0")); err == nil {
				if _, chains, err := runfiles.ReadRuns([]string{dir}, nil); err == nil && len(chains[0].Draws) > 0 {
					return
				}
			}
		} else if format == "npy" {
			// The count file: an NPY header of 128 bytes, then 200 int64.
			if b, err := os.ReadFile(filepath.Join(dir, "draws_written.npy")); err == nil && len(b) == 128+200*8 {
				for c := range 200 {
					if n := int(binary.LittleEndian.Uint64(b[128+8*c:])); n > 0 {
						counts = append(counts, n)
					}
				}
			}
		} else {
			for id := 1; id <= 2; id++ {
				if f, err := os.Open(filepath.Join(dir, fmt.Sprintf("eight_schools_%d.csv", id))); err == nil {
					s, err := runfiles.ReadStanCSV(f)
					f.Close()
					if err == nil && len(s.Draws) > 0 {
						counts = append(counts, len(s.Draws))
					}
				}
			}
		}
		if len(counts) >= 2 && (!whole || slices.Contains(counts, stopSamples)) {
			return
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatalf("no two chains with draws after 60 s; stderr: %s", stderr.String())
		}
		time.Sleep(time.Millisecond)
	}
}

// cutCSV copies the Stan CSV file src to dst with only its first n draws.
func cutCSV(t *testing.T, src, dst string, n int) {
	t.Helper()
	data, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	header, rows := false, 0
	for line := range strings.Lines(string(data)) {
		s := strings.TrimSpace(line)
		switch {
		case s == "" || strings.HasPrefix(s, "#"):
		case !header:
			header = true
		default:
			if rows++; rows > n {
				continue
			}
		}
		b.WriteString(line)
	}
	if err := os.WriteFile(dst, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

// drawCounts lists the draws of chains 1 to last.
func drawCounts(chains []*runfiles.StanCSV, last int) []int {
	var n []int
	for _, c := range chains[:last] {
		n = append(n, len(c.Draws))
	}
	return n
}
