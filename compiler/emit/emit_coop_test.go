package emit_test

import (
	"bytes"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/ebitengine/purego"

	"github.com/bayes-dev/bayes/compiler"
	"github.com/bayes-dev/bayes/compiler/emit"
	"github.com/bayes-dev/bayes/compiler/emit/ctest"
	"github.com/bayes-dev/bayes/compiler/ir"
	"github.com/bayes-dev/bayes/compiler/ir/irtest"
	"github.com/bayes-dev/bayes/compiler/kernel"
)

// The cooperative entry points (emit_coop.go) are checked on the CPU with
// POSIX threads standing in for a thread block: BAYES_TID is a
// thread-local variable, BAYES_NT a global set per run, BAYES_SYNC a
// pthread barrier, and BAYES_COOP_SUM the prelude's default. A small C
// driver (coopDriver) starts NT threads that each call the _coop function
// at every test point in turn, without a barrier between calls, as the
// sampler's redundant control flow would.

// coopTol is the relative tolerance between the cooperative C and the Go
// kernel: the per-thread partial sums add in another order than the
// kernel's four accumulators (families.go), which costs a few ulps per
// term of a long sum.
const coopTol = 1e-10

// coopNTs are the group sizes tried: one thread, an odd size that leaves
// the strided loops uneven, and an even one.
var coopNTs = []int{1, 3, 4}

// coopDriver is the C that the harness puts around the emitted code: %[1]s
// is the code, %[2]s the table of programs (coopPrograms).
const coopDriver = `#include <pthread.h>
#include <stddef.h>
static __thread int coop_tid;
static int coop_nt = 1;
static pthread_barrier_t coop_barrier;
#define BAYES_TID coop_tid
#define BAYES_NT coop_nt
#define BAYES_SYNC() ((void)pthread_barrier_wait(&coop_barrier))
%[1]s
typedef double (*coop_ldg_fn)(const double *, double *, double *, double *);
typedef void (*coop_constrain_fn)(const double *, double *, double *, double *);
%[2]s
typedef struct {
	int tid, fn, npoints, dim, width, constrain;
	const double *qs;
	double *outs, *lps, *ws, *red;
} coop_job;

/* coop_worker runs every point in turn as thread tid of the group, with
   no barrier between the calls. */
static void *coop_worker(void *arg)
{
	coop_job *j = (coop_job *)arg;
	coop_tid = j->tid;
	for (int p = 0; p < j->npoints; p++) {
		size_t row = (size_t)p * coop_nt + j->tid;
		const double *q = j->qs + row * j->dim;
		double *out = j->outs + row * j->width;
		if (j->constrain) coop_constrain[j->fn](q, out, j->ws, j->red);
		else j->lps[row] = coop_ldg[j->fn](q, out, j->ws, j->red);
	}
	return NULL;
}

/* coop_run evaluates npoints points of program fn with a group of nt
   threads. qs holds npoints*nt copies of q (point-major), outs
   npoints*nt rows of width doubles (grad, or constrain's out), lps
   npoints*nt log densities. */
int coop_run(int fn, int nt, int constrain, int npoints, int dim, int width, const double *qs,
             double *outs, double *lps, double *ws, double *red)
{
	pthread_t th[64];
	coop_job jobs[64];
	if (nt < 1 || nt > 64) return -1;
	if (constrain && coop_constrain[fn] == NULL) return -4;
	coop_nt = nt;
	if (pthread_barrier_init(&coop_barrier, NULL, (unsigned)nt) != 0) return -2;
	for (int t = 0; t < nt; t++) {
		coop_job j = {t, fn, npoints, dim, width, constrain, qs, outs, lps, ws, red};
		jobs[t] = j;
	}
	for (int t = 0; t < nt; t++) {
		if (pthread_create(&th[t], NULL, coop_worker, &jobs[t]) != 0) {
			/* the threads started wait at a barrier for ever: give up */
			return -3;
		}
	}
	for (int t = 0; t < nt; t++) pthread_join(th[t], NULL);
	pthread_barrier_destroy(&coop_barrier);
	return 0;
}
`

// coopProgram is one emitted program of a driver's table.
type coopProgram struct {
	prefix    string
	constrain bool // it has P constrain_coop (compiler.Model.EmitC)
}

