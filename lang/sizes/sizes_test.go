package sizes

import (
	"testing"

	"github.com/bayes-dev/bayes/lang"
)

// TestSizeRulesCoverBuiltins walks the table of built-ins: every overload
// that takes a container, other than vectorised and elementwise arguments,
// has a size rule, relating sizes or saying why they are independent; every
// row names a built-in, holds one of the two, and its sizes name arguments
// the overloads have (an int for a size given by value).
func TestSizeRulesCoverBuiltins(t *testing.T) {
	for _, name := range lang.FuncNames() {
		for _, s := range lang.LookupFunc(name).Overloads {
			r := CallRule(s)
			if needsRule(s) && len(r.Groups) == 0 && r.Independent == "" {
				t.Errorf("%s%v: takes a container but has no size rule (add Sizes to its library entry)", name, s.Params)
			}
		}
	}
	checkRow := func(owner string, r Rule, sigs []*lang.Signature) {
		if (len(r.Groups) > 0) == (r.Independent != "") {
			t.Errorf("%s: a row has groups or a reason for independence, not both or neither", owner)
		}
		arity := 0
		for _, s := range sigs {
			arity = max(arity, len(s.Params))
		}
		for _, g := range r.Groups {
			if len(g) < 2 {
				t.Errorf("%s: group %v relates nothing", owner, g)
			}
			for _, sz := range g {
				last := sz.Arg
				if sz.Of == Area {
					last++
				}
				if sz.Arg < 0 || last >= arity {
					t.Errorf("%s: size %v names an argument past the %d of its overloads", owner, sz, arity)
				}
				if sz.Of == Value || sz.Of == Area {
					for _, s := range sigs {
						if last < len(s.Params) && s.Params[last].Type != lang.Int {
							t.Errorf("%s: size %v is a value of a %s argument", owner, sz, s.Params[last].Type)
						}
					}
				}
			}
		}
	}
	// the rules the library states for its families and functions
	for _, d := range lang.Dists() {
		if d.Mv != nil {
			checkRow(d.Name, libRule(d.Mv.Sizes), d.Lpdf.Overloads)
			if rng := lang.LookupFunc(d.Name + "_rng"); rng != nil && (len(d.Mv.RngSizes.Groups) > 0 || d.Mv.RngSizes.Independent != "") {
				checkRow(rng.Name, libRule(d.Mv.RngSizes), rng.Overloads)
			}
		}
	}
	for _, name := range lang.FuncNames() {
		f := lang.LookupFunc(name)
		// a function of scalars only has no rule (the loop above asks one
		// of every other)
		if r := f.Lib; r != nil && (len(r.Sizes.Groups) > 0 || r.Sizes.Independent != "") {
			checkRow(f.Name, libRule(f.Lib.Sizes), f.Overloads)
			for i, o := range f.Lib.Overloads {
				if o.Sizes != nil {
					checkRow(f.Name, libRule(*o.Sizes), f.Overloads[i:i+1])
				}
			}
		}
	}
	for op, r := range binaryRules {
		checkRow(op.String(), r, []*lang.Signature{{Params: make([]lang.Param, 2)}})
		if binaryWhat[op] == "" {
			t.Errorf("operator %s has a size rule but no name for messages", op)
		}
	}
}

func vecOf(n int) Arg { return Arg{Type: lang.Vector, Shape: []int{n}} }
func rowOf(n int) Arg { return Arg{Type: lang.RowVector, Shape: []int{n}} }
func matOf(r, c int) Arg {
	return Arg{Type: lang.Matrix, Shape: []int{r, c}}
}
func intOf(i int) Arg { return Arg{Type: lang.Int, Int: i, Known: true} }

