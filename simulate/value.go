package simulate

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/bayes-dev/bayes/lang"
)

// Value is one concrete value: its Stan type, its full shape (array
// dimensions, then a vector's length or a matrix's rows and columns) and its
// elements flattened row-major (a matrix by rows, an array of vectors vector
// by vector). Ints holds an int value's elements, Reals every other. It is
// the one value type: package data binds data files to Values, and the
// compiler reads them.
type Value struct {
	Type  lang.Type
	Shape []int
	Ints  []int
	Reals []float64
}

// intValue and realValue make a scalar value with its element in the same
// allocation, one where a Value and its slice would be two: the
// interpreter makes one for most scalar results it does not keep as a
// Scalar (fast.go).
func intValue(i int) *Value {
	b := &struct {
		v Value
		x [1]int
	}{x: [1]int{i}}
	b.v = Value{Type: lang.Int, Ints: b.x[:]}
	return &b.v
}

func realValue(x float64) *Value {
	b := &struct {
		v Value
		x [1]float64
	}{x: [1]float64{x}}
	b.v = Value{Type: lang.Real, Reals: b.x[:]}
	return &b.v
}

// scalar is a scalar value as a Scalar: an int's element, or a real's (an
// int element of a real value promoted, as at does).
func (v *Value) scalar() Scalar {
	if v.isInt() {
		return Scalar{IsInt: true, Int: v.Ints[0]}
	}
	return Scalar{Real: v.float()}
}

// value is s as a Value, the int or real of its kind.
func (s Scalar) value() *Value {
	if s.IsInt {
		return intValue(s.Int)
	}
	return realValue(s.Real)
}

// newValue makes a value of type t and shape, reals NaN and ints 0 (Stan
// fills undefined reals with NaN, Reference Manual "Variable declarations").
func newValue(t lang.Type, shape []int) *Value {
	switch {
	case len(shape) == 0 && t == lang.Int:
		return intValue(0)
	case len(shape) == 0 && t == lang.Real:
		return realValue(math.NaN())
	}
	v := &Value{Type: t, Shape: append([]int(nil), shape...)}
	n := product(shape)
	if t.Kind == lang.KindInt {
		v.Ints = make([]int, n)
		return v
	}
	v.Reals = make([]float64, n)
	for i := range v.Reals {
		v.Reals[i] = math.NaN()
	}
	return v
}

// realsValue wraps xs as a value of type t and shape.
func realsValue(t lang.Type, shape []int, xs []float64) *Value {
	return &Value{Type: t, Shape: shape, Reals: xs}
}

func product(xs []int) int {
	n := 1
	for _, x := range xs {
		n *= x
	}
	return n
}

// Len is the number of scalar elements.
func (v *Value) Len() int {
	if v.Ints != nil {
		return len(v.Ints)
	}
	return len(v.Reals)
}

func (v *Value) isInt() bool { return v.Type.Kind == lang.KindInt }

// isScalar reports whether v is an int or a real (not a container).
func (v *Value) isScalar() bool { return len(v.Shape) == 0 }

// at is element i as a real.
func (v *Value) at(i int) float64 {
	if v.Ints != nil {
		return float64(v.Ints[i])
	}
	return v.Reals[i]
}

// float is a scalar's value as a real.
func (v *Value) float() float64 { return v.at(0) }

// reals returns the elements as reals (a copy for ints, v.Reals itself otherwise).
func (v *Value) reals() []float64 {
	if v.Ints == nil {
		return v.Reals
	}
	xs := make([]float64, len(v.Ints))
	for i, n := range v.Ints {
		xs[i] = float64(n)
	}
	return xs
}

// clone is a deep copy.
func (v *Value) clone() *Value {
	c := &Value{Type: v.Type, Shape: append([]int(nil), v.Shape...)}
	if v.Ints != nil {
		c.Ints = append([]int(nil), v.Ints...)
	} else {
		c.Reals = append([]float64(nil), v.Reals...)
	}
	return c
}

