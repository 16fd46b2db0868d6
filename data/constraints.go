package data

import (
	"fmt"
	"math"

	"github.com/bayes-dev/bayes/lang"
)

// The constrained data types' checks, one function per type (Stan
// Reference Manual, "Constrained data types"), which Load applies to
// each value of a variable of such a type.

// constraintCheck validates one value of a constrained type: x holds its
// elements row-major, n its length (or rows), m its columns (1 for vectors).
// at names an element by its 1-based indexes within the value. It returns ""
// or a phrase saying what is wrong, which reads after `"theta" `.
type constraintCheck func(x []float64, n, m int, at func(i ...int) string) string

// constraintTolerance is Stan's CONSTRAINT_TOLERANCE (stan/math/prim/err/constraint_tolerance.hpp).
const constraintTolerance = 1e-8

// constraintChecks is the table of constrained data types, after Stan Math's
// check_simplex, check_unit_vector, check_ordered, check_positive_ordered,
// check_cholesky_factor, check_cholesky_factor_corr, check_cov_matrix,
// check_corr_matrix, check_sum_to_zero, check_stochastic_row and
// check_stochastic_column (stan/math/prim/err/), in the order they test.
var constraintChecks = map[lang.DeclKind]constraintCheck{
	lang.DeclSimplex:            checkSimplex,
	lang.DeclUnitVector:         checkUnitVector,
	lang.DeclOrdered:            checkOrdered,
	lang.DeclPositiveOrdered:    checkPositiveOrdered,
	lang.DeclCholeskyFactorCov:  checkCholeskyFactor,
	lang.DeclCholeskyFactorCorr: checkCholeskyFactorCorr,
	lang.DeclCovMatrix:          checkCovMatrix,
	lang.DeclCorrMatrix:         checkCorrMatrix,
	lang.DeclSumToZeroVector:    checkSumToZero,

	lang.DeclRowStochasticMatrix:    checkStochastic(true),
	lang.DeclColumnStochasticMatrix: checkStochastic(false),
	lang.DeclSumToZeroMatrix:        checkSumToZeroMatrix,
}

// checkStochastic is Stan Math's check_stochastic_row (byRow) or
// check_stochastic_column: a matrix with elements whose every row (column)
// is a simplex, line by line its elements nonnegative, then its sum 1
// within CONSTRAINT_TOLERANCE, as checkSimplex's.
func checkStochastic(byRow bool) constraintCheck {
	kind, line := "column_stochastic_matrix", "column"
	if byRow {
		kind, line = "row_stochastic_matrix", "row"
	}
	return func(x []float64, n, m int, at func(i ...int) string) string {
		if n == 0 || m == 0 {
			return fmt.Sprintf("has no elements; a %s needs at least one row and one column", kind)
		}
		lines, length := m, n
		if byRow {
			lines, length = n, m
		}
		for l := range lines {
			sum := 0.0
			for k := range length {
				i, j := k, l
				if byRow {
					i, j = l, k
				}
				if v := x[i*m+j]; !(v >= 0) {
					return fmt.Sprintf("has %s = %s; a %s has no negative elements", at(i+1, j+1), formatReal(v), kind)
				}
				sum += x[i*m+j]
			}
			if !(math.Abs(1-sum) <= constraintTolerance) {
				return fmt.Sprintf("has %s %d summing to %s; each %s of a %s sums to 1 within 1e-8", line, l+1, formatReal10(sum), line, kind)
			}
		}
		return ""
	}
}

// checkSumToZeroMatrix is check_sum_to_zero of a matrix (Stan 2.37):
// every row, then every column, sums to 0 within CONSTRAINT_TOLERANCE.
func checkSumToZeroMatrix(x []float64, n, m int, _ func(i ...int) string) string {
	if n == 0 || m == 0 {
		return "has no elements; a sum_to_zero_matrix needs at least one row and one column"
	}
	rows, cols := make([]float64, n), make([]float64, m)
	for i := range n {
		for j := range m {
			rows[i] += x[i*m+j]
			cols[j] += x[i*m+j]
		}
	}
	for _, l := range []struct {
		name string
		sums []float64
	}{{"row", rows}, {"column", cols}} {
		for k, sum := range l.sums {
			if !(math.Abs(sum) <= constraintTolerance) {
				return fmt.Sprintf("has %s %d summing to %s; each row and column of a sum_to_zero_matrix sums to 0 within 1e-8", l.name, k+1, formatReal10(sum))
			}
		}
	}
	return ""
}

// checkSumToZero is Stan Math's check_sum_to_zero: the elements sum to 0
// within CONSTRAINT_TOLERANCE.
func checkSumToZero(x []float64, n, _ int, _ func(i ...int) string) string {
	if n == 0 {
		return "has no elements; a sum_to_zero_vector needs at least one"
	}
	sum := 0.0
	for _, v := range x {
		sum += v
	}
	if !(math.Abs(sum) <= constraintTolerance) {
		return fmt.Sprintf("sums to %s; a sum_to_zero_vector sums to 0 within 1e-8", formatReal10(sum))
	}
	return ""
}

