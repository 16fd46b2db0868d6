package kernel

import (
	"math"

	"github.com/bayes-dev/bayes/compiler/ir"
	"github.com/bayes-dev/bayes/library"
)

// Kernel loops: how the CPU evaluates each op over one block (see loopFunc
// in kernel.go). An argument slice of length 1 is a broadcast scalar. Every
// loop computes exactly what the op's Scalar function computes, element by
// element, so build-time folding and run time agree bit for bit; the
// specialised loops only hoist the broadcast and the dispatch.

// opLoops is each op's kernel loop: the specialised loops below, the
// loop over the function of a one-argument op (OpInfo.Unary), and for the
// other elementwise ops loopGeneric. Every structural op has one (TestOpTable).
var opLoops = func() [ir.MaxOps]loopFunc {
	t := [ir.MaxOps]loopFunc{
		ir.OpAdd:        loopAdd,
		ir.OpSub:        loopSub,
		ir.OpMul:        loopMul,
		ir.OpDiv:        loopDiv,
		ir.OpNeg:        loopNeg,
		ir.OpSquare:     loopSquare,
		ir.OpBcast:      loopBcast,
		ir.OpSum:        loopSum,
		ir.OpDot:        loopDot,
		ir.OpGather:     loopGather,
		ir.OpScatterAdd: loopScatterAdd,
		ir.OpMatVec:     loopMatVec,
		ir.OpMatTVec:    loopMatTVec,
		ir.OpElem:       loopElem,
		ir.OpConcat:     loopConcat,
		ir.OpLseShift:   loopLseShift,
		ir.OpExpSub:     loopExpSub,
		ir.OpProd:       loopProd,
		ir.OpMaxOf:      loopMax,
		ir.OpMinOf:      loopMin,
		ir.OpCumSum:     loopCumSum,
	}
	for k, l := range kernelLoops {
		t[ir.LibraryOp(k)] = l
	}
	for op := ir.Op(0); op < ir.NumOps(); op++ {
		info := op.Info()
		switch {
		case t[op] != nil || !info.Elementwise:
		case info.Unary != nil:
			t[op] = unaryLoop(info.Unary)
		default:
			t[op] = loopGeneric
		}
	}
	return t
}()

// scaleOf is each op's library.Scale (form NoScaleForm for most): the ops
// whose loops, σ's tables (sigmaTables) and family loops (families.go)
// compute 1/σ and log σ once; scalePartials likewise each op's
// library.ScalePartials. scaleLoops are the loops of the forms.
var scaleOf, scalePartials = func() (t [ir.MaxOps]library.Scale, p [ir.MaxOps]*library.ScalePartials) {
	for _, k := range library.Kernels() {
		if k.Scale != nil {
			t[ir.LibraryOp(k)] = *k.Scale
		}
		p[ir.LibraryOp(k)] = k.ScalePartials
	}
	return t, p
}()

// kernelLoops are the loops of library ops that do better than the
// generic loop over the scalar function: those of their scale forms.
var kernelLoops = func() map[*library.Kernel]loopFunc {
	m := map[*library.Kernel]loopFunc{}
	for _, k := range library.Kernels() {
		if k.Scale != nil && scaleLoops[k.Scale.Form] != nil {
			m[k] = scaleLoops[k.Scale.Form]
		}
	}
	return m
}()

var scaleLoops = [...]loopFunc{
	library.HalfSquare:     loopHalfSquare,
	library.ZOverScale:     loopZOverScale,
	library.SquareMinusOne: loopSquareMinusOne,
	library.Log1pSquare:    nil, // scalar only, with σ's table of log σ (sigmaTables)
}

// The forms of library.ScaleForm, each the expression its doc gives, from
// 1/σ (inv), log σ (ls) and σ itself (Log1pSquare divides).
func halfSquare(y, mu, inv, ls, c float64) float64 {
	z := (y - mu) * inv
	return -0.5*z*z - ls - c
}

func zOverScale(y, mu, inv float64) float64 { return (y - mu) * inv * inv }

func squareMinusOne(y, mu, inv float64) float64 {
	z := (y - mu) * inv
	return (z*z - 1) * inv
}