// TestSizeMessages: the message of each kind of rule, word for word, and
// calls whose sizes are independent or broadcast, which pass.
func TestSizeMessages(t *testing.T) {
	sig := func(name string, overload int) *lang.Signature { return lang.LookupFunc(name).Overloads[overload] }
	arrR := func(n int) Arg { return Arg{Type: lang.Type{Kind: lang.KindReal, Dims: 1}, Shape: []int{n}} }
	arrV := func(n, k int) Arg { return Arg{Type: lang.Type{Kind: lang.KindVector, Dims: 1}, Shape: []int{n, k}} }
	calls := []struct {
		sig  *lang.Signature
		args []Arg
		want string
	}{
		{sig("dot_product", 0), []Arg{vecOf(3), vecOf(2)},
			"size mismatch in dot_product: argument 1 (vector[3]) has length 3, but argument 2 (vector[2]) has length 2"},
		{sig("quad_form", 0), []Arg{matOf(3, 3), vecOf(2)},
			"size mismatch in quad_form: argument 1 (matrix[3, 3]) has 3 rows, but argument 2 (vector[2]) has length 2"},
		{sig("cholesky_decompose", 0), []Arg{matOf(3, 2)},
			"size mismatch in cholesky_decompose: argument 1 (matrix[3, 2]) has 3 rows but 2 columns"},
		{sig("to_matrix", 5), []Arg{rowOf(5), intOf(2), intOf(3)},
			"size mismatch in to_matrix: argument 1 (row_vector[5]) has 5 elements, but arguments 2 and 3 ask for 2 x 3 = 6 elements"},
		{sig("append_row", 3), []Arg{matOf(2, 3), matOf(2, 2)},
			"size mismatch in append_row: argument 1 (matrix[2, 3]) has 3 columns, but argument 2 (matrix[2, 2]) has 2 columns"},
		{sig("diag_pre_multiply", 0), []Arg{vecOf(2), matOf(3, 3)},
			"size mismatch in diag_pre_multiply: argument 1 (vector[2]) has length 2, but argument 2 (matrix[3, 3]) has 3 rows"},
		{sig("normal_lpdf", 0), []Arg{vecOf(3), {Type: lang.Real}, arrR(2)},
			"size mismatch in normal_lpdf: the outcome (vector[3]) has length 3, but the scale (array[2] real) has size 2"},
		{lang.LookupDist("multi_normal").Lpdf.Overloads[0], []Arg{arrV(4, 2), arrV(3, 2), matOf(2, 2)},
			"size mismatch in multi_normal_lpdf: the outcome (array[4] vector[2]) has array size 4, but the location (array[3] vector[2]) has array size 3"},
		{lang.LookupDist("multi_normal").Lpdf.Overloads[0], []Arg{arrV(4, 2), vecOf(2), matOf(3, 3)},
			"size mismatch in multi_normal_lpdf: the outcome (array[4] vector[2]) has vectors of length 2, but the covariance (matrix[3, 3]) has 3 rows"},

		// sizes that agree, are broadcast, or are independent
		{sig("normal_lpdf", 0), []Arg{vecOf(3), {Type: lang.Real}, rowOf(3)}, ""},
		{sig("normal_lpdf", 0), []Arg{{Type: lang.Real}, vecOf(3), arrR(3)}, ""},
		{sig("append_row", 0), []Arg{vecOf(2), vecOf(5)}, ""},
		{sig("append_row", 1), []Arg{{Type: lang.Real}, vecOf(5)}, ""},
		{sig("rep_matrix", 1), []Arg{vecOf(3), intOf(7)}, ""},
		{sig("segment", 0), []Arg{vecOf(5), intOf(2), intOf(3)}, ""},
		{sig("to_matrix", 5), []Arg{rowOf(6), intOf(2), intOf(3)}, ""},
		{sig("diagonal", 0), []Arg{matOf(2, 5)}, ""},
		{lang.LookupDist("multi_normal").Lpdf.Overloads[0], []Arg{arrV(4, 2), vecOf(2), matOf(2, 2)}, ""},
	}
	for _, c := range calls {
		if got := CallError(c.sig, c.args); got != c.want {
			t.Errorf("%s%v:\n got %q\nwant %q", c.sig.Name(), c.args, got, c.want)
		}
	}
	if got, want := TildeError(lang.LookupDist("poisson").Lpdf.Overloads[0], []Arg{{Type: lang.Type{Kind: lang.KindInt, Dims: 1}, Shape: []int{4}}, vecOf(5)}),
		"size mismatch in ~ poisson: the outcome (array[4] int) has size 4, but the rate (vector[5]) has length 5"; got != want {
		t.Errorf("~ poisson:\n got %q\nwant %q", got, want)
	}
	binaries := []struct {
		op   lang.BinOp
		x, y Arg
		want string
	}{
		{lang.OpMul, matOf(3, 2), vecOf(3), "size mismatch in a product: the left operand (matrix[3, 2]) has 2 columns, but the right operand (vector[3]) has length 3"},
		{lang.OpMul, rowOf(2), matOf(3, 4), "size mismatch in a product: the left operand (row_vector[2]) has length 2, but the right operand (matrix[3, 4]) has 3 rows"},
		{lang.OpAdd, matOf(2, 3), matOf(3, 2), "size mismatch in an addition: the left operand (matrix[2, 3]) has 2 rows, but the right operand (matrix[3, 2]) has 3 rows"},
		{lang.OpEltDiv, rowOf(2), rowOf(4), "size mismatch in an elementwise division: the left operand (row_vector[2]) has length 2, but the right operand (row_vector[4]) has length 4"},
		{lang.OpDiv, rowOf(2), matOf(3, 3), "size mismatch in a division: the left operand (row_vector[2]) has length 2, but the right operand (matrix[3, 3]) has 3 rows"},
		{lang.OpLeftDiv, matOf(2, 3), vecOf(2), "size mismatch in a left division: the left operand (matrix[2, 3]) has 2 rows but 3 columns"},
		{lang.OpMul, vecOf(3), rowOf(5), ""},
		{lang.OpMul, Arg{Type: lang.Real}, matOf(3, 5), ""},
		{lang.OpSub, vecOf(3), intOf(2), ""},
	}
	for _, c := range binaries {
		if got := BinaryError(c.op, c.x, c.y); got != c.want {
			t.Errorf("%v %s %v:\n got %q\nwant %q", c.x, c.op, c.y, got, c.want)
		}
	}
	if got, want := AssignError("m", matOf(2, 3), matOf(3, 2)), "size mismatch assigning to m: it is matrix[2, 3], the value is matrix[3, 2]"; got != want {
		t.Errorf("AssignError:\n got %q\nwant %q", got, want)
	}
	if got := AssignError("m", matOf(2, 3), matOf(2, 3)); got != "" {
		t.Errorf("AssignError of equal shapes: %q", got)
	}
}

func TestTypeString(t *testing.T) {
	for _, c := range []struct {
		a    Arg
		want string
	}{
		{vecOf(3), "vector[3]"},
		{matOf(3, 2), "matrix[3, 2]"},
		{Arg{Type: lang.Type{Kind: lang.KindVector, Dims: 1}, Shape: []int{2, 3}}, "array[2] vector[3]"},
		{Arg{Type: lang.Type{Kind: lang.KindInt, Dims: 2}, Shape: []int{2, 3}}, "array[2, 3] int"},
		{Arg{Type: lang.Real}, "real"},
		{intOf(5), "int (5)"},
	} {
		if got := TypeString(c.a); got != c.want {
			t.Errorf("TypeString(%v) = %q, want %q", c.a, got, c.want)
		}
	}
}
