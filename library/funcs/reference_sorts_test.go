package funcs

import (
	"math"
	"math/rand/v2"
	"sort"

	"github.com/bayes-dev/bayes/library"
	"github.com/bayes-dev/bayes/library/librarytest"
)

// The reference rows of the sorts, reverse, to_array_2d, to_int and the
// filled constructors: Go's sort.Float64s and slices, or the Functions
// Reference's definition written as loops.

// sortCase is a container of 1 to 6 elements for each of the overloads
// of the sorts: vector, row vector, array[] real, array[] int (ties
// likely among the ints).
func sortCase(r *rand.Rand) (int, []library.Tensor) {
	o, n := r.IntN(4), 1+r.IntN(6)
	x := librarytest.RandT(r, n)
	if o == 3 {
		for i := range x.X {
			x.X[i] = float64(r.IntN(5) - 2)
		}
	}
	return o, []library.Tensor{x}
}

// sortedRef is x sorted by sort.Float64s, descending reversed.
func sortedRef(x library.Tensor, asc bool) library.Tensor {
	out := append([]float64(nil), x.X...)
	sort.Float64s(out)
	if !asc {
		sort.Sort(sort.Reverse(sort.Float64Slice(out)))
	}
	return library.Tensor{Dims: x.Dims, X: out}
}

// indicesRef are the positions by insertion: each i is placed after every
// earlier j whose value does not come after its own.
func indicesRef(x library.Tensor, asc bool) library.Tensor {
	var idx []int
	for i, v := range x.X {
		k := len(idx)
		for k > 0 && (asc && x.X[idx[k-1]] > v || !asc && x.X[idx[k-1]] < v) {
			k--
		}
		idx = append(idx[:k], append([]int{i}, idx[k:]...)...)
	}
	out := library.Tensor{Dims: x.Dims}
	for _, i := range idx {
		out.X = append(out.X, float64(i+1))
	}
	return out
}

