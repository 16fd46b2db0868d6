package emit_test

import (
	"math"
	"testing"

	"github.com/bayes-dev/bayes/compiler/ir"
	"github.com/bayes-dev/bayes/library"
)

// The tolerance of the float32 tests: a first-order rounding-error bound
// (Higham, Accuracy and Stability of Numerical Algorithms, 2nd ed., §3.1
// and §4.2) evaluated alongside the values in double.
//
// Every operation of the float code returns its exact result on its
// (already rounded) inputs times (1 + δ), |δ| <= k u, u = 2^-24 (float's
// unit roundoff; k = 1 for + - * /, a few ulps for libm's float functions,
// and the prelude's helpers are backward stable: their result is the exact
// one of inputs perturbed by a few u). To first order the absolute error of
// a node v is then at most k u A(v), where
//
//	A(input) = |x|                       (q and the data are rounded to float once)
//	A(f(a_1..a_m)) = |f| + Σ_j |∂f/∂a_j| A(a_j)
//
// (the |f| term is f's own rounding, the sum propagates its arguments'
// errors, and since A(a) >= |a| it also covers the backward error of a
// helper, its condition number). A sum of n terms computed one after the
// other adds at most (n-1) u Σ|t_i| more; with rounding errors that are
// independent and of mean zero the bound λ√n u Σ|t_i| holds with
// probability at least 1 - 2exp(-λ²/2) (Higham & Mary, "A new approach to
// probabilistic rounding error analysis", SISC 41(5), 2019, Thm 3.1), so
// a sum's A adds √n Σ|t_i|. The derivatives of the elementwise ops are
// central differences of their Go Scalar functions (first order is all
// the bound needs). The tests then require
//
//	|lp32 - lp64| <= cF32 u A(lp),  |grad32_i - grad64_i| <= cF32 u A(adj_i),
//
// with cF32 = 8: k up to 4 ulps for a libm call (glibc's float functions
// are within 1-2 ulps; lgammaf near its zeros is the worst), λ = 2 on the
// sums. They log the largest ratio |err| / (u A) per model: how much of
// the bound the rounding used.
const (
	cF32 = 8.0
	uF32 = 0x1p-24
)

// f32Bound evaluates the graph's nodes at q in double and returns, for
// the node values, A of every node element (nil for a node not evaluated:
// the graph's nodes come in definition order, so every argument precedes
// its reader).
func f32Bound(t *testing.T, g *ir.Graph, q []float64) (val, mag [][]float64) {
	t.Helper()
	val, mag = make([][]float64, len(g.Nodes)), make([][]float64, len(g.Nodes))
	for v := range g.Nodes {
		n := &g.Nodes[v]
		info := n.Op.Info()
		L := n.Shape.Len()
		out, a := make([]float64, L), make([]float64, L)
		val[v], mag[v] = out, a
		arg := func(k int) ([]float64, []float64) { return val[n.Args[k]], mag[n.Args[k]] }
		switch {
		case n.Op == ir.OpConst:
			x, _ := g.IsConst(ir.Value(v))
			out[0], a[0] = x, math.Abs(x)
			continue
		case n.Op == ir.OpParam:
			copy(out, q[n.Aux:n.Aux+L])
		case n.Op == ir.OpData:
			copy(out, g.Data[n.Aux][:L])
		case info.Elementwise:
			f32Elementwise(n, info, val, mag, out, a)
			continue
		default:
			f32Structural(t, g, n, arg, out, a)
			continue
		}
		for i, x := range out {
			a[i] = math.Abs(x)
		}
	}
	return val, mag
}

func f32Elementwise(n *ir.Node, info *ir.OpInfo, val, mag [][]float64, out, a []float64) {
	var x, ax [ir.MaxArgs]float64
	for i := range out {
		for k := 0; k < info.Arity; k++ {
			vs, ms := val[n.Args[k]], mag[n.Args[k]]
			j := min(i, len(vs)-1) // a scalar broadcasts
			x[k], ax[k] = vs[j], ms[j]
		}
		f := info.Scalar(x[0], x[1], x[2], x[3], n.Aux)
		out[i] = f
		switch n.Op {
		case ir.OpLt, ir.OpLe, ir.OpEq, ir.OpNe, ir.OpSign:
			continue // exact, and locally constant
		case ir.OpSelect:
			if x[0] != 0 {
				a[i] = ax[1]
			} else {
				a[i] = ax[2]
			}
			continue
		}
		s := math.Abs(f)
		for k := 0; k < info.Arity; k++ {
			if ax[k] == 0 {
				continue
			}
			h := 1e-6 * math.Max(math.Abs(x[k]), 1)
			y := x
			y[k] = x[k] + h
			up := info.Scalar(y[0], y[1], y[2], y[3], n.Aux)
			y[k] = x[k] - h
			dn := info.Scalar(y[0], y[1], y[2], y[3], n.Aux)
			if d := math.Abs(up-dn) / (2 * h); !math.IsNaN(d) && !math.IsInf(d, 0) {
				s += d * ax[k]
			}
		}
		a[i] = s
	}
}