func log1pSquare(y, mu, sigma, ls, c float64) float64 {
	z := (y - mu) / sigma
	return -c - ls - math.Log1p(z*z)
}

// loopGeneric evaluates any elementwise op through its Scalar function.
func loopGeneric(d []float64, a *[maxSlots][]float64, in *instr, _ int) {
	f := in.op.Info().Scalar
	var x [ir.MaxArgs]float64
	for j := range d {
		for i := 0; i < in.nargs; i++ {
			if s := a[i]; len(s) == 1 {
				x[i] = s[0]
			} else {
				x[i] = s[j]
			}
		}
		d[j] = f(x[0], x[1], x[2], x[3], in.aux)
	}
}

// at reads element j of an argument, or its only element when broadcast.
func at(s []float64, j int) float64 {
	if len(s) == 1 {
		return s[0]
	}
	return s[j]
}

func unaryLoop(f func(float64) float64) loopFunc {
	return func(d []float64, a *[maxSlots][]float64, _ *instr, _ int) {
		x := a[0]
		if len(x) == 1 {
			v := f(x[0])
			for j := range d {
				d[j] = v
			}
			return
		}
		x = x[:len(d)]
		for j := range d {
			d[j] = f(x[j])
		}
	}
}

func loopAdd(d []float64, a *[maxSlots][]float64, _ *instr, _ int) {
	x, y := a[0], a[1]
	switch {
	case len(x) == 1:
		s, y := x[0], y[:len(d)]
		for j := range d {
			d[j] = s + y[j]
		}
	case len(y) == 1:
		s, x := y[0], x[:len(d)]
		for j := range d {
			d[j] = x[j] + s
		}
	default:
		x, y = x[:len(d)], y[:len(d)]
		for j := range d {
			d[j] = x[j] + y[j]
		}
	}
}

func loopSub(d []float64, a *[maxSlots][]float64, _ *instr, _ int) {
	x, y := a[0], a[1]
	switch {
	case len(x) == 1:
		s, y := x[0], y[:len(d)]
		for j := range d {
			d[j] = s - y[j]
		}
	case len(y) == 1:
		s, x := y[0], x[:len(d)]
		for j := range d {
			d[j] = x[j] - s
		}
	default:
		x, y = x[:len(d)], y[:len(d)]
		for j := range d {
			d[j] = x[j] - y[j]
		}
	}
}

func loopMul(d []float64, a *[maxSlots][]float64, _ *instr, _ int) {
	x, y := a[0], a[1]
	switch {
	case len(x) == 1:
		s, y := x[0], y[:len(d)]
		for j := range d {
			d[j] = s * y[j]
		}
	case len(y) == 1:
		s, x := y[0], x[:len(d)]
		for j := range d {
			d[j] = x[j] * s
		}
	default:
		x, y = x[:len(d)], y[:len(d)]
		for j := range d {
			d[j] = x[j] * y[j]
		}
	}
}

func loopDiv(d []float64, a *[maxSlots][]float64, _ *instr, _ int) {
	x, y := a[0], a[1]
	switch {
	case len(x) == 1:
		s, y := x[0], y[:len(d)]
		for j := range d {
			d[j] = s / y[j]
		}
	case len(y) == 1:
		s, x := y[0], x[:len(d)]
		for j := range d {
			d[j] = x[j] / s
		}
	default:
		x, y = x[:len(d)], y[:len(d)]
		for j := range d {
			d[j] = x[j] / y[j]
		}
	}
}

func loopNeg(d []float64, a *[maxSlots][]float64, _ *instr, _ int) {
	x := a[0]
	if len(x) == 1 {
		v := -x[0]
		for j := range d {
			d[j] = v
		}
		return
	}
	x = x[:len(d)]
	for j := range d {
		d[j] = -x[j]
	}
}

