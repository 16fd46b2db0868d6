package lang

import (
	"sort"
	"strings"

	"github.com/bayes-dev/bayes/library"
)

// This file is the one table of built-in functions and distributions: every
// fact about a built-in's name, overloads, result type, vectorisation and the
// blocks where it may be called lives here. The checker resolves each call to
// a *Signature from this table; the compiler maps each *Signature (the row
// pointer plus its overload index) to an IR op.
//
// Signatures follow the Stan Functions Reference (version 2.36); where Stan
// has more overloads than are listed, the missing ones are simply not
// supported yet.

// ---------------------------------------------------------------- parameters

// ParamClass says how an argument matches a parameter.
type ParamClass uint8

const (
	// ClassExact matches Param.Type, allowing int to real promotion
	// (array[] int for array[] real included), as Stan's function calls do.
	ClassExact ParamClass = iota
	// ClassReals is Stan's vectorised "reals": int, real, vector, row_vector
	// or a one-dimensional array of int or real (Functions Reference,
	// "Vectorization of univariate functions").
	ClassReals
	// ClassInts is Stan's vectorised "ints": int or array[] int.
	ClassInts
	// ClassVectors is Stan's "vectors": vector, row_vector, or an array of either.
	ClassVectors
	// ClassAny is any int- or real-based value: a scalar, vector, row_vector,
	// matrix or an array of them (an elementwise function's argument, rep_array's value).
	ClassAny
	// ClassAnyArray is an array of any element type and any number of dimensions.
	ClassAnyArray
)

// Param is one parameter of a signature.
type Param struct {
	Name  string // what the argument means, for messages: "location", "scale"; empty for plain functions
	Class ParamClass
	Type  Type // for ClassExact
}

// Result says how a call's type follows from its arguments.
type Result uint8

const (
	// ResultFixed: the call has type Signature.Ret.
	ResultFixed Result = iota
	// ResultElementwise: the shape of argument 1 with kind Ret.Kind (real),
	// for Stan's vectorised unary functions: exp(vector) is a vector.
	ResultElementwise
	// ResultRng: Ret (int or real) when every argument is a scalar, else a
	// one-dimensional array of it, as Stan's vectorised _rng functions.
	ResultRng
	// ResultArrayOf: argument 1's type with one more array dimension per
	// further (size) argument: rep_array.
	ResultArrayOf
	// ResultSameAsArg: the type of argument 1: head, tail, segment, cumulative_sum of arrays.
	ResultSameAsArg
	// ResultFlatten: array[] int when argument 1 holds ints, else array[] real: to_array_1d.
	ResultFlatten
)

// Suffix is the suffix of a distribution function's name.
type Suffix uint8

const (
	SuffixNone  Suffix = iota // not a distribution function
	SuffixLpdf                // _lpdf or _lpmf: the log density, normalised
	SuffixLupdf               // _lupdf or _lupmf: the log density up to a constant, what ~ uses
	SuffixCDF                 // _cdf
	SuffixLCDF                // _lcdf
	SuffixLCCDF               // _lccdf
	SuffixRng                 // _rng
)

// Signature is one overload of a built-in function. Its identity (the pointer,
// or Func plus Index) is stable for the life of the program.
type Signature struct {
	Func   *Func
	Index  int // position in Func.Overloads
	Params []Param
	Ret    Type
	Result Result

	// Elementwise is true for Stan's vectorised unary functions: the
	// scalar function applies to every element of the argument.
	Elementwise bool

	// For a distribution function: the family, its outcome (int or real)
	// and the suffix. Dist is nil for other functions.
	Dist   *Dist
	Suffix Suffix
}

// Name is the function's name as written in a model.
func (s *Signature) Name() string { return s.Func.Name }

// Func is one row of the table: a function name and all its overloads.
type Func struct {
	Name      string
	Overloads []*Signature
	// Blocks lists where the function may be called; zero means anywhere.
	Blocks blockSet
	// What names the restricted class of functions in messages, with its
	// verb: "rng functions are".
	What string
	// Lib is the function's entry in the library, where everything about
	// it is defined; nil for the functions of the table below.
	Lib *library.Func
}

// blockSet is a set of BlockKinds.
type blockSet uint16