func init() {
	nan := []library.Tensor{librarytest.Vec(1, math.NaN())}
	for _, asc := range []bool{true, false} {
		dir := map[bool]string{true: "asc", false: "desc"}[asc]
		funcReferences["sort_"+dir] = librarytest.FuncReference{Src: "sort.Float64s", Cases: sortCase,
			Value: func(_ int, a []library.Tensor) library.Tensor { return sortedRef(a[0], asc) },
			Bad:   []librarytest.BadCall{{Args: nan, Want: "sort_" + dir + ": element 2 is NaN"}}}
		funcReferences["sort_indices_"+dir] = librarytest.FuncReference{Src: "insertion, stable", Cases: sortCase,
			Value: func(_ int, a []library.Tensor) library.Tensor { return indicesRef(a[0], asc) },
			Bad:   []librarytest.BadCall{{Args: nan, Want: "sort_indices_" + dir + ": element 2 is NaN"}}}
	}
	funcReferences["rank"] = librarytest.FuncReference{Src: "a count of smaller elements (Functions Reference, \"rank\")",
		Cases: func(r *rand.Rand) (int, []library.Tensor) {
			o, a := sortCase(r)
			return o, append(a, library.Scalar(float64(1+r.IntN(len(a[0].X)))))
		},
		Value: func(_ int, a []library.Tensor) library.Tensor {
			s, n := int(a[1].X[0]), 0
			for _, x := range a[0].X {
				if x < a[0].X[s-1] {
					n++
				}
			}
			return library.Scalar(float64(n))
		},
		Bad: []librarytest.BadCall{{Args: []library.Tensor{librarytest.Vec(1, 2), library.Scalar(3)}, Want: "rank: the position 3 is out of range"}}}
	funcReferences["reverse"] = librarytest.FuncReference{Src: "slices reversed by index",
		Cases: func(r *rand.Rand) (int, []library.Tensor) {
			n := 1 + r.IntN(5)
			switch o := r.IntN(3); o {
			case 2:
				return 2, []library.Tensor{librarytest.RandT(r, n, 1+r.IntN(3))} // an array of vectors
			default:
				return o, []library.Tensor{librarytest.RandT(r, n)}
			}
		},
		Value: func(_ int, a []library.Tensor) library.Tensor {
			n := a[0].Dims[0]
			inner := len(a[0].X) / n
			out := library.Tensor{Dims: a[0].Dims}
			for i := n - 1; i >= 0; i-- {
				out.X = append(out.X, a[0].X[i*inner:(i+1)*inner]...)
			}
			return out
		}}
	funcReferences["to_array_2d"] = librarytest.FuncReference{Src: "the rows, in order",
		Cases: func(r *rand.Rand) (int, []library.Tensor) {
			return 0, []library.Tensor{librarytest.RandT(r, 1+r.IntN(3), 1+r.IntN(3))}
		},
		Value: func(_ int, a []library.Tensor) library.Tensor { return a[0] }}
	funcReferences["to_int"] = librarytest.FuncReference{Src: "math.Trunc",
		Cases: func(r *rand.Rand) (int, []library.Tensor) {
			x := librarytest.RandT(r, 1+r.IntN(4))
			for i := range x.X {
				x.X[i] *= 100
			}
			if r.IntN(2) == 0 {
				return 0, []library.Tensor{library.Scalar(x.X[0])}
			}
			return 1, []library.Tensor{x}
		},
		Value: func(_ int, a []library.Tensor) library.Tensor {
			out := library.Tensor{Dims: a[0].Dims}
			for _, x := range a[0].X {
				out.X = append(out.X, float64(int(x)))
			}
			return out
		},
		Bad: []librarytest.BadCall{{Args: []library.Tensor{library.Scalar(3e9)}, Want: "to_int: 3e+09 is outside the range of an int"},
			{Args: []library.Tensor{library.Scalar(math.NaN())}, Want: "to_int: NaN is outside"}}}
	// the filled constructors: n, then their further arguments
	filled := func(name string, n int, more ...float64) func(r *rand.Rand) (int, []library.Tensor) {
		return func(r *rand.Rand) (int, []library.Tensor) {
			k := n + r.IntN(4)
			a := []library.Tensor{library.Scalar(float64(k))}
			switch {
			case len(more) == 1: // one_hot's index
				a = append(a, library.Scalar(float64(1+r.IntN(k))))
			case len(more) == 2: // linspaced's bounds
				lo := 2*r.Float64() - 1
				a = append(a, library.Scalar(lo), library.Scalar(lo+r.Float64()))
			}
			return 0, a
		}
	}
	for _, s := range []string{"vector", "row_vector", "array", "int_array"} {
		funcReferences["zeros_"+s] = librarytest.FuncReference{Src: "n zeros", Cases: filled("zeros", 0),
			Value: func(_ int, a []library.Tensor) library.Tensor {
				return librarytest.Vec(make([]float64, int(a[0].X[0]))...)
			},
			Bad: []librarytest.BadCall{{Args: []library.Tensor{library.Scalar(-1)}, Want: "must not be negative"}}}
		funcReferences["ones_"+s] = librarytest.FuncReference{Src: "n ones", Cases: filled("ones", 0),
			Value: func(_ int, a []library.Tensor) library.Tensor {
				out := librarytest.Vec(make([]float64, int(a[0].X[0]))...)
				for i := range out.X {
					out.X[i] = 1
				}
				return out
			}}
		funcReferences["one_hot_"+s] = librarytest.FuncReference{Src: "zeros but a 1 at k", Cases: filled("one_hot", 1, 0),
			Value: func(_ int, a []library.Tensor) library.Tensor {
				out := librarytest.Vec(make([]float64, int(a[0].X[0]))...)
				out.X[int(a[1].X[0])-1] = 1
				return out
			},
			Bad: []librarytest.BadCall{{Args: []library.Tensor{library.Scalar(2), library.Scalar(3)}, Want: "one_hot_" + s + "(2, 3): the index must be in 1 to the size"}}}
		if s != "int_array" {
			funcReferences["linspaced_"+s] = librarytest.FuncReference{Src: "lo + (hi - lo) i/(n - 1), hi alone for n = 1 (Functions Reference, \"linspaced_vector\")",
				Cases: filled("linspaced", 0, 0, 0),
				Value: func(_ int, a []library.Tensor) library.Tensor {
					n, lo, hi := int(a[0].X[0]), a[1].X[0], a[2].X[0]
					out := librarytest.Vec(make([]float64, n)...)
					for i := range out.X {
						out.X[i] = (lo*float64(n-1-i) + hi*float64(i)) / float64(n-1)
					}
					if n == 1 {
						out.X[0] = hi
					}
					return out
				},
				Bad: []librarytest.BadCall{{Args: []library.Tensor{library.Scalar(3), library.Scalar(1), library.Scalar(0)}, Want: "linspaced_" + s + ": high (0) must be at least low (1)"}}}
		}
	}
	funcReferences["linspaced_int_array"] = librarytest.FuncReference{Src: "Eigen's integer LinSpaced built by steps: hi alone for n = 1; values lo, lo + d, ... with d = ⌊(hi - lo)/(n - 1)⌋ ≥ 1; else lo, lo + 1, ... each repeated ⌊(n + hi - lo)/(hi - lo + 1)⌋ times",
		Cases: func(r *rand.Rand) (int, []library.Tensor) {
			lo := r.IntN(11) - 5
			return 0, []library.Tensor{library.Scalar(float64(r.IntN(9))), library.Scalar(float64(lo)), library.Scalar(float64(lo + r.IntN(12)))}
		},
		Value: func(_ int, a []library.Tensor) library.Tensor {
			n, lo, hi := int(a[0].X[0]), int(a[1].X[0]), int(a[2].X[0])
			out := []float64{}
			switch {
			case n == 1:
				out = append(out, float64(hi))
			case n > 1 && hi-lo >= n-1:
				for v := lo; len(out) < n; v += (hi - lo) / (n - 1) {
					out = append(out, float64(v))
				}
			case n > 1:
				for v := lo; len(out) < n; v++ {
					for k := 0; k < (n+hi-lo)/(hi-lo+1) && len(out) < n; k++ {
						out = append(out, float64(v))
					}
				}
			}
			return librarytest.Vec(out...)
		},
		Bad: []librarytest.BadCall{{Args: []library.Tensor{library.Scalar(3), library.Scalar(1), library.Scalar(0)}, Want: "linspaced_int_array: high (0) must be at least low (1)"},
			{Args: []library.Tensor{library.Scalar(-1), library.Scalar(1), library.Scalar(2)}, Want: "must not be negative"}}}
	funcReferences["uniform_simplex"] = librarytest.FuncReference{Src: "n copies of 1/n", Cases: filled("uniform", 1),
		Value: func(_ int, a []library.Tensor) library.Tensor {
			out := librarytest.Vec(make([]float64, int(a[0].X[0]))...)
			for i := range out.X {
				out.X[i] = 1 / float64(len(out.X))
			}
			return out
		},
		Bad: []librarytest.BadCall{{Args: []library.Tensor{library.Scalar(0)}, Want: "uniform_simplex: the size must be at least 1; found 0"}}}
}