// loopHalfSquare (library.HalfSquare) hoists log σ and 1/σ when σ is a
// broadcast scalar, the common case of a regression's residual scale.
//
// With the tables of 1/σ and log σ of a read-only σ (sigmaTables: in.nargs
// is 5), it reads them where the form would compute them.
func loopHalfSquare(d []float64, a *[maxSlots][]float64, in *instr, lo int) {
	y, mu, sigma := a[0], a[1], a[2]
	c := in.c
	if in.nargs == 5 && len(a[3]) == 1 {
		inv, ls := a[3][0], a[4][0]
		for j := range d {
			z := (at(y, j) - at(mu, j)) * inv
			d[j] = -0.5*z*z - ls - c
		}
		return
	}
	if in.nargs == 5 && len(d) > 1 {
		inv, ls := a[3][:len(d)], a[4][:len(d)]
		for j := range d {
			z := (at(y, j) - at(mu, j)) * inv[j]
			d[j] = -0.5*z*z - ls[j] - c
		}
		return
	}
	if len(sigma) != 1 || len(d) == 1 {
		for j := range d {
			s := at(sigma, j)
			d[j] = halfSquare(at(y, j), at(mu, j), 1/s, math.Log(s), c)
		}
		return
	}
	inv := 1 / sigma[0]
	ls := math.Log(sigma[0])
	switch {
	case len(y) == 1:
		yv, mu := y[0], mu[:len(d)]
		for j := range d {
			z := (yv - mu[j]) * inv
			d[j] = -0.5*z*z - ls - c
		}
	case len(mu) == 1:
		m, y := mu[0], y[:len(d)]
		for j := range d {
			z := (y[j] - m) * inv
			d[j] = -0.5*z*z - ls - c
		}
	default:
		y, mu = y[:len(d)], mu[:len(d)]
		for j := range d {
			z := (y[j] - mu[j]) * inv
			d[j] = -0.5*z*z - ls - c
		}
	}
}

func loopBcast(d []float64, a *[maxSlots][]float64, _ *instr, _ int) {
	v := a[0][0]
	for j := range d {
		d[j] = v
	}
}

// loopSum adds with four accumulators: a single one would make the loop
// wait on the latency of each addition. The order is fixed, so the result
// is deterministic.
func loopSum(d []float64, a *[maxSlots][]float64, _ *instr, _ int) {
	x := a[0]
	var s0, s1, s2, s3 float64
	j := 0
	for ; j+4 <= len(x); j += 4 {
		v := x[j : j+4 : j+4]
		s0 += v[0]
		s1 += v[1]
		s2 += v[2]
		s3 += v[3]
	}
	for ; j < len(x); j++ {
		s0 += x[j]
	}
	d[0] += (s0 + s1) + (s2 + s3)
}

func loopDot(d []float64, a *[maxSlots][]float64, _ *instr, _ int) {
	x, y := a[0], a[1]
	y = y[:len(x)]
	var s0, s1, s2, s3 float64
	j := 0
	for ; j+4 <= len(x); j += 4 {
		v, w := x[j:j+4:j+4], y[j:j+4:j+4]
		s0 += v[0] * w[0]
		s1 += v[1] * w[1]
		s2 += v[2] * w[2]
		s3 += v[3] * w[3]
	}
	for ; j < len(x); j++ {
		s0 += x[j] * y[j]
	}
	d[0] += (s0 + s1) + (s2 + s3)
}

func loopSquare(d []float64, a *[maxSlots][]float64, _ *instr, _ int) {
	x := a[0]
	if len(x) == 1 {
		v := x[0] * x[0]
		for j := range d {
			d[j] = v
		}
		return
	}
	x = x[:len(d)]
	for j, v := range x {
		d[j] = v * v
	}
}

func loopGather(d []float64, a *[maxSlots][]float64, in *instr, lo int) {
	x := a[0]
	idx := in.idx[lo : lo+len(d)]
	for j, i := range idx {
		d[j] = x[i]
	}
}

func loopScatterAdd(d []float64, a *[maxSlots][]float64, in *instr, lo int) {
	v := a[0]
	idx := in.idx[lo : lo+len(v)]
	for j, i := range idx {
		d[i] += v[j]
	}
}