func f32Structural(t *testing.T, g *ir.Graph, n *ir.Node, arg func(int) ([]float64, []float64), out, a []float64) {
	t.Helper()
	x, ax := arg(0)
	sumMag := func(terms, mags []float64) (float64, float64) {
		s, m, abs := 0.0, 0.0, 0.0
		for i, t := range terms {
			s += t
			abs += math.Abs(t)
			m += mags[i]
		}
		return s, m + math.Sqrt(float64(len(terms)))*abs
	}
	switch n.Op {
	case ir.OpBcast:
		for i := range out {
			out[i], a[i] = x[0], ax[0]
		}
	case ir.OpSum:
		out[0], a[0] = sumMag(x, ax)
	case ir.OpDot:
		y, ay := arg(1)
		terms, mags := make([]float64, len(x)), make([]float64, len(x))
		for i := range x {
			terms[i] = x[i] * y[i]
			mags[i] = ax[i]*math.Abs(y[i]) + math.Abs(x[i])*ay[i] + math.Abs(terms[i])
		}
		out[0], a[0] = sumMag(terms, mags)
	case ir.OpGather:
		for i, j := range g.Index[n.Aux].Idx {
			out[i], a[i] = x[j], ax[j]
		}
	case ir.OpScatterAdd:
		abs, cnt := make([]float64, len(out)), make([]float64, len(out))
		for i, j := range g.Index[n.Aux].Idx {
			out[j] += x[i]
			a[j] += ax[i]
			abs[j] += math.Abs(x[i])
			cnt[j]++
		}
		for j := range a {
			a[j] += math.Sqrt(cnt[j]) * abs[j]
		}
	case ir.OpMatVec, ir.OpMatTVec:
		y, ay := arg(1)
		cols := g.Node(n.Args[0]).Shape.M
		rows := len(x) / cols
		abs, cnt := make([]float64, len(out)), float64(cols)
		if n.Op == ir.OpMatTVec {
			cnt = float64(rows)
		}
		for r := 0; r < rows; r++ {
			for c := 0; c < cols; c++ {
				m, am := x[r*cols+c], ax[r*cols+c]
				o, k := r, c // out[r] += M[r,c] y[c]
				if n.Op == ir.OpMatTVec {
					o, k = c, r // out[c] += M[r,c] y[r]
				}
				t := m * y[k]
				out[o] += t
				a[o] += am*math.Abs(y[k]) + math.Abs(m)*ay[k] + math.Abs(t)
				abs[o] += math.Abs(t)
			}
		}
		for o := range a {
			a[o] += math.Sqrt(cnt) * abs[o]
		}
	case ir.OpElem:
		out[0], a[0] = x[n.Aux], ax[n.Aux]
	case ir.OpConcat:
		y, ay := arg(1)
		copy(out, x)
		copy(a, ax)
		copy(out[len(x):], y)
		copy(a[len(x):], ay)
	case ir.OpLseShift:
		// the shift cancels in the log-sum-exp it serves; its own error is
		// that of the element it picks
		out[0], a[0] = library.LseShift(x), 0
		for i := range x {
			if x[i] == out[0] {
				a[0] = ax[i]
				break
			}
		}
	case ir.OpProd:
		p := 1.0
		for _, xi := range x {
			p *= xi
		}
		out[0] = p
		a[0] = math.Abs(p) * float64(len(x))
		for i, xi := range x {
			if xi != 0 {
				a[0] += math.Abs(p/xi) * ax[i]
			}
		}
	case ir.OpMaxOf, ir.OpMinOf:
		best := 0
		for i := range x {
			if (n.Op == ir.OpMaxOf && x[i] > x[best]) || (n.Op == ir.OpMinOf && x[i] < x[best]) {
				best = i
			}
		}
		out[0], a[0] = x[best], ax[best]
	case ir.OpCumSum:
		s, m := 0.0, 0.0
		for i := range x {
			s += x[i]
			m += ax[i] + math.Abs(s)
			out[i], a[i] = s, m
		}
	default:
		t.Fatalf("f32Bound: no rule for %s", n.Op.Info().Name)
	}
}