// coopPrograms writes the driver's tables of entry points.
func coopPrograms(progs []coopProgram) string {
	var b strings.Builder
	b.WriteString("static const coop_ldg_fn coop_ldg[] = {")
	for _, p := range progs {
		fmt.Fprintf(&b, "%slog_density_grad_coop, ", p.prefix)
	}
	b.WriteString("};\nstatic const coop_constrain_fn coop_constrain[] = {")
	for _, p := range progs {
		if p.constrain {
			fmt.Fprintf(&b, "%sconstrain_coop, ", p.prefix)
		} else {
			b.WriteString("NULL, ")
		}
	}
	b.WriteString("};\n")
	return b.String()
}

// coopSO is a driver and its programs loaded with purego.
type coopSO struct {
	h   uintptr
	run func(fn, nt, constrain, npoints, dim, width int32, qs, outs, lps, ws, red *float64) int32
}

// coopLib is program fn of a coopSO.
type coopLib struct {
	so  *coopSO
	fn  int
	src *emit.Source
}

var (
	pthreadOnce sync.Once
	pthreadErr  error
)

// needPthreads skips the test when the C compiler cannot build and link a
// program with pthread barriers.
func needPthreads(t *testing.T) {
	t.Helper()
	cc, err := exec.LookPath("cc")
	if err != nil {
		t.Skipf("no C compiler: cc is not on PATH (%v)", err)
	}
	pthreadOnce.Do(func() {
		dir, err := os.MkdirTemp("", "coop")
		if err != nil {
			pthreadErr = err
			return
		}
		defer os.RemoveAll(dir)
		c := filepath.Join(dir, "p.c")
		prog := "#include <pthread.h>\nint main(void) { pthread_barrier_t b; return pthread_barrier_init(&b, 0, 1); }\n"
		if err = os.WriteFile(c, []byte(prog), 0o644); err == nil {
			var out []byte
			if out, err = exec.Command(cc, "-pthread", "-o", filepath.Join(dir, "p"), c).CombinedOutput(); err != nil {
				err = fmt.Errorf("%v: %s", err, ctest.FirstLines(string(out), 5))
			}
		}
		pthreadErr = err
	})
	if pthreadErr != nil {
		t.Skipf("no POSIX threads with barriers: %v", pthreadErr)
	}
}

