// Package sizetest builds, from lang's tables, calls of every built-in
// function, distribution (its functions and its ~ statement) and operator
// that takes a vector, row vector, matrix or array: for each overload, calls
// whose sizes agree, and for each group of its size rule (package lang/sizes) a
// call whose sizes break that group alone. The tests of the compiler (model
// block) and of the interpreter (generated quantities) run each call in a
// small program and require the one positioned message of the rule, or
// acceptance; a built-in that lang adds is covered without a line here.
//
// The sizes are found by search: every shape entry of every container
// argument takes each of 2, 3 and 4 (a size an int argument gives, each of 1,
// 2 and 3), and the rule's own groups say which assignments agree, so the
// cases follow the table as it is.
package sizetest

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/bayes-dev/bayes/lang"
	"github.com/bayes-dev/bayes/lang/sizes"
)

// Case is one call, with the data that give its arguments their sizes.
type Case struct {
	Name string // the call with its argument types and sizes: "dot_product(vector[3], vector[2])"
	// Func is the called built-in (nil for an operator or a ~ statement),
	// Dist the family of a ~ statement.
	Func *lang.Func
	Dist *lang.Dist
	// Bad marks sizes that break the rule; Want is then the message that
	// both engines must give at the call.
	Bad  bool
	Want string

	args   []sizes.Arg
	call   string // the call's text: "dot_product(a1, a2)"; for ~, the whole statement
	tilde  bool
	result lang.Type
	// body, when set, holds the statements instead of a call (Statements),
	// the error at body[at[0]], column at[1].
	body []string
	at   [2]int
}

// AllowedIn reports whether the case's call may appear in block k.
func (c *Case) AllowedIn(k lang.BlockKind) bool {
	switch {
	case c.tilde:
		return k == lang.BlockModel
	case c.Func != nil:
		return c.Func.AllowedIn(k)
	}
	return true
}

// Source is a program that makes the call in block k (the model block or
// generated quantities), with the line and column the checker gives the
// call (for an operator, its left operand; for ~, the statement).
func (c *Case) Source(k lang.BlockKind) (src string, line, col int) {
	var b strings.Builder
	b.WriteString("data {\n")
	for i, a := range c.args {
		fmt.Fprintf(&b, "  %s a%d;\n", declType(a), i+1)
	}
	b.WriteString("}\nparameters {\n  real p0;\n}\nmodel {\n  p0 ~ normal(0, 1);\n")
	line = strings.Count(b.String(), "\n") + 1
	var stmt, prefix string
	switch {
	case c.body != nil:
		if k != lang.BlockModel {
			b.WriteString("}\ngenerated quantities {\n")
			line += 2
		}
		b.WriteString("  " + strings.Join(c.body, "\n  ") + "\n}\n")
		return b.String(), line + c.at[0], c.at[1]
	case c.tilde:
		prefix = "  "
		stmt = prefix + c.call
	case k == lang.BlockModel:
		open, close := use(c.result)
		prefix = "  target += " + open
		stmt = prefix + c.call + close + ";"
	default:
		b.WriteString("}\ngenerated quantities {\n")
		line += 2
		open, close := use(c.result)
		prefix = "  real z = " + open
		stmt = prefix + c.call + close + ";"
	}
	b.WriteString(stmt + "\n}\n")
	return b.String(), line, len(prefix) + 1
}

// use wraps a call of type t into a real or int expression: a sum of its
// elements, or their number.
func use(t lang.Type) (string, string) {
	switch {
	case t.Dims == 0 && (t.Kind == lang.KindInt || t.Kind == lang.KindReal):
		return "", ""
	case t.Dims == 0, t.Dims == 1 && (t.Kind == lang.KindInt || t.Kind == lang.KindReal):
		return "sum(", ")"
	}
	return "num_elements(", ")"
}

// declType is a's data declaration: "vector[3]", "array[2] int".
func declType(a sizes.Arg) string {
	s := sizes.TypeString(a)
	if a.Type == lang.Int {
		return "int"
	}
	return s
}