// toReal promotes an int value to real (arrays included); reals are returned as they are.
func (v *Value) toReal() *Value {
	if !v.isInt() {
		return v
	}
	t := v.Type
	t.Kind = lang.KindReal
	return &Value{Type: t, Shape: v.Shape, Reals: v.reals()}
}

// rows and cols are a vector's, row vector's or matrix's dimensions (1 for
// the dimension a vector or row vector lacks).
func (v *Value) rows() int {
	switch v.Type.Kind {
	case lang.KindVector, lang.KindMatrix:
		return v.Shape[v.Type.Dims]
	}
	return 1
}

func (v *Value) cols() int {
	switch v.Type.Kind {
	case lang.KindRowVector:
		return v.Shape[v.Type.Dims]
	case lang.KindMatrix:
		return v.Shape[v.Type.Dims+1]
	}
	return 1
}

// fromData copies a data value for a run, which may overwrite it (prior
// predictive sampling draws the data on the left of ~). Unlike clone, an
// empty value keeps its kind's non-nil slice.
func fromData(d *Value) *Value {
	v := &Value{Type: d.Type, Shape: append([]int(nil), d.Shape...)}
	if d.isInt() {
		v.Ints = append([]int{}, d.Ints...)
	} else {
		v.Reals = append([]float64{}, d.Reals...)
	}
	return v
}

// String writes a value as Stan's print does: scalars plainly, containers in brackets.
func (v *Value) String() string {
	var b strings.Builder
	var rec func(off int, shape []int)
	rec = func(off int, shape []int) {
		if len(shape) == 0 {
			b.WriteString(formatScalar(v, off))
			return
		}
		stride := product(shape[1:])
		b.WriteByte('[')
		for i := range shape[0] {
			if i > 0 {
				b.WriteByte(',')
			}
			rec(off+i*stride, shape[1:])
		}
		b.WriteByte(']')
	}
	rec(0, v.Shape)
	return b.String()
}

func formatScalar(v *Value, i int) string {
	if v.Ints != nil {
		return strconv.Itoa(v.Ints[i])
	}
	return strconv.FormatFloat(v.Reals[i], 'g', -1, 64)
}

// describe says what v is, for messages: "a vector of size 3".
func (v *Value) describe() string {
	if v.isScalar() {
		return "a " + v.Type.String()
	}
	return fmt.Sprintf("%s of shape %v", v.Type, v.Shape)
}

// colMajor maps each position of the column-major (CmdStan) order of shape
// to its row-major offset: the first index varies fastest (CmdStan User's
// Guide, "Stan CSV File Format": containers are written column-major).
func colMajor(shape []int) []int {
	n := product(shape)
	out := make([]int, n)
	idx := make([]int, len(shape))
	strides := rowStrides(shape)
	for k := range n {
		off := 0
		for d, i := range idx {
			off += i * strides[d]
		}
		out[k] = off
		for d := range idx {
			idx[d]++
			if idx[d] < shape[d] {
				break
			}
			idx[d] = 0
		}
	}
	return out
}

// rowStrides are the row-major strides of shape.
func rowStrides(shape []int) []int {
	s := make([]int, len(shape))
	acc := 1
	for d := len(shape) - 1; d >= 0; d-- {
		s[d] = acc
		acc *= shape[d]
	}
	return s
}

// elementNames are the Stan names of a variable's elements in CmdStan's
// order: "theta[1]", "Sigma[2,1]".
func elementNames(name string, shape []int) []string {
	if len(shape) == 0 {
		return []string{name}
	}
	n := product(shape)
	out := make([]string, 0, n)
	idx := make([]int, len(shape))
	for range n {
		parts := make([]string, len(idx))
		for d, i := range idx {
			parts[d] = strconv.Itoa(i + 1)
		}
		out = append(out, name+"["+strings.Join(parts, ",")+"]")
		for d := range idx {
			idx[d]++
			if idx[d] < shape[d] {
				break
			}
			idx[d] = 0
		}
	}
	return out
}