func checkSimplex(x []float64, n, _ int, at func(i ...int) string) string {
	if n == 0 {
		return "has no elements; a simplex needs at least one"
	}
	sum := 0.0
	for _, v := range x {
		sum += v
	}
	if math.Abs(1-sum) > constraintTolerance {
		return fmt.Sprintf("sums to %s; a simplex sums to 1 within 1e-8", formatReal10(sum))
	}
	for i, v := range x {
		if v < 0 {
			return fmt.Sprintf("has %s = %s; a simplex has no negative elements", at(i+1), formatReal(v))
		}
	}
	return ""
}

func checkUnitVector(x []float64, n, _ int, _ func(i ...int) string) string {
	if n == 0 {
		return "has no elements; a unit_vector needs at least one"
	}
	ss := 0.0
	for _, v := range x {
		ss += v * v
	}
	if math.Abs(1-ss) > constraintTolerance {
		return fmt.Sprintf("has a sum of squares of %s; a unit_vector's is 1 within 1e-8", formatReal10(ss))
	}
	return ""
}

func checkOrdered(x []float64, _, _ int, at func(i ...int) string) string {
	for i := 1; i < len(x); i++ {
		if !(x[i] > x[i-1]) {
			return fmt.Sprintf("has %s = %s, not greater than %s = %s; an ordered vector is strictly increasing",
				at(i+1), formatReal(x[i]), at(i), formatReal(x[i-1]))
		}
	}
	return ""
}

func checkPositiveOrdered(x []float64, n, m int, at func(i ...int) string) string {
	if len(x) > 0 && x[0] < 0 {
		return fmt.Sprintf("has %s = %s; a positive_ordered vector has no negative elements", at(1), formatReal(x[0]))
	}
	return checkOrdered(x, n, m, at)
}

func checkCholeskyFactor(x []float64, n, m int, at func(i ...int) string) string {
	for i := range n {
		for j := i + 1; j < m; j++ {
			if x[i*m+j] != 0 {
				return fmt.Sprintf("has %s = %s above the diagonal; a Cholesky factor is lower triangular", at(i+1, j+1), formatReal(x[i*m+j]))
			}
		}
	}
	for i := range min(n, m) {
		if !(x[i*m+i] > 0) {
			return fmt.Sprintf("has %s = %s on the diagonal; a Cholesky factor's diagonal is positive", at(i+1, i+1), formatReal(x[i*m+i]))
		}
	}
	return ""
}

func checkCholeskyFactorCorr(x []float64, n, m int, at func(i ...int) string) string {
	if msg := checkCholeskyFactor(x, n, m, at); msg != "" {
		return msg
	}
	for i := range n {
		ss := 0.0
		for _, v := range x[i*m : (i+1)*m] {
			ss += v * v
		}
		if math.Abs(1-ss) > constraintTolerance {
			return fmt.Sprintf("has a row %s with a sum of squares of %s; each row of a cholesky_factor_corr has a sum of squares of 1 within 1e-8", at(i+1), formatReal10(ss))
		}
	}
	return ""
}

func checkCovMatrix(x []float64, n, _ int, at func(i ...int) string) string {
	for i := range n {
		for j := i + 1; j < n; j++ {
			if math.Abs(x[i*n+j]-x[j*n+i]) > constraintTolerance {
				return fmt.Sprintf("is not symmetric: %s = %s but %s = %s", at(i+1, j+1), formatReal(x[i*n+j]), at(j+1, i+1), formatReal(x[j*n+i]))
			}
		}
	}
	if n == 0 {
		return "has no rows; a covariance or correlation matrix needs at least one"
	}
	if row := choleskyFails(x, n); row > 0 {
		return fmt.Sprintf("is not positive definite (its Cholesky factorisation fails at row %d)", row)
	}
	return ""
}

func checkCorrMatrix(x []float64, n, m int, at func(i ...int) string) string {
	for i := range n {
		if math.Abs(x[i*n+i]-1) > constraintTolerance {
			return fmt.Sprintf("has %s = %s; a correlation matrix has 1 on its diagonal (within 1e-8)", at(i+1, i+1), formatReal(x[i*n+i]))
		}
	}
	return checkCovMatrix(x, n, m, at)
}

// choleskyFails runs the Cholesky–Banachiewicz factorisation of the
// symmetric n×n matrix a (row-major, lower triangle used) and returns the
// 1-based row where a pivot is not positive, or 0 when a is positive definite.
func choleskyFails(a []float64, n int) int {
	l := make([]float64, n*n)
	for i := range n {
		for j := 0; j <= i; j++ {
			s := a[i*n+j]
			for k := range j {
				s -= l[i*n+k] * l[j*n+k]
			}
			if i == j {
				if !(s > 0) {
					return i + 1
				}
				l[i*n+i] = math.Sqrt(s)
			} else {
				l[i*n+j] = s / l[j*n+j]
			}
		}
	}
	return 0
}