// Data is the JSON of the case's data. Values are chosen valid for every
// family: reals 0.5, vectors the uniform simplex (positive, sorted), matrices
// the identity (square ones positive definite, a correlation matrix and its
// own Cholesky factor), ints 1 or the size they give; but a real of the
// Wishart families is 4.5, degrees of freedom above the size less 1, and
// wiener's outcome is three times the others, a time after its
// non-decision time.
func (c *Case) Data() string {
	var parts []string
	real := "0.5"
	if c.Func != nil && strings.Contains(c.Func.Name, "wishart") || c.Dist != nil && strings.Contains(c.Dist.Name, "wishart") {
		real = "4.5"
	}
	wiener := c.Func != nil && strings.HasPrefix(c.Func.Name, "wiener") || c.Dist != nil && c.Dist.Name == "wiener"
	for i, a := range c.args {
		scale := 1.0
		if wiener && i == 0 {
			scale = 3
		}
		parts = append(parts, fmt.Sprintf("%q: %s", "a"+strconv.Itoa(i+1), dataJSON(a, real, scale)))
	}
	return "{" + strings.Join(parts, ", ") + "}"
}

// dataJSON is a's value; scale multiplies its reals (not its ints or
// matrices).
func dataJSON(a sizes.Arg, real string, scale float64) string {
	t := a.Type
	num := func(x float64) string { return strconv.FormatFloat(x*scale, 'g', -1, 64) }
	if len(a.Shape) == 0 {
		if t.Kind == lang.KindInt {
			return strconv.Itoa(a.Int)
		}
		x, _ := strconv.ParseFloat(real, 64)
		return num(x)
	}
	var rec func(shape []int, depth int) string
	rec = func(shape []int, depth int) string {
		inner := len(shape) - depth // dimensions left
		switch {
		case inner == 1 && t.Kind == lang.KindInt:
			return "[" + strings.TrimSuffix(strings.Repeat("1, ", shape[depth]), ", ") + "]"
		case inner == 1 && t.Kind == lang.KindReal:
			return "[" + strings.TrimSuffix(strings.Repeat(num(0.5)+", ", shape[depth]), ", ") + "]"
		case inner == 1:
			x := num(1 / float64(shape[depth]))
			return "[" + strings.TrimSuffix(strings.Repeat(x+", ", shape[depth]), ", ") + "]"
		case inner == 2 && t.Kind == lang.KindMatrix:
			rows := make([]string, shape[depth])
			for i := range rows {
				xs := make([]string, shape[depth+1])
				for j := range xs {
					xs[j] = "0"
					if i == j {
						xs[j] = "1"
					}
				}
				rows[i] = "[" + strings.Join(xs, ", ") + "]"
			}
			return "[" + strings.Join(rows, ", ") + "]"
		}
		elems := make([]string, shape[depth])
		for i := range elems {
			elems[i] = rec(shape, depth+1)
		}
		return "[" + strings.Join(elems, ", ") + "]"
	}
	return rec(a.Shape, 0)
}

// ---------------------------------------------------------------- generation

// overload is one signature to call: a function's, a family's _lpdf for ~,
// or an operator on two kinds.
type overload struct {
	owner  string // whose rule: the function, "~ family" or the operator
	fn     *lang.Func
	sig    *lang.Signature
	dist   *lang.Dist // for ~
	op     lang.BinOp
	isOp   bool
	params [][]lang.Type // the types to try for each argument
	rule   sizes.Rule
}

