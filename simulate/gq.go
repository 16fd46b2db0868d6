package simulate

import (
	"fmt"
	"io"
	"math/rand/v2"

	"github.com/bayes-dev/bayes/lang"
)

// Generator runs a program's generated quantities block for one posterior
// draw at a time (Stan Reference Manual, "Program block: generated
// quantities"). Transformed data are computed once, by NewGenerator.
type Generator struct {
	p      *lang.Program
	m      *machine
	params []*lang.VarDecl // parameters, then transformed parameters
	nParam int             // scalar elements of the parameters alone
	nBoth  int             // ... and of the transformed parameters
	gq     []*lang.VarDecl
	shapes map[*lang.VarDecl][]int
	names  []string
	pnames []string

	// Print receives the output of print statements; nil discards it.
	Print io.Writer
}

// NewGenerator binds p to its data, d (each data variable's value by name,
// as package data binds them), and runs transformed data (TransformedData).
// Transformed data that call _rng functions draw from
// TransformedDataRNG(0).
func NewGenerator(p *lang.Program, d map[string]*Value) (_ *Generator, err error) {
	return NewGeneratorSeed(p, d, 0)
}

// NewGeneratorSeed is NewGenerator with transformed data drawn from
// TransformedDataRNG(seed), the run's seed, so that they are the values
// the compiled model was bound to.
func NewGeneratorSeed(p *lang.Program, d map[string]*Value, seed uint64) (_ *Generator, err error) {
	defer recoverInternal(&err)
	m := newMachine(p, TransformedDataRNG(seed))
	if err := bindData(m, p, d, nil); err != nil {
		return nil, err
	}
	if err := m.transformedData(p); err != nil {
		return nil, err
	}
	g := &Generator{p: p, m: m, shapes: map[*lang.VarDecl][]int{}}
	for _, dcl := range append(topDecls(p.Parameters), topDecls(p.TransformedParameters)...) {
		shape, err := m.declShape(dcl.Type)
		if err != nil {
			return nil, err
		}
		g.shapes[dcl] = shape
		g.params = append(g.params, dcl)
		g.pnames = append(g.pnames, elementNames(dcl.Name, shape)...)
		if dcl.Block == lang.BlockParameters {
			g.nParam += product(shape)
		}
		g.nBoth += product(shape)
	}
	for _, dcl := range topDecls(p.GeneratedQuantities) {
		shape, err := m.declShape(dcl.Type)
		if err != nil {
			return nil, err
		}
		g.shapes[dcl] = shape
		g.gq = append(g.gq, dcl)
		g.names = append(g.names, elementNames(dcl.Name, shape)...)
	}
	return g, nil
}

// Declared is a variable of the program as Run sees it: its declaration,
// its shape with the data's sizes bound, and its Stan element names in
// CmdStan's order.
type Declared struct {
	Decl  *lang.VarDecl
	Shape []int
	Names []string
}

// Params are the parameters then the transformed parameters, in
// declaration order: the variables whose values Run takes (ParamNames is
// their names, one after another).
func (g *Generator) Params() []Declared {
	out := make([]Declared, len(g.params))
	for i, dcl := range g.params {
		shape := g.shapes[dcl]
		out[i] = Declared{Decl: dcl, Shape: shape, Names: elementNames(dcl.Name, shape)}
	}
	return out
}

// ParamNames are the names of the values Run takes: parameters then
// transformed parameters, Stan element names in CmdStan's order.
func (g *Generator) ParamNames() []string { return g.pnames }

// GQNames are the names of the values Run writes, Stan element names in
// CmdStan's order (arrays by index, matrices column-major: the first index
// varies fastest).
func (g *Generator) GQNames() []string { return g.names }

// Run computes the generated quantities of one draw. params holds the
// parameters' values, or the parameters' and transformed parameters', in
// ParamNames' order; with the parameters alone, the transformed parameters
// block runs first. out receives len(GQNames()) values. print writes to
// g.Print; reject returns a *RejectError; a declared bound that does not
// hold is an error naming the element.
func (g *Generator) Run(rng *rand.Rand, params []float64, out []float64) (err error) {
	defer recoverInternal(&err)
	if len(params) != g.nParam && len(params) != g.nBoth {
		return fmt.Errorf("generated quantities: %d parameter values, want %d (parameters) or %d (with transformed parameters)", len(params), g.nParam, g.nBoth)
	}
	if len(out) != len(g.names) {
		return fmt.Errorf("generated quantities: room for %d values, want %d", len(out), len(g.names))
	}
	m := g.m
	m.rng, m.out = rng, g.Print
	g.bind(params)
	if len(params) == g.nParam {
		if err := m.runBlock(g.p.TransformedParameters); err != nil {
			return fmt.Errorf("transformed parameters: %w", err)
		}
		if err := m.checkBounds(g.p.TransformedParameters); err != nil {
			return fmt.Errorf("transformed parameters: %w", err)
		}
	}
	if err := m.runBlock(g.p.GeneratedQuantities); err != nil {
		return fmt.Errorf("generated quantities: %w", err)
	}
	if err := m.checkBounds(g.p.GeneratedQuantities); err != nil {
		return fmt.Errorf("generated quantities: %w", err)
	}
	k := 0
	for _, dcl := range g.gq {
		v := m.get(dcl)
		for _, o := range colMajor(v.Shape) {
			out[k] = v.at(o)
			k++
		}
	}
	return nil
}

// bind gives the parameters, and the transformed parameters when params
// holds them too, their values, taken in ParamNames' order.
func (g *Generator) bind(params []float64) {
	k := 0
	for _, dcl := range g.params {
		if dcl.Block == lang.BlockTransformedParameters && len(params) == g.nParam {
			break
		}
		shape := g.shapes[dcl]
		v := newValue(dcl.Type.Type(), shape)
		for _, o := range colMajor(shape) {
			if v.Ints != nil {
				v.Ints[o] = int(params[k])
			} else {
				v.Reals[o] = params[k]
			}
			k++
		}
		g.m.set(dcl, v)
	}
}

// LogDensity runs the transformed parameters and model blocks for the
// parameters' values (the first values of ParamNames, parameters alone),
// writes the transformed parameters into tp (the rest of ParamNames) and
// returns the model block's log density with every constant (Stan's target
// with _lpdf for each ~). The compiled kernel's log density differs from
// it by the Jacobians and by a constant, the summands that ~ drops: this
// is how the two are checked against each other. The transformed
// parameters' declared bounds are not checked (the kernel's are a term of
// its own); reject and print behave as in Run.
func (g *Generator) LogDensity(params, tp []float64) (_ float64, err error) {
	defer recoverInternal(&err)
	if len(params) != g.nParam || len(tp) != g.nBoth-g.nParam {
		return 0, fmt.Errorf("log density: %d parameter values and room for %d transformed parameter values, want %d and %d", len(params), len(tp), g.nParam, g.nBoth-g.nParam)
	}
	m := g.m
	m.out, m.target = g.Print, 0
	g.bind(params)
	if err := m.runBlock(g.p.TransformedParameters); err != nil {
		return 0, fmt.Errorf("transformed parameters: %w", err)
	}
	k := 0
	for _, dcl := range g.params {
		if dcl.Block != lang.BlockTransformedParameters {
			continue
		}
		v := m.get(dcl)
		for _, o := range colMajor(v.Shape) {
			tp[k] = v.at(o)
			k++
		}
	}
	if err := m.runBlock(g.p.Model); err != nil {
		return 0, fmt.Errorf("model: %w", err)
	}
	return m.target, nil
}
