package funcs

import (
	"math"
	"sort"

	"github.com/bayes-dev/bayes/library"
)

// The sorts (sort_asc, sort_desc, sort_indices_asc, sort_indices_desc,
// rank; Stan Functions Reference, "Sorting functions") of a vector, a row
// vector or a one-dimensional array.

// sortOverloads are the overloads of sort_asc and sort_desc: each
// container returns its own type.
var sortOverloads = []library.Signature{
	{Params: []library.Arg{library.Exact("", library.TypeVector)}, Ret: library.TypeVector},
	{Params: []library.Arg{library.Exact("", library.TypeRowVector)}, Ret: library.TypeRowVector},
	{Params: []library.Arg{library.Exact("", library.Type{Kind: library.KindReal, Dims: 1})}, Ret: library.Type{Kind: library.KindReal, Dims: 1}},
	{Params: []library.Arg{library.Exact("", library.TypeInts)}, Ret: library.TypeInts},
}

// sorted is x sorted, ascending or not: Go's sort of known elements (NaN
// refused, as Stan's check_not_nan); for elements of parameters, an
// odd–even transposition network (Knuth, TAOCP vol. 3, 5.3.4, ex. 37) of
// n rounds of compare-exchanges, each min and max a select on a compare:
// its order cannot depend on values unknown when the model is compiled,
// and the gradient flows to the element each output selects. n²/2
// compare-exchanges: for the short vectors models sort.
func sorted(o library.Tensors, name string, x library.Value, asc bool) library.Value {
	d := o.Dims(x)
	if xs, ok := o.Known(x); ok {
		out := append([]float64(nil), xs...)
		for i, v := range out {
			if math.IsNaN(v) {
				o.Fail("%s: element %d is NaN", name, i+1)
			}
		}
		sort.Float64s(out)
		if !asc {
			for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
				out[i], out[j] = out[j], out[i]
			}
		}
		return o.FromKnown(d, out)
	}
	n := d[0]
	v := make([]library.Value, n)
	for i := range v {
		v[i] = o.Elem(x, i)
	}
	for round := range n {
		for i := round % 2; i+1 < n; i += 2 {
			a, b := v[i], v[i+1]
			first := o.Lt(b, a) // the pair is out of ascending order
			if !asc {
				first = o.Lt(a, b)
			}
			v[i], v[i+1] = o.Select(first, b, a), o.Select(first, a, b)
		}
	}
	return o.FromElems(d, v)
}

// indicesData is why the sorts that give ints take data only.
const indicesData = "the positions of parameters are not data"

// sortedIndices are the 1-based positions of x's elements in ascending
// (or descending) order, ties in their order (a stable sort, as Stan's).
func sortedIndices(o library.Tensors, name string, x library.Value, asc bool) []float64 {
	xs := knownData(o, name, x)
	idx := make([]int, len(xs))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(i, j int) bool {
		if asc {
			return xs[idx[i]] < xs[idx[j]]
		}
		return xs[idx[i]] > xs[idx[j]]
	})
	out := make([]float64, len(idx))
	for i, k := range idx {
		out[i] = float64(k + 1)
	}
	return out
}

// knownData is x's elements, which must be data, NaN refused.
func knownData(o library.Tensors, name string, x library.Value) []float64 {
	xs, ok := o.Known(x)
	if !ok || !o.Data(x) {
		o.Fail("bayes cannot compile %s of parameters: %s", name, indicesData)
	}
	for i, v := range xs {
		if math.IsNaN(v) {
			o.Fail("%s: element %d is NaN", name, i+1)
		}
	}
	return xs
}

// returningInts is the overloads os returning array[] int.
func returningInts(os []library.Signature) []library.Signature {
	out := make([]library.Signature, len(os))
	for i, s := range os {
		out[i] = library.Signature{Params: s.Params, Ret: library.TypeInts}
	}
	return out
}