// Cases returns the cases of every function, family and operator, and an
// error naming each overload that takes a container but no sizes satisfy,
// and each size group that no overload can break alone (both are mistakes
// in the table).
func Cases() ([]Case, error) {
	var out []Case
	broken := map[string][]bool{} // owner -> which groups some case breaks
	var owners, missing []string
	for _, o := range overloads() {
		// the groups are the rule's: overloads with rules of their own
		// (gp_exp_quad_cov's) are counted apart
		owner := o.owner
		if o.sig != nil && !sameRule(o.rule, sizes.CallRule(o.sig0())) {
			owner = fmt.Sprintf("%s%v", o.owner, o.params)
		}
		if _, ok := broken[owner]; !ok {
			broken[owner] = make([]bool, len(o.rule.Groups))
			owners = append(owners, owner)
		}
		cs, groups := o.cases()
		good := false
		for _, c := range cs {
			good = good || !c.Bad
		}
		if !good && len(o.choices()) > 0 {
			missing = append(missing, fmt.Sprintf("%s: no well-sized call of overload %v", o.owner, o.params))
		}
		out = append(out, cs...)
		for i, b := range groups {
			broken[owner][i] = broken[owner][i] || b
		}
	}
	for _, owner := range owners {
		for i, b := range broken[owner] {
			if !b {
				missing = append(missing, fmt.Sprintf("%s: no call breaks size group %d alone", owner, i+1))
			}
		}
	}
	if len(missing) > 0 {
		return out, fmt.Errorf("the size rules of package lang/sizes do not fit: %s", strings.Join(missing, "; "))
	}
	return out, nil
}

// sig0 is the first overload of the owner's function (nil for an operator
// or a family), whose rule the others share unless they state their own.
func (o *overload) sig0() *lang.Signature {
	if o.fn == nil {
		return o.sig
	}
	return o.fn.Overloads[0]
}

// sameRule reports whether two rules are the same groups and reason.
func sameRule(a, b sizes.Rule) bool { return fmt.Sprint(a) == fmt.Sprint(b) }

// candidates are the types tried for a parameter, containers first.
func candidates(p lang.Param) []lang.Type {
	arr := func(k lang.Kind) lang.Type { return lang.Type{Kind: k, Dims: 1} }
	switch p.Class {
	case lang.ClassReals:
		return []lang.Type{lang.Vector, arr(lang.KindReal), lang.RowVector, lang.Real}
	case lang.ClassInts:
		return []lang.Type{arr(lang.KindInt), lang.Int}
	case lang.ClassVectors:
		return []lang.Type{arr(lang.KindVector), lang.Vector, lang.RowVector}
	case lang.ClassAny:
		return []lang.Type{lang.Matrix, lang.Vector, arr(lang.KindReal), lang.Real}
	case lang.ClassDesign:
		return []lang.Type{lang.Matrix, lang.RowVector}
	case lang.ClassAnyArray:
		return []lang.Type{arr(lang.KindVector), arr(lang.KindReal), {Kind: lang.KindInt, Dims: 2}}
	case lang.ClassElements: // as deep as library.MaxAxes, to break each group
		if p.Type.Kind == lang.KindInt {
			return []lang.Type{{Kind: lang.KindInt, Dims: 4}, arr(lang.KindInt), lang.Int}
		}
		return []lang.Type{{Kind: lang.KindMatrix, Dims: 2}, lang.Vector, arr(lang.KindReal), lang.Real}
	}
	return []lang.Type{p.Type}
}

func isContainer(t lang.Type) bool {
	return t.Dims > 0 || t.Kind == lang.KindVector || t.Kind == lang.KindRowVector || t.Kind == lang.KindMatrix
}

