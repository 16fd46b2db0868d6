package simulate

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/bayes-dev/bayes/lang"
)

// Draws holds the draws of each variable of a prior predictive run, in the
// order parameters, transformed parameters, simulated data (each in
// declaration order).
type Draws struct {
	N    int // number of draws
	Vars []*Var

	byDecl map[*lang.VarDecl]*Var
}

// Var is one variable's draws.
type Var struct {
	Name  string
	Block lang.BlockKind // where it is declared: parameters, transformed parameters, data or transformed data
	Shape []int          // the shape of one draw
	// Values holds draw k's elements, row-major, at [k*size, (k+1)*size).
	Values []float64
}

// Size is the number of elements of one draw.
func (v *Var) Size() int { return product(v.Shape) }

// Names are the variable's element names, Stan style ("theta[1]"), in
// CmdStan's (column-major) order.
func (v *Var) Names() []string { return elementNames(v.Name, v.Shape) }

func newDraws(n int) *Draws { return &Draws{N: n, byDecl: map[*lang.VarDecl]*Var{}} }

func (d *Draws) record(dcl *lang.VarDecl, v *Value) {
	dv := d.byDecl[dcl]
	if dv == nil {
		dv = &Var{Name: dcl.Name, Block: dcl.Block, Shape: append([]int(nil), v.Shape...)}
		dv.Values = make([]float64, 0, d.N*v.Len())
		d.byDecl[dcl] = dv
		d.Vars = append(d.Vars, dv)
	}
	for i := range v.Len() {
		dv.Values = append(dv.Values, v.at(i))
	}
}

// Lookup returns the variable called name, or nil.
func (d *Draws) Lookup(name string) *Var {
	for _, v := range d.Vars {
		if v.Name == name {
			return v
		}
	}
	return nil
}

// Column returns the draws of element i (row-major) of v.
func (v *Var) Column(i int) []float64 {
	size := v.Size()
	n := len(v.Values) / max(size, 1)
	out := make([]float64, n)
	for k := range n {
		out[k] = v.Values[k*size+i]
	}
	return out
}

// WriteStats prints each variable's shape and elementwise mean and variance
// in the layout of the seed's print_stats (seed/eight_schools_numpyro.txt):
//
//	Variable: theta
//	  Shape: (1000, 8)
//	  Mean: [-1.2455076 2.9482472 ...]
//	  Variance: [11408.184 8016.4224 ...]
//
// The variance is the population variance (denominator n, as jnp.var);
// numbers have 8 significant digits.
func WriteStats(w io.Writer, d *Draws) error {
	bw := bufio.NewWriter(w)
	for _, v := range d.Vars {
		size := v.Size()
		means, vars := make([]float64, size), make([]float64, size)
		for i := range size {
			means[i], vars[i] = meanVar(v.Column(i))
		}
		shape := []string{strconv.Itoa(d.N)}
		for _, s := range v.Shape {
			shape = append(shape, strconv.Itoa(s))
		}
		tuple := "(" + strings.Join(shape, ", ") + ")"
		if len(shape) == 1 {
			tuple = "(" + shape[0] + ",)"
		}
		fmt.Fprintf(bw, "Variable: %s\n  Shape: %s\n  Mean: %s\n  Variance: %s\n\n",
			v.Name, tuple, nested(means, v.Shape), nested(vars, v.Shape))
	}
	return bw.Flush()
}

// meanVar is the mean and the population variance (denominator n), by Welford's update.
func meanVar(xs []float64) (float64, float64) {
	m, s := 0.0, 0.0
	for k, x := range xs {
		d := x - m
		m += d / float64(k+1)
		s += d * (x - m)
	}
	return m, s / float64(len(xs))
}

// nested writes row-major xs of shape as numpy does: [a b], [[a b] [c d]].
func nested(xs []float64, shape []int) string {
	if len(shape) == 0 {
		return fmtStat(xs[0])
	}
	var b strings.Builder
	var rec func(off int, shape []int)
	rec = func(off int, shape []int) {
		if len(shape) == 0 {
			b.WriteString(fmtStat(xs[off]))
			return
		}
		stride := product(shape[1:])
		b.WriteByte('[')
		for i := range shape[0] {
			if i > 0 {
				b.WriteByte(' ')
			}
			rec(off+i*stride, shape[1:])
		}
		b.WriteByte(']')
	}
	rec(0, shape)
	return b.String()
}

func fmtStat(x float64) string { return strconv.FormatFloat(x, 'g', 8, 64) }

// WriteCSV writes the draws as a CSV file: a header of CmdStan column names
// ("theta.1"; containers column-major, as CmdStan writes them) and one row
// per draw, numbers with 6 significant digits as CmdStan's default.
func WriteCSV(w io.Writer, d *Draws) error {
	bw := bufio.NewWriter(w)
	var header []string
	var orders [][]int
	for _, v := range d.Vars {
		for _, n := range v.Names() {
			header = append(header, csvName(n))
		}
		orders = append(orders, colMajor(v.Shape))
	}
	bw.WriteString(strings.Join(header, ",") + "\n")
	for k := range d.N {
		first := true
		for vi, v := range d.Vars {
			size := v.Size()
			for _, o := range orders[vi] {
				if !first {
					bw.WriteByte(',')
				}
				first = false
				// shortest round-trip, as bayes sample writes its draws
				bw.WriteString(strconv.FormatFloat(v.Values[k*size+o], 'g', -1, 64))
			}
		}
		bw.WriteByte('\n')
	}
	return bw.Flush()
}

// csvName is CmdStan's column name for a Stan element name: "theta[1,2]" -> "theta.1.2".
func csvName(stan string) string {
	r := strings.NewReplacer("[", ".", ",", ".", "]", "")
	return r.Replace(stan)
}