func blocks(ks ...BlockKind) blockSet {
	var s blockSet
	for _, k := range ks {
		s |= 1 << k
	}
	return s
}

func (s blockSet) has(k BlockKind) bool { return s&(1<<k) != 0 }

// String lists the set's blocks in order, joined by "and".
func (s blockSet) String() string {
	var names []string
	for k := BlockFunctions; k < BlockLocal; k++ {
		if s.has(k) {
			names = append(names, k.String())
		}
	}
	return joinWith(names, "and")
}

// ---------------------------------------------------------------- distributions

// Outcome is what a distribution's variate holds.
type Outcome uint8

const (
	OutcomeReal Outcome = iota // a continuous distribution: _lpdf
	OutcomeInt                 // a discrete distribution: _lpmf
)

// Dist is one distribution family. Its row generates the functions
// NAME_lpdf (or _lpmf), NAME_lupdf (_lupmf), NAME_cdf, NAME_lcdf, NAME_lccdf
// (when CDF) and NAME_rng, and is what `y ~ NAME(...)` refers to.
type Dist struct {
	Name    string
	Outcome Outcome
	Variate Param   // the outcome's parameter: ClassReals, ClassInts or an exact type
	Params  []Param // the arguments after the outcome
	Support string  // the variate's support, Stan Functions Reference notation
	CDF     bool    // has _cdf, _lcdf and _lccdf (and so allows truncation)

	// RngParams and RngRet give a multivariate family's _rng signature;
	// when RngParams is nil, the _rng takes Params and is vectorised (ResultRng).
	RngParams []Param
	RngRet    Type

	// Lpdf is the _lpdf/_lpmf function, the one `~` resolves to.
	Lpdf *Func

	// Lib or Mv is the family's entry in the library, where everything
	// about it is defined (its row here is made from it): Lib for a
	// univariate family, Mv for a multivariate one.
	Lib *library.Dist
	Mv  *library.MvDist
}

// Parameter constructors, to keep the table rows short.
var (
	reals   = Param{Class: ClassReals}
	ints    = Param{Class: ClassInts}
	vectors = Param{Class: ClassVectors}
	anyVal  = Param{Class: ClassAny}
	anyArr  = Param{Class: ClassAnyArray}
)

func exact(t Type) Param        { return Param{Type: t} }
func arr(k Kind, dims int) Type { return Type{Kind: k, Dims: dims} }

func named(name string, p Param) Param {
	p.Name = name
	return p
}

// dists is the distribution table (Stan Functions Reference, parts
// "Discrete distributions" and "Continuous distributions"): the univariate
// families of the library, then the multivariate ones.
var dists = append(libraryDists(), libraryMvDists()...)

// libraryDists makes the rows of the library's families: ints are
// vectorised ints (data), every other argument vectorised reals.
func libraryDists() []*Dist {
	var out []*Dist
	for _, ld := range library.Dists() {
		d := &Dist{Name: ld.Name, Variate: reals, Support: ld.Support, CDF: ld.HasCDF(), Lib: ld}
		if ld.Discrete {
			d.Outcome, d.Variate = OutcomeInt, ints
		}
		for _, p := range ld.Params {
			c := reals
			if p.Int {
				c = ints
			}
			d.Params = append(d.Params, named(p.Name, c))
		}
		out = append(out, d)
	}
	return out
}

// libraryMvDists makes the rows of the library's multivariate families.
func libraryMvDists() []*Dist {
	var out []*Dist
	for _, md := range library.MvDists() {
		d := &Dist{Name: md.Name, Variate: libParam(md.Variate), Params: libParams(md.Params), Support: md.Support,
			RngParams: libParams(md.RngParams), RngRet: libType(md.RngRet), Mv: md}
		if md.Discrete {
			d.Outcome = OutcomeInt
		}
		out = append(out, d)
	}
	return out
}

// libKinds and libClasses translate the library's signatures.
var (
	libKinds = map[library.Kind]Kind{library.KindInt: KindInt, library.KindReal: KindReal,
		library.KindVector: KindVector, library.KindRowVector: KindRowVector, library.KindMatrix: KindMatrix}
	libClasses = map[library.Class]ParamClass{library.ClassExact: ClassExact, library.ClassReals: ClassReals,
		library.ClassInts: ClassInts, library.ClassVectors: ClassVectors, library.ClassAnyArray: ClassAnyArray,
		library.ClassAny: ClassAny}
	libResults = map[library.Result]Result{library.ResultFixed: ResultFixed, library.ResultSameAsArg: ResultSameAsArg,
		library.ResultFlatten: ResultFlatten, library.ResultElementwise: ResultElementwise}
)

