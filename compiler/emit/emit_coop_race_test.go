package emit_test

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/bayes-dev/bayes/compiler"
	"github.com/bayes-dev/bayes/compiler/emit"
	"github.com/bayes-dev/bayes/compiler/emit/ctest"
)

// The cooperative code writes a barrier only where a hazard needs one
// (coopState), so a missing one would be a data race that the value tests
// see only by luck of the schedule. ThreadSanitizer sees it whatever the
// schedule: TestEmitCoopRaceFree builds the driver of emit_coop_test.go
// with -fsanitize=thread into a program (the sanitizer's runtime must
// start with the process, so not a library for purego) and runs it.

// tsanProg is one program of the race test: its entry points and points.
type tsanProg struct {
	coopProgram
	src    *emit.Source
	nout   int
	points [][]float64
}

// tsanMain is the program's main: every program, with 3 and 4 threads,
// its log density and gradient and, where it has one, its constrain map.
const tsanMain = `
#include <stdlib.h>
%s
int main(void)
{
	int failed = 0;
	for (int fn = 0; fn < coop_nprog; fn++)
		for (int nt = 3; nt <= 4; nt++)
			for (int c = 0; c < 2; c++) {
				if (c && coop_constrain[fn] == NULL) continue;
				int dim = coop_dim[fn], np = coop_npoints[fn];
				int w = c ? coop_nout[fn] : dim;
				if (w < 1) w = 1;
				double *qs = malloc(sizeof(double) * np * nt * dim);
				double *outs = malloc(sizeof(double) * np * nt * w);
				double *lps = malloc(sizeof(double) * np * nt);
				double *ws = malloc(sizeof(double) * (coop_ws[fn] + 1));
				double *red = malloc(sizeof(double) * nt * coop_redw[fn]);
				for (int p = 0; p < np; p++)
					for (int t = 0; t < nt; t++)
						for (int i = 0; i < dim; i++) qs[(p * nt + t) * dim + i] = coop_points[fn][p * dim + i];
				if (coop_run(fn, nt, c, np, dim, w, qs, outs, lps, ws, red) != 0) failed = 1;
				free(qs), free(outs), free(lps), free(ws), free(red);
			}
	return failed;
}
`

// tsanTables writes the tables that tsanMain reads.
func tsanTables(progs []tsanProg) string {
	var b strings.Builder
	list := func(name string, f func(p tsanProg) int) {
		fmt.Fprintf(&b, "static const int %s[] = {", name)
		for _, p := range progs {
			fmt.Fprintf(&b, "%d, ", f(p))
		}
		b.WriteString("};\n")
	}
	fmt.Fprintf(&b, "static const int coop_nprog = %d;\n", len(progs))
	list("coop_dim", func(p tsanProg) int { return max(p.src.Dim, 1) })
	list("coop_nout", func(p tsanProg) int { return p.nout })
	list("coop_npoints", func(p tsanProg) int { return len(p.points) })
	list("coop_ws", func(p tsanProg) int { return p.src.Workspace })
	list("coop_redw", func(p tsanProg) int { return p.src.CoopRedWidth })
	for i, p := range progs {
		fmt.Fprintf(&b, "static const double coop_points%d[] = {", i)
		for _, q := range p.points {
			for j := 0; j < max(p.src.Dim, 1); j++ {
				x := 0.0
				if j < len(q) {
					x = q[j]
				}
				fmt.Fprintf(&b, "%s, ", emit.CLiteral(x))
			}
		}
		b.WriteString("};\n")
	}
	b.WriteString("static const double *const coop_points[] = {")
	for i := range progs {
		fmt.Fprintf(&b, "coop_points%d, ", i)
	}
	b.WriteString("};\n")
	return b.String()
}

var (
	tsanOnce sync.Once
	tsanErr  error
)

// needTSan skips the test when cc cannot build a program with
// -fsanitize=thread and pthreads.
func needTSan(t *testing.T) {
	t.Helper()
	needPthreads(t)
	tsanOnce.Do(func() {
		dir, err := os.MkdirTemp("", "tsan")
		if err != nil {
			tsanErr = err
			return
		}
		defer os.RemoveAll(dir)
		c, exe := filepath.Join(dir, "p.c"), filepath.Join(dir, "p")
		prog := "#include <pthread.h>\nstatic void *f(void *a) { return a; }\nint main(void) { pthread_t t; pthread_create(&t, 0, f, 0); return pthread_join(t, 0); }\n"
		if err = os.WriteFile(c, []byte(prog), 0o644); err != nil {
			tsanErr = err
			return
		}
		if out, err := exec.Command("cc", "-fsanitize=thread", "-pthread", "-o", exe, c).CombinedOutput(); err != nil {
			tsanErr = fmt.Errorf("%v: %s", err, ctest.FirstLines(string(out), 5))
			return
		}
		if out, err := exec.Command(exe).CombinedOutput(); err != nil {
			tsanErr = fmt.Errorf("%v: %s", err, ctest.FirstLines(string(out), 5))
		}
	})
	if tsanErr != nil {
		t.Skipf("no ThreadSanitizer: cc -fsanitize=thread fails (%v)", tsanErr)
	}
}

