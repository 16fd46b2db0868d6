package main

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// badCase is one bad command line and the place its first error line must
// name.
type badCase struct {
	name  string
	args  []string
	place string
}

// TestBadInputs runs the binary (this test binary standing in for it, as
// TestMain arranges) on every bad input the repository holds: the flag,
// file and run cases of testdata/bad, the bad programs of lang/testdata/bad
// and the bad data files of data/testdata/bad. Each must exit
// non-zero, print no Go panic or stack trace, and say where the problem is
// on its first error line.
func TestBadInputs(t *testing.T) {
	cases := badCLICases(t)
	cases = append(cases, badLangCases(t, "lang/testdata/bad/*.bym", func(bym string) []string {
		return []string{"check", bym}
	})...)
	cases = append(cases, badLangCases(t, "data/testdata/bad/*.json", func(js string) []string {
		return []string{"check", strings.TrimSuffix(js, ".json") + ".bym", "--data", js}
	})...)
	if len(cases) < 100 {
		t.Errorf("%d bad inputs; want at least 100", len(cases))
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			cmd := exec.Command(os.Args[0], c.args...)
			cmd.Dir = repoRoot
			cmd.Env = append(os.Environ(), "BAYES_TEST_AS_MAIN=1")
			var stdout, stderr strings.Builder
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			err := cmd.Run()
			all := stdout.String() + stderr.String()
			if _, ok := err.(*exec.ExitError); !ok || cmd.ProcessState.ExitCode() <= 0 {
				t.Errorf("bayes %s: exit %v, want a non-zero exit status\n%s", strings.Join(c.args, " "), err, all)
			}
			for _, crash := range []string{"panic:", "goroutine ", "runtime error", "internal error", ".go:"} {
				if strings.Contains(all, crash) {
					t.Errorf("bayes %s: output contains %q:\n%s", strings.Join(c.args, " "), crash, all)
				}
			}
			if first := firstError(stderr.String()); !strings.Contains(first, c.place) {
				t.Errorf("bayes %s: first error line %q does not name %q\n%s", strings.Join(c.args, " "), first, c.place, all)
			}
		})
	}
}

// firstError is the first line of stderr that is not a note, a warning or
// the seed line that come before a run's error.
func firstError(stderr string) string {
	for line := range strings.Lines(stderr) {
		line = strings.TrimSpace(line)
		if line != "" && !strings.HasPrefix(line, "note:") && !strings.HasPrefix(line, "warning:") && !strings.HasPrefix(line, "seed:") {
			return line
		}
	}
	return ""
}

// badCLICases reads testdata/bad/*.args.
func badCLICases(t *testing.T) []badCase {
	paths, err := filepath.Glob(filepath.Join("testdata", "bad", "*.args"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no cases in testdata/bad (%v)", err)
	}
	var out []badCase
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		var lines []string
		for s := bufio.NewScanner(f); s.Scan(); {
			lines = append(lines, s.Text())
		}
		f.Close()
		if len(lines) != 2 || lines[0] == "" || lines[1] == "" {
			t.Fatalf("%s: want two lines, the command line and the place its error names", p)
		}
		out = append(out, badCase{name: strings.TrimSuffix(filepath.Base(p), ".args"), args: strings.Fields(lines[0]), place: lines[1]})
	}
	return out
}

// badLangCases makes a case of every file matching pattern (from the
// repository root) that has a golden NAME.out beside it: its place is the
// file:line:col the golden's first line starts with, the file named by its
// base name.
func badLangCases(t *testing.T, pattern string, args func(file string) []string) []badCase {
	paths, err := filepath.Glob(filepath.Join(repoRoot, pattern))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no files match %s (%v)", pattern, err)
	}
	var out []badCase
	for _, p := range paths {
		golden, err := os.ReadFile(strings.TrimSuffix(p, filepath.Ext(p)) + ".out")
		if err != nil {
			continue // not a case: a data case's model, or a file without a golden
		}
		first, _, _ := strings.Cut(string(golden), "\n")
		pos := first
		if i := strings.Index(first, ": "); i > 0 {
			pos = first[:i+1] // "testdata/bad/x.bym:5:21:"
		}
		rel, _ := filepath.Rel(repoRoot, p)
		out = append(out, badCase{name: filepath.Base(filepath.Dir(p)) + "/" + filepath.Base(p), args: args(rel), place: filepath.Base(pos)})
	}
	return out
}
