package ode

import "math"

// lu is the LU factorisation with partial pivoting of a small dense n×n
// matrix, for the stiff solver's Newton and sensitivity systems.
type lu struct {
	n   int
	a   []float64 // L below the diagonal (unit diagonal implied), U on and above
	piv []int
}

func newLU(n int) *lu { return &lu{n: n, a: make([]float64, n*n), piv: make([]int, n)} }

// factor factors m (row-major, not modified); false when it is singular.
func (f *lu) factor(m []float64) bool {
	n, a := f.n, f.a
	copy(a, m)
	for k := 0; k < n; k++ {
		p, best := k, math.Abs(a[k*n+k])
		for i := k + 1; i < n; i++ {
			if v := math.Abs(a[i*n+k]); v > best {
				p, best = i, v
			}
		}
		if !(best > 0) {
			return false
		}
		f.piv[k] = p
		if p != k {
			for j := 0; j < n; j++ {
				a[k*n+j], a[p*n+j] = a[p*n+j], a[k*n+j]
			}
		}
		inv := 1 / a[k*n+k]
		for i := k + 1; i < n; i++ {
			l := a[i*n+k] * inv
			a[i*n+k] = l
			if l == 0 {
				continue
			}
			for j := k + 1; j < n; j++ {
				a[i*n+j] -= l * a[k*n+j]
			}
		}
	}
	return true
}

// solve overwrites b (length n) with the solution of m x = b.
func (f *lu) solve(b []float64) {
	n, a := f.n, f.a
	for k := 0; k < n; k++ {
		if p := f.piv[k]; p != k {
			b[k], b[p] = b[p], b[k]
		}
	}
	for i := 1; i < n; i++ {
		s := b[i]
		for j := 0; j < i; j++ {
			s -= a[i*n+j] * b[j]
		}
		b[i] = s
	}
	for i := n - 1; i >= 0; i-- {
		s := b[i]
		for j := i + 1; j < n; j++ {
			s -= a[i*n+j] * b[j]
		}
		b[i] = s / a[i*n+i]
	}
}

// solveCols overwrites the n×p row-major matrix b with m⁻¹ b, column by column.
func (f *lu) solveCols(b []float64, p int, col []float64) {
	for j := 0; j < p; j++ {
		for i := 0; i < f.n; i++ {
			col[i] = b[i*p+j]
		}
		f.solve(col)
		for i := 0; i < f.n; i++ {
			b[i*p+j] = col[i]
		}
	}
}

// iterMatrix writes I − c·J into m.
func iterMatrix(m, jy []float64, n int, c float64) {
	for i := range m {
		m[i] = -c * jy[i]
	}
	for i := 0; i < n; i++ {
		m[i*n+i]++
	}
}