// TestEmitCoopRaceFree runs the cooperative code of every op case, of the
// logistic regression (N = 200, data inline), the eight schools and
// posteriordb's gp_regr under ThreadSanitizer with groups of 3 and 4 threads, and fails on any
// data race it reports (a barrier missing between a write and another
// thread's read or write of the same ws or red element).
func TestEmitCoopRaceFree(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: the race test compiles with -fsanitize=thread (about 10 s)")
	}
	needTSan(t)
	rng := rand.New(rand.NewPCG(5, 6))
	cases, code := coopOpCases(t, rng)
	var progs []tsanProg
	for _, oc := range cases {
		progs = append(progs, tsanProg{coopProgram: coopProgram{prefix: oc.prefix}, src: oc.src, points: oc.draw(rng, 2)})
	}
	buf := bytes.NewBuffer(code)
	models := []struct {
		name string
		m    *compiler.Model
	}{
		{"logistic", logisticModel(t, 200, 5)},
		{"eight_schools", compileFiles(t, filepath.Join("..", "..", "models", "eight_schools.bym"), filepath.Join("..", "..", "data", "schools.json"))},
	}
	// Where the shared folder is present, a Gaussian process, whose
	// workspace is reused after reads by every thread: the barrier that
	// only coopAlloc writes (without it, 11 reports).
	if dir := filepath.Join("..", "..", "..", "shared", "posteriordb"); dirExists(dir) {
		for _, name := range []string{"gp_pois_regr-gp_regr"} {
			d := filepath.Join(dir, name)
			models = append(models, struct {
				name string
				m    *compiler.Model
			}{strings.NewReplacer("-", "_").Replace(name), compileFiles(t, filepath.Join(d, "model.bym"), filepath.Join(d, "data.json"))})
		}
	} else {
		t.Logf("posteriordb models skipped: %s is absent", dir)
	}
	for _, md := range models {
		prefix := md.name + "_"
		src, err := md.m.EmitC(emit.Options{Prefix: prefix, NoPrelude: true, Cooperative: true, InlineData: 1 << 20})
		if err != nil {
			t.Fatalf("%s: %v", md.name, err)
		}
		buf.Write(src.Code)
		p := tsanProg{coopProgram: coopProgram{prefix: prefix, constrain: true}, src: src, nout: md.m.NumOutputs()}
		for range 2 {
			p.points = append(p.points, randomPoint(rng, max(md.m.Dim(), 1)))
		}
		progs = append(progs, p)
	}
	cp := make([]coopProgram, len(progs))
	for i, p := range progs {
		cp[i] = p.coopProgram
	}
	full := fmt.Sprintf(coopDriver, buf.Bytes(), coopPrograms(cp)) + fmt.Sprintf(tsanMain, tsanTables(progs))
	dir := t.TempDir()
	c, exe := filepath.Join(dir, "race.c"), filepath.Join(dir, "race")
	if err := os.WriteFile(c, []byte(full), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("cc", "-O1", "-g", "-fsanitize=thread", "-pthread", "-o", exe, c, "-lm").CombinedOutput(); err != nil {
		t.Fatalf("cc -fsanitize=thread: %v\n%s", err, ctest.FirstLines(string(out), 30))
	}
	// glibc's lgamma writes the global signgam, which the emitted code
	// never reads (CUDA's lgamma has none): the one race to ignore.
	supp := filepath.Join(dir, "tsan.supp")
	if err := os.WriteFile(supp, []byte("race:signgam\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	run := exec.Command(exe)
	run.Env = append(os.Environ(), "TSAN_OPTIONS=suppressions="+supp)
	out, err := run.CombinedOutput()
	if n := strings.Count(string(out), "WARNING: ThreadSanitizer"); n > 0 || err != nil {
		t.Errorf("%d reports from ThreadSanitizer (%v); the first:\n%s", n, err, ctest.FirstLines(string(out), 40))
	}
	t.Logf("%d programs run race-free with 3 and 4 threads", len(progs))
}

func dirExists(dir string) bool {
	st, err := os.Stat(dir)
	return err == nil && st.IsDir()
}
