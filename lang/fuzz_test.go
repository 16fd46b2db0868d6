package lang_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bayes-dev/bayes/lang"
	"github.com/bayes-dev/bayes/lang/printer"
)

// FuzzParseCheck feeds arbitrary text to the parser and checker. Neither may
// panic, and a program that parses must print to text that parses again to
// the same tree (printer.Format is a fixed point of parsing).
//
//	go test ./lang -run '^$' -fuzz FuzzParseCheck -fuzztime 2m
func FuzzParseCheck(f *testing.F) {
	seeds, _ := filepath.Glob(filepath.Join("testdata", "*", "*.bym"))
	more, _ := filepath.Glob(filepath.Join("..", "models", "*.bym"))
	layouts, _ := filepath.Glob(filepath.Join("printer", "testdata", "*.bym"))
	seeds = append(append(seeds, more...), layouts...)
	if shared, _ := filepath.Abs(filepath.Join("..", "..", "shared", "posteriordb")); shared != "" {
		pdb, _ := filepath.Glob(filepath.Join(shared, "*", "model.bym"))
		seeds = append(seeds, pdb...)
		// posteriordb's own Stan sources, those with a functions block among them
		stan, _ := filepath.Glob(filepath.Join(shared, "*", "model.stan"))
		corpus, _ := filepath.Glob(filepath.Join(shared, "..", "corpus", "posteriordb", "*", "model.stan"))
		for _, f := range append(stan, corpus...) {
			if src, err := os.ReadFile(f); err == nil && strings.Contains(string(src), "functions {") {
				seeds = append(seeds, f)
			}
		}
	}
	for _, s := range seeds {
		if src, err := os.ReadFile(s); err == nil {
			f.Add(string(src))
		}
	}
	f.Add("model { target += -2^2 ? a' : b[1:, :]; }")
	// user-defined functions: declarations, void, data arguments, old array
	// syntax, returns, call statements, densities with ~ and |
	f.Add("functions { real f(real x); real f(real x) { return x; } void g_lp(data real[] y) { target += y[1]; return; } }\nmodel { g_lp({1.0}); }")
	f.Add("functions { real d_lpdf(real y, array[,] vector m) { if (y > 0) return 1; else return m[1, 1][1]; } }\nparameters { real y; } model { y ~ d({{[1]'}}); target += d_lupdf(y | {{[2]'}}); }")
	f.Add("functions {}\nmodel {}")
	f.Fuzz(func(t *testing.T, src string) {
		p, err := lang.Parse("fuzz.bym", []byte(src))
		if err != nil {
			if _, ok := err.(lang.ErrorList); !ok {
				t.Fatalf("Parse returned %T, want ErrorList", err)
			}
			_ = err.(lang.ErrorList).Format("fuzz.bym", []byte(src))
			return
		}
		out := printer.Format(p)
		p2, err := lang.Parse("fuzz.bym", out)
		if err != nil {
			t.Fatalf("formatted program does not parse: %v\n--- input\n%s\n--- formatted\n%s", err, src, out)
		}
		if out2 := printer.Format(p2); string(out2) != string(out) {
			t.Fatalf("Format is not a fixed point:\n--- once\n%s\n--- twice\n%s", out, out2)
		}
		if err := lang.Check(p); err != nil {
			_ = err.(lang.ErrorList).Format("fuzz.bym", []byte(src))
		}
	})
}