func overloads() []overload {
	var out []overload
	for _, name := range lang.FuncNames() {
		f := lang.LookupFunc(name)
		for _, s := range f.Overloads {
			o := overload{owner: name, fn: f, sig: s, rule: sizes.CallRule(s)}
			for _, p := range s.Params {
				o.params = append(o.params, candidates(p))
			}
			out = append(out, o)
		}
	}
	for _, d := range lang.Dists() {
		s := d.Lpdf.Overloads[0]
		o := overload{owner: "~ " + d.Name, sig: s, dist: d, rule: sizes.CallRule(s)}
		for _, p := range s.Params {
			o.params = append(o.params, candidates(p))
		}
		out = append(out, o)
	}
	kinds := []lang.Type{lang.Int, lang.Real, lang.Vector, lang.RowVector, lang.Matrix}
	for op := lang.OpOr; op <= lang.OpEltPow; op++ {
		for _, x := range kinds {
			for _, y := range kinds {
				if _, ok := lang.BinaryResult(op, x, y); ok {
					out = append(out, overload{owner: "operator " + op.String(), op: op, isOp: true,
						params: [][]lang.Type{{x}, {y}}, rule: sizes.BinaryRule(op)})
				}
			}
		}
	}
	return out
}

// choices are the overload's argument types to try, those with the most
// containers first; only those with a container.
func (o *overload) choices() [][]lang.Type {
	var out [][]lang.Type
	var rec func(prefix []lang.Type)
	rec = func(prefix []lang.Type) {
		if len(prefix) == len(o.params) {
			out = append(out, append([]lang.Type(nil), prefix...))
			return
		}
		for _, t := range o.params[len(prefix)] {
			rec(append(prefix, t))
		}
	}
	rec(nil)
	n := func(ts []lang.Type) int {
		c := 0
		for _, t := range ts {
			if isContainer(t) {
				c++
			}
		}
		return c
	}
	kept := out[:0]
	for _, ts := range out {
		if n(ts) > 0 && (o.sig == nil || o.sig.Pairs(ts)) {
			kept = append(kept, ts)
		}
	}
	sort.SliceStable(kept, func(i, j int) bool { return n(kept[i]) > n(kept[j]) })
	return kept
}

// sizeArgs are the int arguments whose value is a size in the rule.
func (o *overload) sizeArgs() map[int]bool {
	m := map[int]bool{}
	for _, g := range o.rule.Groups {
		for _, s := range g {
			switch s.Of {
			case sizes.Value:
				m[s.Arg] = true
			case sizes.Area:
				m[s.Arg], m[s.Arg+1] = true, true
			}
		}
	}
	return m
}

// assignment enumerates the sizes of arguments of types ts: each shape
// entry, and the value of each int argument that is a size.
type assignment struct {
	ts    []lang.Type
	slots []slot
}

type slot struct {
	arg    int
	dim    int // shape entry, or -1 for an int's value
	values []int
}

func rank(t lang.Type) int {
	switch t.Kind {
	case lang.KindVector, lang.KindRowVector:
		return t.Dims + 1
	case lang.KindMatrix:
		return t.Dims + 2
	}
	return t.Dims
}

func (o *overload) assignment(ts []lang.Type) assignment {
	a := assignment{ts: ts}
	byValue := o.sizeArgs()
	for i, t := range ts {
		for d := 0; d < rank(t); d++ {
			a.slots = append(a.slots, slot{i, d, []int{2, 3, 4}})
		}
		if t == lang.Int && byValue[i] {
			a.slots = append(a.slots, slot{i, -1, []int{1, 2, 3}})
		}
	}
	return a
}

// each calls f with the arguments of every assignment until f returns true.
func (a assignment) each(f func(args []sizes.Arg) bool) {
	vals := make([]int, len(a.slots))
	var rec func(k int) bool
	rec = func(k int) bool {
		if k == len(a.slots) {
			return f(a.args(vals))
		}
		for _, v := range a.slots[k].values {
			vals[k] = v
			if rec(k + 1) {
				return true
			}
		}
		return false
	}
	rec(0)
}

func (a assignment) args(vals []int) []sizes.Arg {
	out := make([]sizes.Arg, len(a.ts))
	for i, t := range a.ts {
		out[i] = sizes.Arg{Type: t, Shape: make([]int, 0, rank(t))}
		if t == lang.Int {
			out[i].Int, out[i].Known = 1, true
		}
	}
	for k, s := range a.slots {
		if s.dim < 0 {
			out[s.arg].Int = vals[k]
		} else {
			out[s.arg].Shape = append(out[s.arg].Shape, vals[k])
		}
	}
	for i := range out {
		if len(out[i].Shape) == 0 {
			out[i].Shape = nil
		}
	}
	return out
}