// loopMatVec computes four rows at a time: each row's dot product adds
// its terms in order, as one row alone would (bit for bit), but four
// independent sums keep the adder busy where one would wait on each
// addition's latency.
func loopMatVec(d []float64, a *[maxSlots][]float64, in *instr, lo int) {
	m, v, c := a[0], a[1], in.cols
	v = v[:c]
	j := 0
	for ; j+4 <= len(d); j += 4 {
		r := (lo + j) * c
		r0, r1, r2, r3 := m[r:r+c], m[r+c:r+2*c], m[r+2*c:r+3*c], m[r+3*c:r+4*c]
		var s0, s1, s2, s3 float64
		for k, x := range v {
			s0 += r0[k] * x
			s1 += r1[k] * x
			s2 += r2[k] * x
			s3 += r3[k] * x
		}
		d[j], d[j+1], d[j+2], d[j+3] = s0, s1, s2, s3
	}
	for ; j < len(d); j++ {
		row := m[(lo+j)*c : (lo+j+1)*c]
		s := 0.0
		for k, x := range row {
			s += x * v[k]
		}
		d[j] = s
	}
}

// loopMatTVec adds four rows at a time into d: each d[k] takes the four
// rows' terms in row order, as one row at a time would (bit for bit), but
// d[k] is loaded and stored once per four rows instead of once per row
// (the adjoint of a tall data matrix times a parameter vector: prophet's
// X' * adj, 1169 x 34).
func loopMatTVec(d []float64, a *[maxSlots][]float64, in *instr, lo int) {
	m, u, c := a[0], a[1], in.cols
	d = d[:c]
	j := 0
	for ; j+4 <= len(u); j += 4 {
		r := (lo + j) * c
		r0, r1, r2, r3 := m[r:r+c], m[r+c:r+2*c], m[r+2*c:r+3*c], m[r+3*c:r+4*c]
		w0, w1, w2, w3 := u[j], u[j+1], u[j+2], u[j+3]
		for k := range d {
			d[k] = d[k] + w0*r0[k] + w1*r1[k] + w2*r2[k] + w3*r3[k]
		}
	}
	for ; j < len(u); j++ {
		w := u[j]
		row := m[(lo+j)*c : (lo+j+1)*c]
		for k, x := range row {
			d[k] += w * x
		}
	}
}

// loopZOverScale and loopSquareMinusOne (library.ZOverScale,
// SquareMinusOne) hoist 1/σ for a broadcast σ and otherwise compute
// exactly their form. With the table of 1/σ of a read-only σ (sigmaTables:
// in.nargs is 5), they read it where the form would divide.
func loopZOverScale(d []float64, a *[maxSlots][]float64, in *instr, lo int) {
	y, mu, sigma := a[0], a[1], a[2]
	if in.nargs == 5 && len(a[3]) == 1 {
		inv := a[3][0]
		for j := range d {
			d[j] = (at(y, j) - at(mu, j)) * inv * inv
		}
		return
	}
	if in.nargs == 5 && len(d) > 1 {
		invs := a[3][:len(d)]
		for j := range d {
			inv := invs[j]
			d[j] = (at(y, j) - at(mu, j)) * inv * inv
		}
		return
	}
	if len(sigma) != 1 || len(y) == 1 || len(mu) == 1 {
		for j := range d {
			d[j] = zOverScale(at(y, j), at(mu, j), 1/at(sigma, j))
		}
		return
	}
	inv := 1 / sigma[0]
	y, mu = y[:len(d)], mu[:len(d)]
	for j := range d {
		d[j] = (y[j] - mu[j]) * inv * inv
	}
}

func loopSquareMinusOne(d []float64, a *[maxSlots][]float64, in *instr, lo int) {
	y, mu, sigma := a[0], a[1], a[2]
	if in.nargs == 5 && len(a[3]) == 1 {
		inv := a[3][0]
		for j := range d {
			z := (at(y, j) - at(mu, j)) * inv
			d[j] = (z*z - 1) * inv
		}
		return
	}
	if in.nargs == 5 && len(d) > 1 {
		invs := a[3][:len(d)]
		for j := range d {
			inv := invs[j]
			z := (at(y, j) - at(mu, j)) * inv
			d[j] = (z*z - 1) * inv
		}
		return
	}
	if len(sigma) != 1 || len(y) == 1 || len(mu) == 1 {
		for j := range d {
			d[j] = squareMinusOne(at(y, j), at(mu, j), 1/at(sigma, j))
		}
		return
	}
	inv := 1 / sigma[0]
	y, mu = y[:len(d)], mu[:len(d)]
	for j := range d {
		z := (y[j] - mu[j]) * inv
		d[j] = (z*z - 1) * inv
	}
}