func libType(t library.Type) Type { return Type{Kind: libKinds[t.Kind], Dims: t.Dims} }

func libParam(a library.Arg) Param {
	p := Param{Name: a.Name, Class: libClasses[a.Class]}
	if a.Class == library.ClassExact {
		p.Type = libType(a.Type)
	}
	return p
}

func libParams(as []library.Arg) []Param {
	out := make([]Param, len(as))
	for i, a := range as {
		out[i] = libParam(a)
	}
	return out
}

// ---------------------------------------------------------------- functions

// fn describes a plain function row before the table is built.
type fn struct {
	name        string
	elementwise bool
	blocks      blockSet
	what        string
	overloads   []overload
}

type overload struct {
	ret    Type
	result Result
	params []Param
}

// sig builds an overload with a fixed result type and exact parameters.
func sig(ret Type, params ...Type) overload {
	o := overload{ret: ret}
	for _, t := range params {
		o.params = append(o.params, exact(t))
	}
	return o
}

// gen builds an overload whose result follows a rule.
func gen(result Result, ret Type, params ...Param) overload {
	return overload{ret: ret, result: result, params: params}
}

// unary is a vectorised unary real function (Functions Reference,
// "Vectorization of unary functions"): real -> real applied to every element.
func unary(name string) fn {
	return fn{name: name, elementwise: true, overloads: []overload{gen(ResultElementwise, Real, anyVal)}}
}

// constant is a real constant written as a call with no arguments: pi().
func constant(name string) fn { return fn{name: name, overloads: []overload{sig(Real)}} }

var (
	vecR  = arr(KindReal, 1)
	vecI  = arr(KindInt, 1)
	arr2R = arr(KindReal, 2)
	arr2I = arr(KindInt, 2)
)

// reductions lists the overloads of a reduction such as sum over real containers.
func reductions(ret Type) []overload {
	return []overload{sig(ret, vecR), sig(ret, Vector), sig(ret, RowVector), sig(ret, Matrix)}
}