func holdsExcept(r sizes.Rule, args []sizes.Arg, skip int) bool {
	for i, g := range r.Groups {
		if i != skip && !g.Holds(args) {
			return false
		}
	}
	return true
}

func distinct(args []sizes.Arg) int {
	seen := map[int]bool{}
	for _, a := range args {
		for _, d := range a.Shape {
			seen[d] = true
		}
	}
	return len(seen)
}

// cases are the overload's cases: well-sized calls for its first and last
// choice of types (the most and the fewest containers), with as many
// different sizes as the rule allows, and one call per group that breaks
// that group alone. groups says which groups a case breaks.
func (o *overload) cases() ([]Case, []bool) {
	choices := o.choices()
	var out []Case
	groups := make([]bool, len(o.rule.Groups))
	good := func(ts []lang.Type) bool {
		var best []sizes.Arg
		o.assignment(ts).each(func(args []sizes.Arg) bool {
			if holdsExcept(o.rule, args, -1) && (best == nil || distinct(args) > distinct(best)) {
				best = args
			}
			return false
		})
		if best != nil {
			out = append(out, o.newCase(best, false))
		}
		return best != nil
	}
	for _, ts := range choices {
		if good(ts) {
			break
		}
	}
	if len(choices) > 1 {
		good(choices[len(choices)-1])
	}
	for gi, g := range o.rule.Groups {
		for _, ts := range choices {
			found := false
			o.assignment(ts).each(func(args []sizes.Arg) bool {
				if !g.Holds(args) && holdsExcept(o.rule, args, gi) {
					out = append(out, o.newCase(args, true))
					found = true
				}
				return found
			})
			if found {
				groups[gi] = true
				break
			}
		}
	}
	return out, groups
}

func (o *overload) newCase(args []sizes.Arg, bad bool) Case {
	c := Case{Func: o.fn, Dist: o.dist, Bad: bad, args: args}
	names := make([]string, len(args))
	types := make([]string, len(args))
	ts := make([]lang.Type, len(args))
	for i, a := range args {
		names[i] = "a" + strconv.Itoa(i+1)
		types[i] = sizes.TypeString(a)
		ts[i] = a.Type
	}
	switch {
	case o.isOp:
		c.call = names[0] + " " + o.op.String() + " " + names[1]
		c.Name = types[0] + " " + o.op.String() + " " + types[1]
		c.result, _ = lang.BinaryResult(o.op, ts[0], ts[1])
		if bad {
			c.Want = sizes.BinaryError(o.op, args[0], args[1])
		}
	case o.dist != nil:
		c.tilde = true
		c.call = names[0] + " ~ " + o.dist.Name + "(" + strings.Join(names[1:], ", ") + ");"
		c.Name = types[0] + " ~ " + o.dist.Name + "(" + strings.Join(types[1:], ", ") + ")"
		if bad {
			c.Want = sizes.TildeError(o.sig, args)
		}
	default:
		c.call = o.fn.Name + "(" + joinCall(o.sig, names) + ")"
		c.Name = o.fn.Name + "(" + joinCall(o.sig, types) + ")"
		c.result = o.sig.ResultType(ts)
		if bad {
			c.Want = sizes.CallError(o.sig, args)
		}
	}
	return c
}

// joinCall joins arguments as the call writes them: a density's outcome
// followed by "|".
func joinCall(s *lang.Signature, args []string) string {
	if s.Dist != nil && s.Suffix != lang.SuffixRng && len(args) > 1 {
		return args[0] + " | " + strings.Join(args[1:], ", ")
	}
	return strings.Join(args, ", ")
}

// ---------------------------------------------------------------- statements

