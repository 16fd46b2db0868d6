package librarytest

import (
	"bytes"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/bayes-dev/bayes/library"
)

// cCase is one C function evaluated at one point, with the Go value it
// must agree with.
type cCase struct {
	name string // the C function, without bayes_
	args []float64
	want float64
}

// specials are the special functions whose C bodies take and return reals,
// with their Go functions and where the test draws their arguments.
var specials = []struct {
	name string
	f    func(x []float64) float64
	args []library.Domain
}{
	{"lgamma", func(x []float64) float64 { return library.Lgamma(x[0]) }, []library.Domain{library.Positive}},
	{"digamma", func(x []float64) float64 { return library.Digamma(x[0]) }, []library.Domain{library.Finite}},
	{"inv_logit", func(x []float64) float64 { return library.InvLogit(x[0]) }, []library.Domain{library.Finite}},
	{"log1p_exp", func(x []float64) float64 { return library.Log1pExp(x[0]) }, []library.Domain{library.Finite}},
	{"log_inv_logit", func(x []float64) float64 { return library.LogInvLogit(x[0]) }, []library.Domain{library.Finite}},
	{"log1m_inv_logit", func(x []float64) float64 { return library.Log1mInvLogit(x[0]) }, []library.Domain{library.Finite}},
	{"sign", func(x []float64) float64 { return library.Sign(x[0]) }, []library.Domain{library.Finite}},
	{"lbeta", func(x []float64) float64 { return library.Lbeta(x[0], x[1]) }, []library.Domain{library.Positive, library.Positive}},
	{"lchoose", func(x []float64) float64 { return library.Lchoose(x[0], x[1]) }, []library.Domain{library.Positive, library.Positive}},
	{"xlogy", func(x []float64) float64 { return library.Xlogy(x[0], x[1]) }, []library.Domain{library.Finite, library.Positive}},
	{"log_sum_exp2", func(x []float64) float64 { return library.LogSumExp2(x[0], x[1]) }, []library.Domain{library.Finite, library.Finite}},
}

// cMatchesGo compiles the prelude (cc -O2) with a driver that
// evaluates every kernel and special function at random points of its
// domain, at large arguments (lbeta's Stirling branches), and at points
// out of the support, and checks each against the Go function to 1e-12
// (relative), or the same ±Inf or NaN.
func cMatchesGo(t *testing.T, ks []*library.Kernel) {
	r := rand.New(rand.NewPCG(5, 6))
	var cases []cCase
	for _, k := range ks {
		for range 8 {
			x := point(t, r, k, nil)
			cases = append(cases, cCase{k.Name, x[:k.Arity()], k.At(x[:]...)})
		}
		var x [library.MaxArgs]float64 // out of the support (or a degenerate point)
		for i := range k.Args {
			x[i] = -1
		}
		cases = append(cases, cCase{k.Name, x[:k.Arity()], k.At(x[:]...)})
	}
	for _, s := range specials {
		for range 8 {
			x := make([]float64, len(s.args))
			for i, d := range s.args {
				x[i] = draw(r, d, i)
			}
			cases = append(cases, cCase{s.name, x, s.f(x)})
		}
	}
	for _, x := range [][]float64{{3.5, 12}, {25, 40}, {0.7, 250}, {2e3, 5e4}} {
		cases = append(cases, cCase{"lbeta", x, library.Lbeta(x[0], x[1])})
	}
	for _, x := range []float64{0.3, 1, 7.5, 30} {
		cases = append(cases, cCase{"polygamma1", []float64{x}, library.Polygamma(1, x)})
	}
	exprs := make([]string, len(cases))
	for i, c := range cases {
		args := make([]string, len(c.args))
		for j, a := range c.args {
			args[j] = cDouble(a)
		}
		exprs[i] = fmt.Sprintf("bayes_%s(%s)", c.name, strings.Join(args, ", "))
	}
	got := CValues(t, "static double bayes_polygamma1(double x) { return bayes_polygamma(1, x); }\n", exprs)
	for i, c := range cases {
		if !CloseTo(got[i], c.want, 1e-12) || math.IsInf(c.want, 0) && got[i] != c.want {
			t.Errorf("bayes_%s%v = %.17g in C, %.17g in Go", c.name, c.args, got[i], c.want)
		}
	}
}

// CValues compiles the C prelude, then extra, then a main that prints
// each of exprs (C expressions of the prelude's functions) exactly, with
// cc -std=c99 -O2 -Wall -Werror, runs it and returns their values (nan
// and inf included). Where there is no C compiler the test is skipped.
func CValues(t testing.TB, extra string, exprs []string) []float64 {
	t.Helper()
	cc, err := exec.LookPath("cc")
	if err != nil {
		t.Skip("no C compiler (cc) on PATH")
	}
	var src bytes.Buffer
	src.WriteString(library.CPrelude())
	src.WriteString("\n#include <stdio.h>\n")
	src.WriteString(extra)
	src.WriteString("int main(void)\n{\n")
	for _, e := range exprs {
		fmt.Fprintf(&src, "\tprintf(\"%%a\\n\", (double)%s);\n", e)
	}
	src.WriteString("\treturn 0;\n}\n")
	dir := t.TempDir()
	file, bin := filepath.Join(dir, "prelude.c"), filepath.Join(dir, "prelude")
	if err := os.WriteFile(file, src.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(cc, "-std=c99", "-O2", "-Wall", "-Werror", "-o", bin, file, "-lm").CombinedOutput(); err != nil {
		t.Fatalf("cc: %v\n%s", err, out)
	}
	out, err := exec.Command(bin).Output()
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Fields(string(out))
	if len(lines) != len(exprs) {
		t.Fatalf("%d results for %d expressions", len(lines), len(exprs))
	}
	vals := make([]float64, len(lines))
	for i, l := range lines {
		switch {
		case strings.Contains(l, "nan"):
			vals[i] = math.NaN()
			continue
		case strings.Contains(l, "inf"):
			l = strings.Replace(l, "inf", "Inf", 1)
		}
		v, err := strconv.ParseFloat(l, 64)
		if err != nil {
			t.Fatalf("%s: %q: %v", exprs[i], l, err)
		}
		vals[i] = v
	}
	return vals
}

// cDouble writes x as a C double literal that reads back exactly.
func cDouble(x float64) string {
	switch {
	case math.IsNaN(x):
		return "NAN"
	case math.IsInf(x, 1):
		return "INFINITY"
	case math.IsInf(x, -1):
		return "(-INFINITY)"
	}
	return "(" + strconv.FormatFloat(x, 'x', -1, 64) + ")"
}