// buildCoop compiles the emitted code (the prelude and one or more
// programs, each with its own prefix) with the driver, as
// cc -O2 -pthread -shared -fPIC, and loads it.
func buildCoop(t *testing.T, code []byte, progs []coopProgram) *coopSO {
	t.Helper()
	needPthreads(t)
	full := fmt.Sprintf(coopDriver, code, coopPrograms(progs))
	dir := t.TempDir()
	c, so := filepath.Join(dir, "coop.c"), filepath.Join(dir, "coop.so")
	if err := os.WriteFile(c, []byte(full), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("cc", "-O2", "-pthread", "-shared", "-fPIC", "-o", so, c, "-lm").CombinedOutput()
	if err != nil {
		t.Fatalf("cc: %v\n%s", err, ctest.FirstLines(string(out), 30))
	}
	h, err := purego.Dlopen(so, purego.RTLD_NOW|purego.RTLD_LOCAL)
	if err != nil {
		t.Fatalf("dlopen %s: %v", so, err)
	}
	t.Cleanup(func() { purego.Dlclose(h) })
	l := &coopSO{h: h}
	purego.RegisterLibFunc(&l.run, h, "coop_run")
	return l
}

// program returns program fn of the library, whose source src it binds
// the data arrays of.
func (so *coopSO) program(fn int, prefix string, src *emit.Source) *coopLib {
	if len(src.Extern) > 0 {
		var bind func(k int32, x *float64)
		purego.RegisterLibFunc(&bind, so.h, prefix+"bind_data")
		for k, x := range src.Extern {
			bind(int32(k), &x[0])
		}
	}
	return &coopLib{so: so, fn: fn, src: src}
}

// eval runs the points with a group of nt threads and returns, per point
// and thread, the log density and the gradient (or, with constrain, the
// outputs). ws and red start as NaN, so that a read before a write shows.
func (l *coopLib) eval(t *testing.T, nt int, constrain bool, points [][]float64, width int) (lps [][]float64, outs [][][]float64) {
	t.Helper()
	dim := max(l.src.Dim, 1)
	width = max(width, 1)
	np := len(points)
	qs := make([]float64, np*nt*dim)
	for p, q := range points {
		for th := 0; th < nt; th++ {
			copy(qs[(p*nt+th)*dim:], q)
		}
	}
	flat := make([]float64, np*nt*width)
	lp := make([]float64, np*nt)
	ws := make([]float64, max(l.src.Workspace, 1))
	red := make([]float64, nt*l.src.CoopRedWidth)
	for i := range ws {
		ws[i] = math.NaN()
	}
	for i := range red {
		red[i] = math.NaN()
	}
	c := int32(0)
	if constrain {
		c = 1
	}
	if rc := l.so.run(int32(l.fn), int32(nt), c, int32(np), int32(dim), int32(width), &qs[0], &flat[0], &lp[0], &ws[0], &red[0]); rc != 0 {
		t.Fatalf("coop_run: %d", rc)
	}
	runtime.KeepAlive(l.src)
	lps = make([][]float64, np)
	outs = make([][][]float64, np)
	for p := range points {
		lps[p] = lp[p*nt : (p+1)*nt]
		outs[p] = make([][]float64, nt)
		for th := 0; th < nt; th++ {
			outs[p][th] = flat[(p*nt+th)*width : (p*nt+th+1)*width]
		}
	}
	return lps, outs
}

func closeCoop(got, want float64) bool {
	if math.IsNaN(want) || math.IsInf(want, 0) {
		return math.IsNaN(want) && math.IsNaN(got) || got == want
	}
	return ctest.RelErr(got, want) <= coopTol
}

// same is bitwise equality, NaN included.
func same(a, b float64) bool { return math.Float64bits(a) == math.Float64bits(b) }

// checkCoop compares every thread's results at three random points with
// each other (exactly) and with the Go kernel (coopTol), for each group
// size, and returns the largest relative difference from the kernel.
func checkCoop(t *testing.T, m *compiler.Model, src *emit.Source) float64 {
	t.Helper()
	lib := buildCoop(t, src.Code, []coopProgram{{"bayes_", true}}).program(0, "bayes_", src)
	k := m.NewKernel()
	rng := rand.New(rand.NewPCG(2026, 25))
	points := make([][]float64, 3)
	for p := range points {
		points[p] = randomPoint(rng, m.Dim())
	}
	worst := checkCoopProgram(t, lib, k, points)
	nout, names := m.NumOutputs(), m.OutputNames()
	want := make([]float64, nout)
	for _, nt := range coopNTs {
		_, outs := lib.eval(t, nt, true, points, nout)
		bad := 0
		for p := range points {
			k.Constrain(want, points[p])
			for i := 0; i < nout; i++ {
				for th := 0; th < nt; th++ {
					if !same(outs[p][th][i], outs[p][0][i]) {
						bad++
						t.Errorf("NT=%d: point %d: thread %d %s = %.17g, thread 0 %.17g", nt, p, th, names[i], outs[p][th][i], outs[p][0][i])
					}
				}
				if !closeCoop(outs[p][0][i], want[i]) {
					bad++
					t.Errorf("NT=%d: point %d: %s = %.17g, Go %.17g", nt, p, names[i], outs[p][0][i], want[i])
				}
				if bad > 8 {
					t.Fatalf("NT=%d: too many disagreements", nt)
				}
			}
		}
	}
	return worst
}

// serialSteps summarises the nodes of a plan that do not run split, for
// the log: "op in split ×count (longest loop)".
func serialSteps(steps []emit.CoopStep) string {
	type key struct {
		op    ir.Op
		split emit.CoopSplit
	}
	count, longest := map[key]int{}, map[key]int{}
	var keys []key
	for _, st := range steps {
		if st.Split != emit.SplitEvery && st.Split != emit.SplitThread0 {
			continue
		}
		k := key{st.Op, st.Split}
		if count[k] == 0 {
			keys = append(keys, k)
		}
		count[k]++
		longest[k] = max(longest[k], st.Extent)
	}
	if len(keys) == 0 {
		return "none"
	}
	var s []string
	for _, k := range keys {
		s = append(s, fmt.Sprintf("%s in %s ×%d (longest loop %d)", k.op, k.split, count[k], longest[k]))
	}
	return strings.Join(s, ", ")
}

// TestEmitCoopMatchesKernel runs the cooperative functions of every model
// of TestEmitCMatchesKernel with groups of 1, 3 and 4 threads.
func TestEmitCoopMatchesKernel(t *testing.T) {
	needPthreads(t)
	for _, f := range modelFiles(t) {
		t.Run(f[0], func(t *testing.T) {
			t.Parallel() // most of the time is cc's, one process per model
			m := compileFiles(t, f[1], f[2])
			src, err := m.EmitC(emit.Options{Cooperative: true})
			if err != nil {
				t.Fatal(err)
			}
			// the serial and the cooperative functions: twice the code
			if len(src.Code) > 3*slowCSource/2 && !emitCAll {
				t.Skipf("%d bytes of C (serial and cooperative) take cc -O2 over 5 s: run with -tags validate", len(src.Code))
			}
			worst := checkCoop(t, m, src)
			t.Logf("dim %d, red width %d; largest relative difference %.2g; not split: %s",
				m.Dim(), src.CoopRedWidth, worst, serialSteps(emit.CoopSteps(src)))
		})
	}
}

// logisticSource is the brief's logistic regression.
const logisticSource = `data { int<lower=0> N; int<lower=1> D; matrix[N, D] X; array[N] int<lower=0, upper=1> y; }
parameters { real alpha; vector[D] beta; }
model { alpha ~ normal(0, 2.5); beta ~ normal(0, 2.5); y ~ bernoulli_logit(alpha + X * beta); }
`

// logisticModel simulates n rows of d standard normal covariates and
// outcomes from alpha = 0.3, beta_j = (j+1)/d - 0.5 (seed fixed).
func logisticModel(t *testing.T, n, d int) *compiler.Model {
	t.Helper()
	rng := rand.New(rand.NewPCG(7, uint64(n)))
	var b strings.Builder
	fmt.Fprintf(&b, `{"N": %d, "D": %d, "X": [`, n, d)
	y := make([]int, n)
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteString(",")
		}
		eta := 0.3
		x := make([]float64, d)
		for j := range x {
			x[j] = rng.NormFloat64()
			eta += x[j] * (float64(j+1)/float64(d) - 0.5)
		}
		b.WriteString(jsonList(x))
		if rng.Float64() < 1/(1+math.Exp(-eta)) {
			y[i] = 1
		}
	}
	b.WriteString(`], "y": [`)
	for i, v := range y {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, "%d", v)
	}
	b.WriteString("]}")
	return compileSource(t, logisticSource, b.String())
}