// Statements are the cases the tables do not generate: assignments, which
// must keep the shape of what they store into (a matrix[3, 2] has the six
// elements of a matrix[2, 3], not its shape), and indexes by arrays of ints,
// whose selections have the sizes of the arrays, and a row of a matrix times
// a vector in a loop, which the compiler lowers for all rows at once.
func Statements() []Case {
	vec := func(n int) sizes.Arg { return sizes.Arg{Type: lang.Vector, Shape: []int{n}} }
	mat := func(r, c int) sizes.Arg { return sizes.Arg{Type: lang.Matrix, Shape: []int{r, c}} }
	idx := func(n int) sizes.Arg {
		return sizes.Arg{Type: lang.Type{Kind: lang.KindInt, Dims: 1}, Shape: []int{n}}
	}
	cases := []Case{
		{Name: "matrix[2, 3] declared from a matrix[3, 2]", args: []sizes.Arg{mat(3, 2)},
			body: []string{"matrix[2, 3] m = a1;"}, at: [2]int{0, 3},
			Want: "size mismatch assigning to m: it is matrix[2, 3], the value is matrix[3, 2]"},
		{Name: "matrix[2, 3] assigned a matrix[3, 2]", args: []sizes.Arg{mat(3, 2)},
			body: []string{"matrix[2, 3] m = rep_matrix(0, 2, 3);", "m = a1;"}, at: [2]int{1, 3},
			Want: "size mismatch assigning to m: it is matrix[2, 3], the value is matrix[3, 2]"},
		{Name: "a block of a matrix assigned a matrix of its transposed shape", args: []sizes.Arg{mat(3, 3), mat(3, 2)},
			body: []string{"matrix[3, 3] m = a1;", "m[1:2, 1:3] = a2;"}, at: [2]int{1, 3},
			Want: "size mismatch assigning to m[1:2, 1:3]: it is matrix[2, 3], the value is matrix[3, 2]"},
		{Name: "elements selected by an array of 2 ints assigned a vector[3]", args: []sizes.Arg{vec(3), idx(2), vec(3)},
			body: []string{"vector[3] v = a1;", "v[a2] = a3;"}, at: [2]int{1, 3},
			Want: "size mismatch assigning to v[a2]: it is vector[2], the value is vector[3]"},
		{Name: "elements selected by an array of 2 ints plus a vector[3]", args: []sizes.Arg{vec(3), idx(2), vec(3)},
			body: []string{"vector[2] w = a1[a2] + a3;"}, at: [2]int{0, 17},
			Want: "size mismatch in an addition: the left operand (vector[2]) has length 2, but the right operand (vector[3]) has length 3"},
		{Name: "elements selected by an array of 2 ints ~ normal(vector[3], 1)", args: []sizes.Arg{vec(3), idx(2), vec(3)},
			body: []string{"a1[a2] ~ normal(a3, 1);"}, at: [2]int{0, 3}, tilde: true,
			Want: "size mismatch in ~ normal: the outcome (vector[2]) has length 2, but the location (vector[3]) has length 3"},
		{Name: "rows of a matrix[4, 2] times a vector[3] in a loop", args: []sizes.Arg{mat(4, 2), vec(3), vec(4)},
			body: []string{"for (n in 1:4) a3[n] ~ normal(a1[n] * a2, 1);"}, at: [2]int{0, 33}, tilde: true,
			Want: "size mismatch in a product: the left operand (row_vector[2]) has length 2, but the right operand (vector[3]) has length 3"},
		{Name: "rows of a matrix[4, 2] times a vector[3] in a loop, summed", args: []sizes.Arg{mat(4, 2), vec(3)},
			body: []string{"real s = 0;", "for (n in 1:4) s += a1[n] * a2;"}, at: [2]int{1, 23},
			Want: "size mismatch in a product: the left operand (row_vector[2]) has length 2, but the right operand (vector[3]) has length 3"},
	}
	for i := range cases {
		cases[i].Bad = true
	}
	return cases
}