// The reductions and the scan read their argument whole (ir.Streamed), so each loop sees the full vector whatever the block.

func loopProd(d []float64, a *[maxSlots][]float64, _ *instr, _ int) {
	p := 1.0
	for _, v := range a[0] {
		p *= v
	}
	d[0] = p
}

// loopMax returns NaN if any element is NaN, as Stan's max does.
func loopMax(d []float64, a *[maxSlots][]float64, _ *instr, _ int) {
	m := math.Inf(-1)
	for _, v := range a[0] {
		if !(v <= m) {
			m = v
		}
		if math.IsNaN(v) {
			break
		}
	}
	d[0] = m
}

func loopMin(d []float64, a *[maxSlots][]float64, _ *instr, _ int) {
	m := math.Inf(1)
	for _, v := range a[0] {
		if !(v >= m) {
			m = v
		}
		if math.IsNaN(v) {
			break
		}
	}
	d[0] = m
}

// loopCumSum writes elements lo..lo+len(d) of the running sum; a block
// after the first adds the elements before it first (no carry is kept
// between blocks, so a Kernel stays reentrant block by block).
func loopCumSum(d []float64, a *[maxSlots][]float64, _ *instr, lo int) {
	x := a[0]
	s := 0.0
	for _, v := range x[:lo] {
		s += v
	}
	for j := range d {
		s += x[lo+j]
		d[j] = s
	}
}

func loopElem(d []float64, a *[maxSlots][]float64, in *instr, _ int) {
	d[0] = a[0][in.aux]
}

func loopConcat(d []float64, a *[maxSlots][]float64, in *instr, lo int) {
	x, y := a[0], a[1]
	for j := range d {
		if p := lo + j; p < in.aux {
			d[j] = x[p]
		} else {
			d[j] = y[p-in.aux]
		}
	}
}

// loopExpSub is exp(a - c), its shift c hoisted when it is a broadcast
// scalar (a log-sum-exp's shift always is).
func loopExpSub(d []float64, a *[maxSlots][]float64, _ *instr, _ int) {
	x, c := a[0], a[1]
	if len(x) == 1 {
		x0 := x[0]
		for j := range d {
			d[j] = math.Exp(x0 - c[j])
		}
		return
	}
	x = x[:len(d)]
	if len(c) == 1 {
		c0 := c[0]
		for j := range d {
			d[j] = math.Exp(x[j] - c0)
		}
		return
	}
	c = c[:len(d)]
	for j := range d {
		d[j] = math.Exp(x[j] - c[j])
	}
}

func loopLseShift(d []float64, a *[maxSlots][]float64, _ *instr, _ int) {
	d[0] = library.LseShift(a[0])
}

// loopExpSubShift is the loop of exponentials exp_sub(x, c) that also
// computes their shift c = lse_shift(x), where the kernel runs the two as
// one instruction (planShifts), a[1] being c's slot: it takes c = x_0
// when that is finite, with no pass over x, and checks in its loop that
// no x_i lies more than library.LseShiftSpan above c; if one does, c
// becomes the max rule and the loop starts over. Either way c and the
// exponentials are those of library.LseShift, which decides by the same
// comparison.
func loopExpSubShift(d []float64, a *[maxSlots][]float64, _ *instr, _ int) {
	x, cs := a[0][:len(d)], a[1]
	c := x[0]
	if math.IsInf(c, 0) || math.IsNaN(c) {
		c = library.LseShift(x)
	}
	cs[0] = c
	for j := range d {
		v := x[j] - c
		if v > library.LseShiftSpan {
			c = library.LseMaxShift(x)
			cs[0] = c
			for j := range d {
				d[j] = math.Exp(x[j] - c)
			}
			return
		}
		d[j] = math.Exp(v)
	}
}
