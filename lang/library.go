package lang

import (
	"sort"

	"github.com/bayes-dev/bayes/library"
	// library/all registers every entry of the library before this package
	// initialises: the table below, and every reader of the registry after
	// it (the compiler's op table, the interpreter), which all import lang.
	_ "github.com/bayes-dev/bayes/library/all"
)

// This file is the table of built-in functions and distributions as the
// checker sees them: every row is made from an entry of the library
// (package library), which defines each function and family once, its
// signatures included; target() (builtins.go) is the language's own. The
// checker resolves each call to a *Signature of this table; the compiler
// and the interpreter map each row (the *Func, with the overload's index)
// to the library's formula, kernel or rng.
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
	// ClassDesign is a GLM's design matrix, or a row vector broadcast to
	// every outcome.
	ClassDesign
	// ClassAny is any int- or real-based value: a scalar, vector, row_vector,
	// matrix or an array of them (an elementwise function's argument, rep_array's value).
	ClassAny
	// ClassAnyArray is an array of any element type and any number of dimensions.
	ClassAnyArray
	// ClassElements is an argument of a vectorised binary function: a
	// scalar of Type, or a container of such elements (library.ClassElements);
	// Signature.pairs relates the two arguments.
	ClassElements
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
	// ResultBinaryElementwise: a vectorised binary function's call, the
	// container argument's shape (library.ResultBinaryElementwise).
	ResultBinaryElementwise
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

// The parameters of the univariate families: vectorised reals and ints.
var (
	reals = Param{Class: ClassReals}
	ints  = Param{Class: ClassInts}
)

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
		library.ClassAny: ClassAny, library.ClassDesign: ClassDesign, library.ClassElements: ClassElements}
	libResults = map[library.Result]Result{library.ResultFixed: ResultFixed, library.ResultSameAsArg: ResultSameAsArg,
		library.ResultFlatten: ResultFlatten, library.ResultElementwise: ResultElementwise,
		library.ResultArrayOf: ResultArrayOf, library.ResultBinaryElementwise: ResultBinaryElementwise}
)

func libType(t library.Type) Type { return Type{Kind: libKinds[t.Kind], Dims: t.Dims} }

func libParam(a library.Arg) Param {
	p := Param{Name: a.Name, Class: libClasses[a.Class]}
	if a.Class == library.ClassExact || a.Class == library.ClassElements {
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
	add(targetFunc())
	for _, lf := range library.Funcs() {
		f := &Func{Name: lf.Name, Lib: lf}
		var suffix Suffix
		if lf.Rng != nil { // a random draw: where NAME_rng may be called
			f.Blocks, f.What, suffix = blocks(BlockTransformedData, BlockGeneratedQuantities), "_rng functions are", SuffixRng
		}
		for _, o := range lf.Overloads {
			f.addOverload(&Signature{Params: libParams(o.Params), Ret: libType(o.Ret), Result: libResults[o.Result],
				Elementwise: o.Result == library.ResultElementwise, Suffix: suffix})
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