// TestEmitCoopLogistic checks the logistic regression with N = 2000 rows:
// its results, and that every loop over the rows is split among the
// threads (none runs whole in one thread or in every thread).
func TestEmitCoopLogistic(t *testing.T) {
	const n, d = 2000, 5
	m := logisticModel(t, n, d)
	src, err := m.EmitC(emit.Options{Cooperative: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Run("split", func(t *testing.T) {
		rows := 0
		for _, st := range emit.CoopSteps(src) {
			if st.Extent < n {
				continue
			}
			rows++
			if st.Split == emit.SplitEvery || st.Split == emit.SplitThread0 {
				t.Errorf("%s: %s over %d rows runs in %s", st.Fn, st.Op, st.Extent, st.Split)
			}
		}
		// the matvec, its transpose, and the elementwise nodes and sums over N
		if rows < 6 {
			t.Errorf("only %d loops over the %d rows in the plan, want the matvec, its transpose, the elementwise nodes and the sums", rows, n)
		}
		// and in the text: no loop from 0 to N, nor a thread-0 block, in the _coop functions
		code := string(src.Code)
		coop := code[strings.Index(code, "bayes_log_density_grad_coop("):]
		if rx := regexp.MustCompile(fmt.Sprintf(`for \(int i = 0; i < %d;`, n)); rx.MatchString(coop) {
			t.Errorf("a loop over the %d rows is not strided: %s", n, rx.FindString(coop))
		}
		if strings.Contains(coop, "BAYES_TID == 0") {
			t.Errorf("the logistic regression's cooperative code has a thread-0 block")
		}
		var ops []string
		for _, st := range emit.CoopSteps(src) {
			if st.Fn == "log_density_grad_coop" && st.Extent >= n {
				ops = append(ops, fmt.Sprintf("%s (%s)", st.Op, st.Split))
			}
		}
		t.Logf("loops over the rows: %s", strings.Join(ops, ", "))
	})
	if src.CoopRedWidth != d {
		t.Errorf("CoopRedWidth = %d, want %d (the transposed product's width)", src.CoopRedWidth, d)
	}
	t.Run("as_cuda_cpp", func(t *testing.T) { checkCUDASyntax(t, src.Code) })
	t.Run("values", func(t *testing.T) {
		worst := checkCoop(t, m, src)
		t.Logf("largest relative difference from the Go kernel %.2g", worst)
	})
}

// TestEmitCoopUnchanged: the cooperative option adds functions and
// leaves the serial ones byte for byte as they were.
func TestEmitCoopUnchanged(t *testing.T) {
	m := compileFiles(t, filepath.Join("..", "..", "models", "eight_schools.bym"), filepath.Join("..", "..", "data", "schools.json"))
	plain, err := m.EmitC(emit.Options{NoPrelude: true})
	if err != nil {
		t.Fatal(err)
	}
	coop, err := m.EmitC(emit.Options{NoPrelude: true, Cooperative: true})
	if err != nil {
		t.Fatal(err)
	}
	if plain.CoopRedWidth != 0 || coop.CoopRedWidth < 1 {
		t.Errorf("CoopRedWidth = %d without and %d with Cooperative, want 0 and >= 1", plain.CoopRedWidth, coop.CoopRedWidth)
	}
	// everything before the host wrappers, less the _coop functions
	cut := func(code []byte) []byte { return code[:bytes.Index(code, []byte("#ifndef __CUDACC__\nstatic double"))] }
	a, b := cut(plain.Code), cut(coop.Code)
	at := bytes.Index(b, []byte("BAYES_FN double bayes_log_density_grad_coop"))
	if at < 0 {
		t.Fatal("no bayes_log_density_grad_coop in the cooperative source")
	}
	if !bytes.Equal(a, b[:at]) {
		t.Errorf("the serial functions differ with Cooperative set")
	}
	if !bytes.Contains(b, []byte("BAYES_FN void bayes_constrain_coop(")) {
		t.Errorf("no bayes_constrain_coop in the cooperative source")
	}
}

// coopOpCase is one program of TestEmitCoopOps: an op in one layout.
type coopOpCase struct {
	name, prefix string
	p            *ir.Program
	doms         []irtest.Domain
	src          *emit.Source
}

// coopOpCases emits, with their cooperative functions, every op of the
// table in the vector layout of TestEmitCOps (the scalar layouts have no
// loops, and their code is the serial functions'), and three extra
// programs that reach code TestEmitCOps's cases do not: a one-to-one
// scatter-add into a longer vector (strided over its input), a
// many-to-one one (strided over its outputs), and a transposed product too
// wide for registers. It returns the cases and their code, prelude first.
func coopOpCases(t *testing.T, rng *rand.Rand) ([]coopOpCase, []byte) {
	t.Helper()
	var cases []coopOpCase
	code := bytes.NewBufferString(emit.Prelude())
	add := func(oc coopOpCase) {
		src, err := emit.C(oc.p, nil, emit.Options{Prefix: oc.prefix, NoPrelude: true, Cooperative: true})
		if err != nil {
			t.Fatalf("%s: %v", oc.name, err)
		}
		oc.src = src
		code.Write(src.Code)
		cases = append(cases, oc)
	}
	for op := ir.Op(1); op < ir.NumOps(); op++ {
		c, ok := irtest.Cases[op]
		if !ok || op == ir.OpExtern { // refused (refuse.go)
			continue
		}
		oc := coopOpCase{name: op.String(), prefix: fmt.Sprintf("op%d_", op)}
		oc.p, oc.doms = opProgram(t, rng, op, c, "vector")
		add(oc)
	}
	for i, idx := range [][]int{{4, 0, 2}, {3, 0, 3}} {
		b := ir.NewBuilder(3)
		x := b.ParamVector(0, 3)
		p := optimizedProgram(t, b, func() ir.Value {
			s := b.ScatterAdd(b.Exp(x), b.Index(idx, 6))
			return b.Dot(b.Data([]float64{1, -2, 3, 0.5, 2, -1}), b.Square(s))
		})
		add(coopOpCase{name: fmt.Sprintf("scatter_add/long%d", i), prefix: fmt.Sprintf("long%d_", i), p: p, doms: []irtest.Domain{irtest.Real, irtest.Real, irtest.Real}})
	}
	// A transposed product wider than coopAccMax, whose partials go to red
	// directly: A' x for A of 3 rows and coopAccMax+8 columns.
	{
		const rows, cols = 3, emit.CoopAccMax + 8
		a := make([]float64, rows*cols)
		for i := range a {
			a[i] = float64(i%7) - 3
		}
		b := ir.NewBuilder(rows)
		x := b.ParamVector(0, rows)
		p := optimizedProgram(t, b, func() ir.Value { return b.Sum(b.Square(b.MatTVec(b.DataMatrix(rows, cols, a), x))) })
		add(coopOpCase{name: "mattvec/wide", prefix: "wide_", p: p, doms: []irtest.Domain{irtest.Real, irtest.Real, irtest.Real}})
	}
	return cases, code.Bytes()
}

// draw returns n points in the case's domains.
func (oc *coopOpCase) draw(rng *rand.Rand, n int) [][]float64 {
	points := make([][]float64, n)
	for p := range points {
		points[p] = make([]float64, oc.p.G.Dim)
		for j := range points[p] {
			if j < len(oc.doms) {
				points[p][j] = oc.doms[j].Draw(rng)
			}
		}
	}
	return points
}

// TestEmitCoopOps runs every case of coopOpCases with groups of 1, 3 and
// 4 threads at four random points and compares them with the Go kernel.
func TestEmitCoopOps(t *testing.T) {
	needPthreads(t)
	rng := rand.New(rand.NewPCG(13, 15))
	cases, code := coopOpCases(t, rng)
	progs := make([]coopProgram, len(cases))
	seen := map[emit.CoopSplit]bool{}
	wide := false
	for i, oc := range cases {
		progs[i] = coopProgram{prefix: oc.prefix}
		for _, st := range emit.CoopSteps(oc.src) {
			seen[st.Split] = true
		}
		wide = wide || oc.src.CoopRedWidth > emit.CoopAccMax
	}
	if !wide {
		t.Errorf("no op case has a vector sum wider than coopAccMax = %d: its code is not tested", emit.CoopAccMax)
	}
	for s := emit.SplitStrided; s <= emit.SplitByOutput; s++ {
		if !seen[s] {
			t.Errorf("no op case is split as %s: that code is not tested", s)
		}
	}
	so := buildCoop(t, code, progs)
	for i, oc := range cases {
		t.Run(oc.name, func(t *testing.T) {
			lib := so.program(i, oc.prefix, oc.src)
			k, err := kernel.Compile(oc.p)
			if err != nil {
				t.Fatal(err)
			}
			checkCoopProgram(t, lib, k, oc.draw(rng, 4))
		})
	}
}

// gradKernel is what checkCoopProgram needs of a Go kernel: a Kernel or
// a ModelKernel.
type gradKernel interface {
	Dim() int
	LogDensityGrad(grad, q []float64) float64
}

// checkCoopProgram compares a program's cooperative log density and
// gradient at the points, for each group size, across threads (exactly)
// and with the Go kernel k (coopTol); it returns the largest relative
// difference from the kernel.
func checkCoopProgram(t *testing.T, lib *coopLib, k gradKernel, points [][]float64) float64 {
	t.Helper()
	n := k.Dim()
	wantLP := make([]float64, len(points))
	wantGrad := make([][]float64, len(points))
	for p := range points {
		wantGrad[p] = make([]float64, n)
		wantLP[p] = k.LogDensityGrad(wantGrad[p], points[p])
	}
	worst := 0.0
	for _, nt := range coopNTs {
		lps, grads := lib.eval(t, nt, false, points, n)
		bad := 0
		fail := func(format string, args ...any) {
			if bad++; bad <= 8 {
				t.Errorf("NT=%d: "+format, append([]any{nt}, args...)...)
			}
		}
		for p := range points {
			for th := 0; th < nt; th++ {
				if !same(lps[p][th], lps[p][0]) {
					fail("point %d: thread %d value %.17g, thread 0 %.17g", p, th, lps[p][th], lps[p][0])
				}
				for j := 0; j < n; j++ {
					if !same(grads[p][th][j], grads[p][0][j]) {
						fail("point %d: thread %d d/dq[%d] = %.17g, thread 0 %.17g", p, th, j, grads[p][th][j], grads[p][0][j])
					}
				}
			}
			worst = math.Max(worst, ctest.RelErr(lps[p][0], wantLP[p]))
			if !closeCoop(lps[p][0], wantLP[p]) {
				fail("point %d: C value %.17g, Go %.17g", p, lps[p][0], wantLP[p])
			}
			for j := 0; j < n; j++ {
				worst = math.Max(worst, ctest.RelErr(grads[p][0][j], wantGrad[p][j]))
				if !closeCoop(grads[p][0][j], wantGrad[p][j]) {
					fail("point %d: C d/dq[%d] = %.17g, Go %.17g", p, j, grads[p][0][j], wantGrad[p][j])
				}
			}
		}
		if bad > 8 {
			t.Errorf("NT=%d: %d disagreements in all", nt, bad)
		}
	}
	return worst
}

// TestEmitCoopVaryingIntercept runs the varying-intercept regression of
// models_test.go (N = 2000 rows) with 10 groups, whose gradient's
// scatter-add is a vector sum in red, and with 300 groups, more than
// coopScatterMax, where it is strided over the groups: no loop over the
// rows may run in one thread or in all, and the values match the kernel.
func TestEmitCoopVaryingIntercept(t *testing.T) {
	needPthreads(t)
	const n = 2000
	for _, c := range []struct {
		groups int
		split  emit.CoopSplit // the scatter-add's
	}{{10, emit.SplitVecSum}, {300, emit.SplitByOutput}} {
		t.Run(fmt.Sprintf("J=%d", c.groups), func(t *testing.T) {
			k, p := compileModel(t, irtest.VaryingIntercept(n, c.groups))
			src, err := emit.C(p, nil, emit.Options{Cooperative: true})
			if err != nil {
				t.Fatal(err)
			}
			scatter := false
			for _, st := range emit.CoopSteps(src) {
				if st.Extent >= n && (st.Split == emit.SplitEvery || st.Split == emit.SplitThread0) {
					t.Errorf("%s over %d rows runs in %s", st.Op, st.Extent, st.Split)
				}
				if st.Op == ir.OpScatterAdd {
					scatter = true
					if st.Split != c.split {
						t.Errorf("the scatter-add into %d groups is split as %s, want %s", c.groups, st.Split, c.split)
					}
				}
			}
			if !scatter {
				t.Fatal("no scatter-add in the gradient: the test tests nothing")
			}
			lib := buildCoop(t, src.Code, []coopProgram{{prefix: "bayes_"}}).program(0, "bayes_", src)
			rng := rand.New(rand.NewPCG(3, uint64(c.groups)))
			points := make([][]float64, 3)
			for i := range points {
				points[i] = randomPoint(rng, k.Dim())
			}
			worst := checkCoopProgram(t, lib, k, points)
			t.Logf("largest relative difference from the Go kernel %.2g", worst)
		})
	}
}

// TestEmitCoopGolden compares the cooperative functions of a small
// logistic regression (N = 20, D = 3) with testdata/emit/logistic_coop.c.golden,
// where the barriers can be read (go test -run TestEmitCoopGolden -update
// rewrites it; read the diff before committing).
func TestEmitCoopGolden(t *testing.T) {
	src, err := logisticModel(t, 20, 3).EmitC(emit.Options{NoPrelude: true, Cooperative: true})
	if err != nil {
		t.Fatal(err)
	}
	code := src.Code[bytes.Index(src.Code, []byte("BAYES_FN double bayes_log_density_grad_coop")):]
	code = code[:bytes.Index(code, []byte("#ifndef __CUDACC__"))]
	path := filepath.Join("testdata", "emit", "logistic_coop.c.golden")
	if *update {
		if err := os.WriteFile(path, code, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if !bytes.Equal(code, want) {
		t.Errorf("%s differs from the emitted C:\n%s", path, code)
	}
}

// optimizedProgram builds lp with b, differentiates and optimises it.
func optimizedProgram(t *testing.T, b *ir.Builder, build func() ir.Value) *ir.Program {
	t.Helper()
	var lp ir.Value
	err := ir.Build(func() error { lp = build(); return nil })
	var p *ir.Program
	if err == nil {
		p, err = ir.Grad(b, lp)
	}
	if err == nil {
		p, err = ir.Optimize(p)
	}
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// compileModel builds, differentiates, optimises (checking every pass) and
// compiles m.
func compileModel(t testing.TB, m irtest.Model) (*kernel.Kernel, *ir.Program) {
	t.Helper()
	p := m.Program(t)
	k, err := kernel.Compile(p)
	if err != nil {
		t.Fatalf("%s: compile: %v", m.Name, err)
	}
	return k, p
}