// funcs is the table of plain functions (Stan Functions Reference, "Real-valued
// basic functions", "Matrix operations", "Array operations").
var funcs = []fn{
	// Vectorised unary real functions.
	unary("exp"), unary("log"), unary("log1p"), unary("expm1"), unary("sqrt"), unary("square"),
	unary("inv"), unary("inv_sqrt"), unary("fabs"), unary("inv_logit"), unary("logit"),
	unary("log_inv_logit"), unary("log1m_inv_logit"), unary("log1m"), unary("log1m_exp"),
	unary("lgamma"), unary("digamma"), unary("Phi"), unary("Phi_approx"), unary("erf"), unary("erfc"),
	unary("sin"), unary("cos"), unary("tan"), unary("atan"), unary("tanh"),
	// floor, ceil and round return real in Stan, even of an int.
	unary("floor"), unary("ceil"), unary("round"),
	{name: "abs", elementwise: true, overloads: []overload{sig(Int, Int), gen(ResultElementwise, Real, anyVal)}},

	// Scalar functions of several arguments.
	{name: "pow", overloads: []overload{sig(Real, Real, Real)}},
	{name: "fmin", overloads: []overload{sig(Real, Real, Real)}},
	{name: "fmax", overloads: []overload{sig(Real, Real, Real)}},
	{name: "fma", overloads: []overload{sig(Real, Real, Real, Real)}},
	{name: "log_diff_exp", overloads: []overload{sig(Real, Real, Real)}},
	{name: "lbeta", overloads: []overload{sig(Real, Real, Real)}},
	{name: "lchoose", overloads: []overload{sig(Real, Real, Real)}},
	{name: "step", overloads: []overload{sig(Real, Real)}},
	{name: "int_step", overloads: []overload{sig(Int, Int), sig(Int, Real)}},
	{name: "is_inf", overloads: []overload{sig(Int, Real)}},
	{name: "is_nan", overloads: []overload{sig(Int, Real)}},
	{name: "log_sum_exp", overloads: append([]overload{sig(Real, Real, Real)}, reductions(Real)...)},
	{name: "log_mix", overloads: []overload{sig(Real, Real, Real, Real), sig(Real, Vector, Vector), sig(Real, Vector, vecR)}},

	// Constants.
	constant("pi"), constant("e"), constant("sqrt2"), constant("not_a_number"),
	constant("positive_infinity"), constant("negative_infinity"), constant("machine_precision"),

	// Reductions.
	{name: "sum", overloads: append([]overload{sig(Int, vecI)}, reductions(Real)...)},
	{name: "prod", overloads: append([]overload{sig(Int, vecI)}, reductions(Real)...)},
	{name: "mean", overloads: reductions(Real)},
	{name: "variance", overloads: reductions(Real)},
	{name: "sd", overloads: reductions(Real)},
	{name: "min", overloads: append([]overload{sig(Int, Int, Int), sig(Real, Real, Real), sig(Int, vecI)}, reductions(Real)...)},
	{name: "max", overloads: append([]overload{sig(Int, Int, Int), sig(Real, Real, Real), sig(Int, vecI)}, reductions(Real)...)},

	// Products.
	{name: "dot_product", overloads: []overload{sig(Real, Vector, Vector), sig(Real, RowVector, RowVector),
		sig(Real, Vector, RowVector), sig(Real, RowVector, Vector), sig(Real, vecR, vecR)}},
	{name: "dot_self", overloads: []overload{sig(Real, Vector), sig(Real, RowVector)}},
	{name: "rows_dot_product", overloads: []overload{sig(Vector, Vector, Vector), sig(Vector, RowVector, RowVector), sig(Vector, Matrix, Matrix)}},
	{name: "columns_dot_product", overloads: []overload{sig(RowVector, Vector, Vector), sig(RowVector, RowVector, RowVector), sig(RowVector, Matrix, Matrix)}},
	{name: "quad_form", overloads: []overload{sig(Real, Matrix, Vector), sig(Matrix, Matrix, Matrix)}},
	{name: "diag_pre_multiply", overloads: []overload{sig(Matrix, Vector, Matrix), sig(Matrix, RowVector, Matrix)}},
	{name: "diag_post_multiply", overloads: []overload{sig(Matrix, Matrix, Vector), sig(Matrix, Matrix, RowVector)}},
	{name: "multiply_lower_tri_self_transpose", overloads: []overload{sig(Matrix, Matrix)}},

	// Vector and matrix functions.
	{name: "diag_matrix", overloads: []overload{sig(Matrix, Vector)}},
	{name: "diagonal", overloads: []overload{sig(Vector, Matrix)}},
	{name: "cumulative_sum", overloads: []overload{sig(vecI, vecI), sig(vecR, vecR), sig(Vector, Vector), sig(RowVector, RowVector)}},
	{name: "softmax", overloads: []overload{sig(Vector, Vector)}},
	{name: "log_softmax", overloads: []overload{sig(Vector, Vector)}},
	{name: "cholesky_decompose", overloads: []overload{sig(Matrix, Matrix)}},
	{name: "mdivide_left_tri_low", overloads: []overload{sig(Vector, Matrix, Vector), sig(Matrix, Matrix, Matrix)}},
	{name: "mdivide_right_tri_low", overloads: []overload{sig(RowVector, RowVector, Matrix), sig(Matrix, Matrix, Matrix)}},
	{name: "log_determinant", overloads: []overload{sig(Real, Matrix)}},
	{name: "inverse", overloads: []overload{sig(Matrix, Matrix)}},

	// Construction and reshaping.
	{name: "rep_vector", overloads: []overload{sig(Vector, Real, Int)}},
	{name: "rep_row_vector", overloads: []overload{sig(RowVector, Real, Int)}},
	{name: "rep_array", overloads: []overload{
		gen(ResultArrayOf, Invalid, anyVal, exact(Int)),
		gen(ResultArrayOf, Invalid, anyVal, exact(Int), exact(Int)),
		gen(ResultArrayOf, Invalid, anyVal, exact(Int), exact(Int), exact(Int))}},
	{name: "to_vector", overloads: []overload{sig(Vector, Vector), sig(Vector, RowVector), sig(Vector, Matrix), sig(Vector, vecI), sig(Vector, vecR)}},

	// Sizes.
	{name: "size", overloads: []overload{gen(ResultFixed, Int, anyArr), sig(Int, Vector), sig(Int, RowVector), sig(Int, Matrix)}},
	{name: "num_elements", overloads: []overload{gen(ResultFixed, Int, anyArr), sig(Int, Vector), sig(Int, RowVector), sig(Int, Matrix)}},
	{name: "rows", overloads: []overload{sig(Int, Vector), sig(Int, RowVector), sig(Int, Matrix)}},
	{name: "cols", overloads: []overload{sig(Int, Vector), sig(Int, RowVector), sig(Int, Matrix)}},

	// target() is the log density accumulated so far (Reference Manual, "Program blocks").
	{name: "target", blocks: blocks(BlockTransformedParameters, BlockModel), what: "target() is", overloads: []overload{sig(Real)}},
}

