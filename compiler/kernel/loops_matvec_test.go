package kernel

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestMatVecRowsInOrder: loopMatVec, four rows at a time, gives each row
// the dot product added term by term in order, bit for bit, for blocks
// that start anywhere and lengths that are not multiples of four.
func TestMatVecRowsInOrder(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 9))
	for _, tc := range []struct{ rows, cols, lo, n int }{{1, 1, 0, 1}, {7, 3, 0, 7}, {13, 24, 2, 11}, {40, 5, 4, 33}} {
		m := make([]float64, tc.rows*tc.cols)
		v := make([]float64, tc.cols)
		for i := range m {
			m[i] = rng.NormFloat64() * math.Exp(4*rng.NormFloat64())
		}
		for i := range v {
			v[i] = rng.NormFloat64()
		}
		d := make([]float64, tc.n)
		var a [maxSlots][]float64
		a[0], a[1] = m, v
		loopMatVec(d, &a, &instr{cols: tc.cols}, tc.lo)
		for j := range d {
			s := 0.0
			for k := range v {
				s += m[(tc.lo+j)*tc.cols+k] * v[k]
			}
			if math.Float64bits(d[j]) != math.Float64bits(s) {
				t.Errorf("%+v: row %d = %v, in order %v", tc, tc.lo+j, d[j], s)
			}
		}
	}
}

// TestMatTVecRowsInOrder: loopMatTVec, four rows at a time, adds each
// column's terms row by row in order into d, bit for bit, for blocks that
// start anywhere and row counts that are not multiples of four.
func TestMatTVecRowsInOrder(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	for _, tc := range []struct{ rows, cols, lo, n int }{{1, 1, 0, 1}, {7, 3, 0, 7}, {13, 24, 2, 11}, {40, 5, 4, 33}} {
		m := make([]float64, tc.rows*tc.cols)
		u := make([]float64, tc.n)
		for i := range m {
			m[i] = rng.NormFloat64() * math.Exp(4*rng.NormFloat64())
		}
		for i := range u {
			u[i] = rng.NormFloat64()
		}
		d := make([]float64, tc.cols)
		want := make([]float64, tc.cols)
		for k := range d {
			d[k] = rng.NormFloat64()
			want[k] = d[k]
		}
		var a [maxSlots][]float64
		a[0], a[1] = m, u
		loopMatTVec(d, &a, &instr{cols: tc.cols}, tc.lo)
		for j := range u {
			for k := range want {
				want[k] += u[j] * m[(tc.lo+j)*tc.cols+k]
			}
		}
		for k := range d {
			if math.Float64bits(d[k]) != math.Float64bits(want[k]) {
				t.Errorf("%+v: column %d = %v, in order %v", tc, k, d[k], want[k])
			}
		}
	}
}
