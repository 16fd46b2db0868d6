package compiler

import (
	"math"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"

	"github.com/bayes-dev/bayes/compiler/emit"
	"github.com/bayes-dev/bayes/compiler/extern"
	"github.com/bayes-dev/bayes/data"
	"github.com/bayes-dev/bayes/lang"
)

// TestReducePartition: the slices of reduce_sum depend on the size of x
// and the grainsize only: grainsize elements each, or more where that
// would make more than maxReduceSlices.
func TestReducePartition(t *testing.T) {
	for _, c := range []struct {
		n, g int
		want []int
	}{
		{5, 1, []int{1, 2, 3, 4, 5}},
		{5, 3, []int{3, 5}},
		{5, 5, []int{5}},
		{5, 9, []int{5}},
		{64, 1, []int{2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30, 32, 34, 36, 38, 40, 42, 44, 46, 48, 50, 52, 54, 56, 58, 60, 62, 64}},
		{20000, 1, nil}, // 32 slices of 625
		{20000, 5000, []int{5000, 10000, 15000, 20000}},
	} {
		got := reducePartition(c.n, c.g)
		if c.want == nil {
			for i := range maxReduceSlices {
				c.want = append(c.want, (i+1)*c.n/maxReduceSlices)
			}
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("reducePartition(%d, %d) = %v, want %v", c.n, c.g, got, c.want)
		}
	}
}

// logisticData writes data for logistic_*.bym: n rows of k standard
// normal predictors and outcomes drawn from the model at alpha = 0.3,
// beta_j = (-1)^j / j, from a fixed seed.
func logisticData(t testing.TB, n, k, grainsize int) string {
	rng := rand.New(rand.NewPCG(16, 2))
	x := make([][]float64, n)
	y := make([]int, n)
	for i := range x {
		x[i] = make([]float64, k)
		eta := 0.3
		for j := range x[i] {
			x[i][j] = rng.NormFloat64()
			eta += x[i][j] * math.Pow(-1, float64(j)) / float64(j+1)
		}
		if rng.Float64() < 1/(1+math.Exp(-eta)) {
			y[i] = 1
		}
	}
	return dataFile(t, "logistic.json", map[string]any{"N": n, "K": k, "y": y, "x": x, "grainsize": grainsize})
}

// TestReduceSumThreads: with 2 or 4 threads per chain, and with several
// chains at once, reduce_sum's log density and gradient are bit for bit
// those with 1 thread, at random points; and they are the model's written
// without reduce_sum, to rounding (the partial sums add in another order).
func TestReduceSumThreads(t *testing.T) {
	logistic := logisticData(t, 2000, 4, 1)
	for _, c := range []struct {
		name, model, plain, data string
		slices                   []int // slices of each call
	}{
		{"reduce", "reduce.bym", "reduce_plain.bym", higherTestdata("reduce.json"), []int{5, 2}},
		{"logistic", "logistic_reduce.bym", "logistic_plain.bym", logistic, []int{32}},
	} {
		t.Run(c.name, func(t *testing.T) {
			m := compileFiles(t, higherTestdata(c.model), c.data)
			var got []int
			for _, e := range m.Program.G.Externs {
				if r, ok := e.(*extern.ReduceSum); ok {
					got = append(got, len(r.Slices))
				}
			}
			if !slices.Equal(got, c.slices) {
				t.Fatalf("slices per call %v, want %v", got, c.slices)
			}
			sameForThreads(t, m, compileFiles(t, higherTestdata(c.plain), c.data).NewKernel(), 3)
		})
	}
}

// sameForThreads checks m at 4 random points (stream 16, stream): its
// log density and gradient with 1 thread per chain agree with plain's
// (the model written without reduce_sum or map_rect) to rounding, and
// with 2 and 4 threads, from 4 chains at once, are those with 1 thread,
// bit for bit.
func sameForThreads(t *testing.T, m *Model, kp *ModelKernel, stream uint64) {
	t.Helper()
	rng := rand.New(rand.NewPCG(16, stream))
	var qs [][]float64
	for range 4 {
		qs = append(qs, randomPoint(rng, kp.Dim()))
	}
	// eval returns lp and the gradient at each point, from a kernel of
	// its own.
	eval := func() [][]float64 {
		k := m.NewKernel()
		var out [][]float64
		for _, q := range qs {
			g := make([]float64, k.Dim()+1)
			g[k.Dim()] = k.LogDensityGrad(g[:k.Dim()], q)
			out = append(out, g)
		}
		return out
	}
	m.SetThreads(1)
	want := eval()
	gp := make([]float64, kp.Dim()+1)
	for p, q := range qs {
		gp[kp.Dim()] = kp.LogDensityGrad(gp[:kp.Dim()], q)
		for i, w := range want[p] {
			if math.Abs(w-gp[i]) > 1e-11*math.Max(1, math.Abs(gp[i])) {
				t.Errorf("point %d: [%d] (lp last) = %.17g, plain %.17g", p, i, w, gp[i])
			}
		}
	}
	for _, threads := range []int{2, 4} {
		m.SetThreads(threads)
		for _, e := range m.Program.G.Externs {
			switch r := e.(type) {
			case *extern.ReduceSum:
				if r.Threads != threads {
					t.Fatalf("SetThreads(%d): a reduce_sum extern has %d", threads, r.Threads)
				}
			case *extern.MapRect:
				if r.Threads != threads {
					t.Fatalf("SetThreads(%d): a map_rect extern has %d", threads, r.Threads)
				}
			}
		}
		got := make([][][]float64, 4) // 4 chains at once
		var wg sync.WaitGroup
		for ch := range got {
			wg.Go(func() {
				for range 3 {
					got[ch] = eval()
				}
			})
		}
		wg.Wait()
		for ch := range got {
			for p := range qs {
				for i, w := range want[p] {
					if math.Float64bits(got[ch][p][i]) != math.Float64bits(w) {
						t.Errorf("%d threads, chain %d, point %d: [%d] (lp last) = %.17g, with 1 thread %.17g", threads, ch, p, i, got[ch][p][i], w)
					}
				}
			}
		}
	}
}