// ---------------------------------------------------------------- the table

// builtins maps each built-in function name to its row.
var builtins = buildBuiltins()

// distsByName maps each family name to its row, for ~ statements.
var distsByName = func() map[string]*Dist {
	m := make(map[string]*Dist, len(dists))
	for _, d := range dists {
		m[d.Name] = d
	}
	return m
}()

// LookupFunc returns the built-in function called name, or nil.
func LookupFunc(name string) *Func { return builtins[name] }

// LookupDist returns the distribution family called name, or nil.
func LookupDist(name string) *Dist { return distsByName[name] }

// Dists returns every distribution family, in table order.
func Dists() []*Dist { return append([]*Dist(nil), dists...) }

// AllowedIn reports whether f may be called in program block k.
func (f *Func) AllowedIn(k BlockKind) bool { return f.Blocks == 0 || f.Blocks.has(k) }

// FuncNames returns every built-in function name, sorted.
func FuncNames() []string {
	names := make([]string, 0, len(builtins))
	for n := range builtins {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

func buildBuiltins() map[string]*Func {
	m := make(map[string]*Func)
	add := func(f *Func) {
		if m[f.Name] != nil {
			panic("lang: duplicate builtin " + f.Name) // an invariant of the table, caught by its test
		}
		m[f.Name] = f
	}
	for _, r := range funcs {
		f := &Func{Name: r.name, Blocks: r.blocks, What: r.what}
		for _, o := range r.overloads {
			f.addOverload(&Signature{Params: o.params, Ret: o.ret, Result: o.result, Elementwise: r.elementwise})
		}
		add(f)
	}
	for _, lf := range library.Funcs() {
		f := &Func{Name: lf.Name, Lib: lf}
		for _, o := range lf.Overloads {
			f.addOverload(&Signature{Params: libParams(o.Params), Ret: libType(o.Ret), Result: libResults[o.Result]})
		}
		add(f)
	}
	for _, d := range dists {
		for _, f := range distFuncs(d) {
			add(f)
		}
	}
	return m
}

func (f *Func) addOverload(s *Signature) {
	s.Func = f
	s.Index = len(f.Overloads)
	f.Overloads = append(f.Overloads, s)
}

// distFuncs generates the functions of one distribution family.
func distFuncs(d *Dist) []*Func {
	density, unnorm := "_lpdf", "_lupdf"
	if d.Outcome == OutcomeInt {
		density, unnorm = "_lpmf", "_lupmf"
	}
	withVariate := append([]Param{named("outcome", d.Variate)}, d.Params...)
	one := func(suffix Suffix, name string, params []Param, ret Type, result Result) *Func {
		f := &Func{Name: d.Name + name}
		f.addOverload(&Signature{Params: params, Ret: ret, Result: result, Dist: d, Suffix: suffix})
		return f
	}
	d.Lpdf = one(SuffixLpdf, density, withVariate, Real, ResultFixed)
	lupdf := one(SuffixLupdf, unnorm, withVariate, Real, ResultFixed)
	lupdf.Blocks, lupdf.What = blocks(BlockModel), unnorm+" functions are"
	out := []*Func{d.Lpdf, lupdf}
	if d.CDF {
		out = append(out,
			one(SuffixCDF, "_cdf", withVariate, Real, ResultFixed),
			one(SuffixLCDF, "_lcdf", withVariate, Real, ResultFixed),
			one(SuffixLCCDF, "_lccdf", withVariate, Real, ResultFixed))
	}
	if d.Mv != nil && d.Mv.NoRngFunc != "" {
		return out
	}
	var rng *Func
	if d.RngParams != nil {
		rng = one(SuffixRng, "_rng", d.RngParams, d.RngRet, ResultFixed)
	} else {
		base := Real
		if d.Outcome == OutcomeInt {
			base = Int
		}
		rng = one(SuffixRng, "_rng", d.Params, base, ResultRng)
	}
	rng.Blocks, rng.What = blocks(BlockTransformedData, BlockGeneratedQuantities), "_rng functions are"
	return append(out, rng)
}

// ---------------------------------------------------------------- matching

// match reports whether an argument of type t can be passed for p, and
// whether it needs an int to real promotion.
func (p Param) match(t Type) (ok, promoted bool) {
	switch p.Class {
	case ClassExact:
		if t == p.Type {
			return true, false
		}
		return t.Kind == KindInt && p.Type.Kind == KindReal && t.Dims == p.Type.Dims, true
	case ClassReals:
		switch {
		case t.Dims == 0 && (t.Kind == KindInt || t.Kind == KindReal || t.Kind == KindVector || t.Kind == KindRowVector):
			return true, t.Kind == KindInt
		case t.Dims == 1 && (t.Kind == KindInt || t.Kind == KindReal):
			return true, t.Kind == KindInt
		}
	case ClassInts:
		return t.Kind == KindInt && t.Dims <= 1, false
	case ClassVectors:
		return (t.Kind == KindVector || t.Kind == KindRowVector) && t.Dims <= 1, false
	case ClassAny:
		return t.Kind >= KindInt && t.Kind <= KindMatrix, false
	case ClassAnyArray:
		return t.Dims >= 1 && t.Kind >= KindInt && t.Kind <= KindMatrix, false
	}
	return false, false
}

// String says in words what p accepts, for messages.
func (p Param) String() string {
	switch p.Class {
	case ClassReals:
		return "real, vector, row_vector or array of reals"
	case ClassInts:
		return "int or array of ints"
	case ClassVectors:
		return "vector, row_vector or array of vectors or row_vectors"
	case ClassAny:
		return "int, real, vector, row_vector, matrix or an array of them"
	case ClassAnyArray:
		return "an array"
	}
	return p.Type.String()
}

// result is the type of a call of s with arguments of types args, which match s.
func (s *Signature) result(args []Type) Type {
	switch s.Result {
	case ResultElementwise:
		return Type{Kind: realKind(args[0].Kind), Dims: args[0].Dims}
	case ResultRng:
		for _, a := range args {
			if a.Dims > 0 || a.Kind == KindVector || a.Kind == KindRowVector {
				return Type{Kind: s.Ret.Kind, Dims: 1}
			}
		}
		return s.Ret
	case ResultArrayOf:
		return Type{Kind: args[0].Kind, Dims: args[0].Dims + len(args) - 1}
	case ResultSameAsArg:
		return args[0]
	case ResultFlatten:
		if args[0].Kind == KindInt {
			return vecI
		}
		return vecR
	}
	return s.Ret
}

// ResultType is the type of a call of s with arguments of types args, which
// match s: what the checker gives the call.
func (s *Signature) ResultType(args []Type) Type { return s.result(args) }

// realKind promotes int to real and leaves other kinds alone.
func realKind(k Kind) Kind {
	if k == KindInt {
		return KindReal
	}
	return k
}

// joinWith joins words as prose: "a", "a or b", "a, b or c".
func joinWith(words []string, conj string) string {
	switch len(words) {
	case 0:
		return ""
	case 1:
		return words[0]
	}
	return strings.Join(words[:len(words)-1], ", ") + " " + conj + " " + words[len(words)-1]
}

// ---------------------------------------------------------------- operators

// opKey is an operator applied to operands of two kinds (operators take no arrays).
type opKey struct {
	op   BinOp
	x, y Kind
}

// binaryOps gives the result kind of each operator on each pair of operand
// kinds it accepts (Stan Functions Reference, "Integer-valued basic
// functions", "Real-valued basic functions" and "Matrix operations").
// int op int is int for + - * / % %/% (so 7 / 2 is 3, as in Stan); ^ is always real.
var binaryOps = buildBinaryOps()

// unaryOps gives the result kind of prefix -, + and ! on each operand kind.
var unaryOps = map[UnaryOp]map[Kind]Kind{
	UnaryNeg:  {KindInt: KindInt, KindReal: KindReal, KindVector: KindVector, KindRowVector: KindRowVector, KindMatrix: KindMatrix},
	UnaryPlus: {KindInt: KindInt, KindReal: KindReal, KindVector: KindVector, KindRowVector: KindRowVector, KindMatrix: KindMatrix},
	UnaryNot:  {KindInt: KindInt, KindReal: KindInt},
}

// transposes gives the kind of x' for each kind that can be transposed.
var transposes = map[Kind]Kind{KindVector: KindRowVector, KindRowVector: KindVector, KindMatrix: KindMatrix}

func buildBinaryOps() map[opKey]Kind {
	m := map[opKey]Kind{}
	scalars := []Kind{KindInt, KindReal}
	containers := []Kind{KindVector, KindRowVector, KindMatrix}
	scalarPairs := func(op BinOp, intResult, realResult Kind) {
		for _, x := range scalars {
			for _, y := range scalars {
				r := realResult
				if x == KindInt && y == KindInt {
					r = intResult
				}
				m[opKey{op, x, y}] = r
			}
		}
	}
	withScalar := func(op BinOp, left, right bool) {
		for _, c := range containers {
			for _, s := range scalars {
				if left {
					m[opKey{op, s, c}] = c
				}
				if right {
					m[opKey{op, c, s}] = c
				}
			}
		}
	}
	same := func(op BinOp) {
		for _, c := range containers {
			m[opKey{op, c, c}] = c
		}
	}
	for _, op := range []BinOp{OpAdd, OpSub} {
		scalarPairs(op, KindInt, KindReal)
		same(op)
		withScalar(op, true, true)
	}
	scalarPairs(OpMul, KindInt, KindReal)
	withScalar(OpMul, true, true)
	m[opKey{OpMul, KindRowVector, KindVector}] = KindReal
	m[opKey{OpMul, KindVector, KindRowVector}] = KindMatrix
	m[opKey{OpMul, KindMatrix, KindVector}] = KindVector
	m[opKey{OpMul, KindRowVector, KindMatrix}] = KindRowVector
	m[opKey{OpMul, KindMatrix, KindMatrix}] = KindMatrix
	scalarPairs(OpDiv, KindInt, KindReal)
	withScalar(OpDiv, false, true)
	m[opKey{OpDiv, KindRowVector, KindMatrix}] = KindRowVector
	m[opKey{OpDiv, KindMatrix, KindMatrix}] = KindMatrix
	m[opKey{OpLeftDiv, KindMatrix, KindVector}] = KindVector
	m[opKey{OpLeftDiv, KindMatrix, KindMatrix}] = KindMatrix
	m[opKey{OpMod, KindInt, KindInt}] = KindInt
	m[opKey{OpIntDiv, KindInt, KindInt}] = KindInt
	for _, op := range []BinOp{OpEltMul, OpEltDiv, OpEltPow} {
		same(op)
		withScalar(op, true, true)
	}
	// on two scalars, .* and ./ are * and / (stanc3's elt_multiply and
	// elt_divide: int, int -> int; real, real -> real)
	scalarPairs(OpEltMul, KindInt, KindReal)
	scalarPairs(OpEltDiv, KindInt, KindReal)
	scalarPairs(OpPow, KindReal, KindReal)
	scalarPairs(OpEltPow, KindReal, KindReal)
	for _, op := range []BinOp{OpEq, OpNe, OpLt, OpLe, OpGt, OpGe, OpAnd, OpOr} {
		scalarPairs(op, KindInt, KindInt)
	}
	return m
}

// BinaryResult is the type of x op y, and false when op does not take those operands.
func BinaryResult(op BinOp, x, y Type) (Type, bool) {
	if x.Dims > 0 || y.Dims > 0 {
		return Invalid, false
	}
	k, ok := binaryOps[opKey{op, x.Kind, y.Kind}]
	return Type{Kind: k}, ok
}