// BenchmarkReduceSumGradient: the gradient of logistic regression, N =
// 20000 rows of K = 10 predictors, written with reduce_sum (32 slices)
// on 1 and 2 threads, and without it (plain, the baseline: one program,
// the same arithmetic but for the order of the sum).
func BenchmarkReduceSumGradient(b *testing.B) {
	js := logisticData(b, 20000, 10, 1)
	plain := compileFiles(b, higherTestdata("logistic_plain.bym"), js)
	reduce := compileFiles(b, higherTestdata("logistic_reduce.bym"), js)
	q := randomPoint(rand.New(rand.NewPCG(16, 4)), plain.Dim())
	benchThreads(b, plain, reduce, q)
}

// TestReduceSumSerialForC: the C emitter refuses reduce_sum's extern op
// with a message that says what runs it; compiled with Serial,
// as the C and CUDA samplers are, the model has no extern op, emits, and
// has the log density and gradient of the model written without
// reduce_sum, bit for bit (the same one call, inlined).
func TestReduceSumSerialForC(t *testing.T) {
	ms := serialForC(t, "reduce.bym", "reduce.json", "reduce_sum over threads runs on the CPU sampler only (--device cuda or c runs it as one call)")
	kp := compileFiles(t, higherTestdata("reduce_plain.bym"), higherTestdata("reduce.json")).NewKernel()
	k := ms.NewKernel()
	q := randomPoint(rand.New(rand.NewPCG(16, 5)), k.Dim())
	g, gp := make([]float64, k.Dim()), make([]float64, k.Dim())
	if lp, lpp := k.LogDensityGrad(g, q), kp.LogDensityGrad(gp, q); lp != lpp || !slices.Equal(g, gp) {
		t.Errorf("lp %.17g, gradient %v; plain %.17g, %v", lp, g, lpp, gp)
	}
}

// serialForC checks that the C emitter refuses the model's extern op with
// the message want, and that the model compiled with Serial, as the C and
// CUDA samplers compile it, has no extern op and emits; it returns that
// compiled model.
func serialForC(t *testing.T, model, dataFile, want string) *Model {
	t.Helper()
	m := compileFiles(t, higherTestdata(model), higherTestdata(dataFile))
	if _, err := m.EmitC(emit.Options{}); err == nil || err.Error() != want {
		t.Errorf("EmitC: %v, want %q", err, want)
	}
	p, err := lang.LoadModel(higherTestdata(model))
	if err != nil {
		t.Fatal(err)
	}
	d, err := data.ReadFile(p, higherTestdata(dataFile))
	if err != nil {
		t.Fatal(err)
	}
	ms, err := CompileModelOptions(p, d, 0, Options{Serial: true})
	if err != nil {
		t.Fatal(err)
	}
	if n := len(ms.Program.G.Externs); n != 0 {
		t.Errorf("%d extern ops with Serial, want 0", n)
	}
	if _, err := ms.EmitC(emit.Options{}); err != nil {
		t.Errorf("EmitC with Serial: %v", err)
	}
	return ms
}

// benchThreads times the gradient of plain, and of threaded on 1 and 2
// threads, at q (BenchmarkReduceSumGradient, BenchmarkMapRectGradient).
func benchThreads(b *testing.B, plain, threaded *Model, q []float64) {
	for _, c := range []struct {
		name    string
		m       *Model
		threads int
	}{
		{"plain", plain, 1},
		{"threads=1", threaded, 1},
		{"threads=2", threaded, 2},
	} {
		b.Run(c.name, func(b *testing.B) {
			c.m.SetThreads(c.threads)
			k := c.m.NewKernel()
			g := make([]float64, k.Dim())
			k.LogDensityGrad(g, q)
			b.ReportAllocs()
			for b.Loop() {
				k.LogDensityGrad(g, q)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N), "ns/gradient")
		})
	}
}
