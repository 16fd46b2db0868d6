package ir

import (
	"math"

	"github.com/bayes-dev/bayes/library"
)

// Op is an IR operation: an index into opTable. Ops are compared as values,
// never by name. The constants of the compiler's own ops are the keys of
// opTable's rows, numbered in the rows' order by go generate (ops_gen.go);
// the library's kernels follow them (library.go).
type Op uint8

//go:generate go run ./internal/opgen

// ScalarFunc computes one element of an elementwise op; unused arguments are
// zero. It is both the CPU evaluator's reference semantics and the constant
// folder, so folding never differs from run time.
type ScalarFunc func(a, b, c, d float64, aux int) float64

// AdjointFunc returns the contribution of node n's adjoint adj to the
// adjoint of its i-th argument, built as IR with b, or NoValue when that
// partial is identically zero. Elementwise rules may return a value of n's
// shape for a scalar argument: the AD driver sums it (ad.go).
type AdjointFunc func(b *Builder, n Value, i int, adj Value) Value

// ShapeFunc checks the arguments of a non-elementwise op and returns its shape.
type ShapeFunc func(g *Graph, n *Node) Shape

// OpInfo is one row of the op table: what an op computes (its value, its
// shape), how it differentiates and how it is written in C. How the CPU
// kernel runs it is package kernel's (its loops table).
//
// To add an op:
//  1. Add its row to opTable below (or a row variable in ops_math.go or
//     ops_lower.go, keyed there), under a new key OpX, with a comment that
//     says what it computes and what Aux means: Name, Arity, then either
//     Elementwise with Scalar (unary() for a function of one argument,
//     which also sets Unary) or a Shape rule; its Adjoint; its C template,
//     whose bayes_* helpers belong in the library's C prelude
//     (library.CPrelude) and whose math.h calls need a float form in
//     emit's cFloatCalls.
//  2. Run `go generate ./compiler/ir`: it writes the constant OpX into
//     ops_gen.go (internal/opgen's TestOpsGenUpToDate fails until then).
//  3. Add its finite-difference case to irtest.Cases (ir's
//     TestEveryOpHasFiniteDifferenceCase fails until then).
//  4. For a structural op: its loop in package kernel's opLoops
//     (TestEveryOpHasALoop); whether it reduces into its output or reads
//     an argument whole (Reducing, Streamed in simplify.go, which the fuse
//     pass and the kernel follow); its loop extent and cooperative form
//     in emit's cExtents and cCoopForms (TestEmitCCoversOps); and its
//     float32 error bound in emit's f32Structural (emit_f32_bound_test.go).
//  5. To call it from a model, a row in compiler's call tables (calls.go).
type OpInfo struct {
	Name        string
	Arity       int
	Elementwise bool
	Commutative bool
	// Discrete marks integer-valued data arguments (bit i for argument i):
	// they have no adjoint and the finite-difference test does not move them.
	Discrete uint8
	Scalar   ScalarFunc
	Shape    ShapeFunc
	// Unary is the function of a one-argument elementwise op (Scalar is
	// Unary(a)), for the kernel's loop over it; nil for other ops.
	Unary   func(float64) float64
	Adjoint AdjointFunc
	// HeldOut: the op's value is a constant to AD (the shift of a stable
	// log-sum-exp, which the result does not depend on): its nodes never
	// depend on a parameter, so no adjoint is built for them or through them.
	HeldOut bool
	// C is the C expression for one element ($0..$3 are the arguments' elements,
	// $aux the Aux operand) for elementwise ops, or a statement for the element
	// i of a structural op ($out the output array, $0 $1 the argument arrays,
	// $idx the index array, $cols the matrix width). bayes_* helpers live in
	// the emitter's prelude.
	C string
}

// Info returns the table row of op.
func (op Op) Info() *OpInfo { return &opTable[op] }

// String is the op's name, as IR dumps print it.
func (op Op) String() string { return opTable[op].Name }

// MaxOps bounds the number of ops: an Op is a uint8.
const MaxOps = 256

// numOps is the number of ops: the compiler's own and one per library kernel.
var numOps = numCoreOps + Op(len(libraryOps))

// NumOps is the number of ops, for tests that walk the table.
func NumOps() Op { return numOps }

// opTable is the op table: one row per op, keyed by its constant. The
// rows' order numbers the constants (go generate, internal/opgen): add a
// row where it belongs among its kind.
var opTable [MaxOps]OpInfo

func init() {
	opTable = [MaxOps]OpInfo{
		OpInvalid: {Name: "invalid"},

		// Leaves.
		OpConst: {Name: "const", C: "$aux"},        // scalar constant; Aux holds its float64 bits
		OpData:  {Name: "data", C: "$out[i]"},      // data vector or matrix; Aux indexes Graph.Data
		OpParam: {Name: "param", C: "q[$aux + i]"}, // q[Aux : Aux+len]; scalar or vector

		// Elementwise arithmetic (scalars broadcast against vectors).
		OpAdd: {Name: "add", Arity: 2, Elementwise: true, Commutative: true,
			Scalar:  func(a, b, _, _ float64, _ int) float64 { return a + b },
			Adjoint: func(b *Builder, n Value, i int, adj Value) Value { return adj },
			C:       "($0 + $1)"},
		OpSub: {Name: "sub", Arity: 2, Elementwise: true,
			Scalar: func(a, b, _, _ float64, _ int) float64 { return a - b },
			Adjoint: func(b *Builder, n Value, i int, adj Value) Value {
				if i == 0 {
					return adj
				}
				return b.Neg(adj)
			},
			C: "($0 - $1)"},
		OpMul: {Name: "mul", Arity: 2, Elementwise: true, Commutative: true,
			Scalar: func(a, b, _, _ float64, _ int) float64 { return a * b },
			Adjoint: func(b *Builder, n Value, i int, adj Value) Value {
				return b.Mul(adj, b.arg(n, 1-i))
			},
			C: "($0 * $1)"},
		OpDiv: {Name: "div", Arity: 2, Elementwise: true,
			Scalar: func(a, b, _, _ float64, _ int) float64 { return a / b },
			Adjoint: func(b *Builder, n Value, i int, adj Value) Value {
				y := b.arg(n, 1)
				if i == 0 {
					return b.Div(adj, y)
				}
				// d(a/b)/db = -(a/b)/b
				return b.Neg(b.Div(b.Mul(adj, n), y))
			},
			C: "($0 / $1)"},
		OpPow: {Name: "pow", Arity: 2, Elementwise: true,
			Scalar: func(a, b, _, _ float64, _ int) float64 { return math.Pow(a, b) },
			Adjoint: func(b *Builder, n Value, i int, adj Value) Value {
				x, y := b.arg(n, 0), b.arg(n, 1)
				if i == 0 {
					// y x^(y-1)
					return b.Mul(adj, b.Mul(y, b.Pow(x, b.Sub(y, b.Const(1)))))
				}
				// x^y log x
				return b.Mul(adj, b.Mul(n, b.Log(x)))
			},
			C: "pow($0, $1)"},
		OpNeg: {Name: "neg", Arity: 1, Elementwise: true,
			Scalar:  func(a, _, _, _ float64, _ int) float64 { return -a },
			Adjoint: func(b *Builder, n Value, i int, adj Value) Value { return b.Neg(adj) },
			C:       "(-$0)"},

		// Elementwise functions.
		OpExp: unary("exp", math.Exp, "exp($0)", func(b *Builder, n, x Value) Value { return n }),
		OpLog: unary("log", math.Log, "log($0)", func(b *Builder, n, x Value) Value { return b.Inv(x) }),
		OpLog1p: unary("log1p", math.Log1p, "log1p($0)", func(b *Builder, n, x Value) Value {
			return b.Inv(b.Add(b.Const(1), x))
		}),
		OpExpm1: unary("expm1", math.Expm1, "expm1($0)", func(b *Builder, n, x Value) Value { return b.Exp(x) }),
		OpSqrt: unary("sqrt", math.Sqrt, "sqrt($0)", func(b *Builder, n, x Value) Value {
			return b.Div(b.Const(0.5), n)
		}),
		OpSquare: unary("square", func(x float64) float64 { return x * x }, "($0 * $0)", func(b *Builder, n, x Value) Value {
			return b.Mul(b.Const(2), x)
		}),
		OpInv: unary("inv", func(x float64) float64 { return 1 / x }, "(1.0 / $0)", func(b *Builder, n, x Value) Value {
			return b.Neg(b.Square(n))
		}),
		OpFabs: unary("fabs", math.Abs, "fabs($0)", func(b *Builder, n, x Value) Value { return b.Apply(OpSign, x) }),
		OpSign: unary("sign", library.Sign, "bayes_sign($0)", nil),
		OpInvLogit: unary("inv_logit", library.InvLogit, "bayes_inv_logit($0)", func(b *Builder, n, x Value) Value {
			// inv_logit' = inv_logit(x) inv_logit(-x), exact in both tails
			return b.Mul(n, b.Apply(OpInvLogit, b.Neg(x)))
		}),
		OpLogInvLogit: unary("log_inv_logit", library.LogInvLogit, "bayes_log_inv_logit($0)", func(b *Builder, n, x Value) Value {
			return b.Apply(OpInvLogit, b.Neg(x))
		}),
		OpLog1mInvLogit: unary("log1m_inv_logit", library.Log1mInvLogit, "bayes_log1m_inv_logit($0)", func(b *Builder, n, x Value) Value {
			return b.Neg(b.Apply(OpInvLogit, x))
		}),
		OpLog1pExp: unary("log1p_exp", library.Log1pExp, "bayes_log1p_exp($0)", func(b *Builder, n, x Value) Value {
			return b.Apply(OpInvLogit, x)
		}),
		OpLgamma: unary("lgamma", library.Lgamma, "lgamma($0)", func(b *Builder, n, x Value) Value {
			return b.Apply(OpDigamma, x)
		}),
		OpDigamma: unary("digamma", library.Digamma, "bayes_digamma($0)", func(b *Builder, n, x Value) Value {
			return b.ApplyAux(OpPolygamma, 1, x)
		}),
		// psi^(Aux)(x), Aux >= 1: the derivatives of digamma
		OpPolygamma: {Name: "polygamma", Arity: 1, Elementwise: true,
			Scalar: func(a, _, _, _ float64, k int) float64 { return library.Polygamma(k, a) },
			Adjoint: func(b *Builder, n Value, i int, adj Value) Value {
				nd := b.G.Node(n)
				return b.Mul(adj, b.ApplyAux(OpPolygamma, nd.Aux+1, nd.Args[0]))
			},
			C: "bayes_polygamma($aux, $0)"},
		OpTanh: unary("tanh", math.Tanh, "tanh($0)", func(b *Builder, n, x Value) Value {
			return b.Sub(b.Const(1), b.Square(n))
		}),

		// Comparisons give 1 or 0; Select(c, a, b) is c != 0 ? a : b, the
		// lowering of an `if` whose condition depends on parameters.
		OpLt: compare("lt", func(a, b float64) bool { return a < b }, "($0 < $1)"),
		OpLe: compare("le", func(a, b float64) bool { return a <= b }, "($0 <= $1)"),
		OpEq: compare("eq", func(a, b float64) bool { return a == b }, "($0 == $1)"),
		OpNe: compare("ne", func(a, b float64) bool { return a != b }, "($0 != $1)"),
		OpSelect: {Name: "select", Arity: 3, Elementwise: true, Discrete: 1,
			Scalar: func(c, a, b, _ float64, _ int) float64 {
				if c != 0 {
					return a
				}
				return b
			},
			Adjoint: func(b *Builder, n Value, i int, adj Value) Value {
				c, zero := b.arg(n, 0), b.Const(0)
				switch i {
				case 1:
					return b.Select(c, adj, zero)
				case 2:
					return b.Select(c, zero, adj)
				}
				return NoValue
			},
			C: "($0 != 0.0 ? $1 : $2)"},

		// Structural ops.

		// scalar -> vector[Aux]
		OpBcast: {Name: "bcast", Arity: 1,
			Shape: func(g *Graph, n *Node) Shape {
				wantShape(g, n, 0, Scalar)
				if n.Aux < 1 {
					Bailf("bcast: length %d", n.Aux)
				}
				return VectorShape(n.Aux)
			},
			Adjoint: func(b *Builder, n Value, i int, adj Value) Value { return b.Sum(adj) },
			C:       "$out[i] = $0"},
		// vector -> scalar
		OpSum: {Name: "sum", Arity: 1,
			Shape: func(g *Graph, n *Node) Shape {
				wantShape(g, n, 0, Vector)
				return ScalarShape
			},
			Adjoint: func(b *Builder, n Value, i int, adj Value) Value {
				return b.Bcast(adj, b.ShapeOf(b.arg(n, 0)).N)
			},
			C: "$out += $0[i]"},
		// vector, vector -> scalar
		OpDot: {Name: "dot", Arity: 2, Commutative: true,
			Shape: func(g *Graph, n *Node) Shape {
				a, c := wantShape(g, n, 0, Vector), wantShape(g, n, 1, Vector)
				if a.N != c.N {
					Bailf("dot: lengths %d and %d differ", a.N, c.N)
				}
				return ScalarShape
			},
			Adjoint: func(b *Builder, n Value, i int, adj Value) Value {
				return b.Mul(adj, b.arg(n, 1-i))
			},
			C: "$out += $0[i] * $1[i]"},
		// x[idx]: Aux indexes Graph.Index
		OpGather: {Name: "gather", Arity: 1,
			Shape: func(g *Graph, n *Node) Shape {
				x := wantShape(g, n, 0, Vector)
				ix := indexArg(g, n)
				if ix.N != x.N {
					Bailf("gather: index into length %d applied to vector[%d]", ix.N, x.N)
				}
				return VectorShape(len(ix.Idx))
			},
			Adjoint: func(b *Builder, n Value, i int, adj Value) Value {
				return b.ScatterAdd(adj, IndexID(b.G.Node(n).Aux))
			},
			C: "$out[i] = $0[$idx[i]]"},
		// out[idx[i]] += v[i], out of length Graph.Index[Aux].N
		OpScatterAdd: {Name: "scatter_add", Arity: 1,
			Shape: func(g *Graph, n *Node) Shape {
				v := wantShape(g, n, 0, Vector)
				ix := indexArg(g, n)
				if len(ix.Idx) != v.N {
					Bailf("scatter_add: %d indices for vector[%d]", len(ix.Idx), v.N)
				}
				return VectorShape(ix.N)
			},
			Adjoint: func(b *Builder, n Value, i int, adj Value) Value {
				return b.Gather(adj, IndexID(b.G.Node(n).Aux))
			},
			C: "$out[$idx[i]] += $0[i]"},
		// A v, A a data matrix
		OpMatVec: {Name: "matvec", Arity: 2,
			Shape: func(g *Graph, n *Node) Shape {
				a := wantData(g, n)
				v := wantShape(g, n, 1, Vector)
				if a.M != v.N {
					Bailf("matvec: matrix[%d,%d] times vector[%d]", a.N, a.M, v.N)
				}
				return VectorShape(a.N)
			},
			Adjoint: func(b *Builder, n Value, i int, adj Value) Value {
				if i == 0 {
					return NoValue
				}
				return b.MatTVec(b.arg(n, 0), adj)
			},
			C: "for (int j = 0; j < $cols; j++) $out[i] += $0[i*$cols + j] * $1[j]"},
		// A' u, A a data matrix
		OpMatTVec: {Name: "mattvec", Arity: 2,
			Shape: func(g *Graph, n *Node) Shape {
				a := wantData(g, n)
				u := wantShape(g, n, 1, Vector)
				if a.N != u.N {
					Bailf("mattvec: transpose of matrix[%d,%d] times vector[%d]", a.N, a.M, u.N)
				}
				return VectorShape(a.M)
			},
			Adjoint: func(b *Builder, n Value, i int, adj Value) Value {
				if i == 0 {
					return NoValue
				}
				return b.MatVec(b.arg(n, 0), adj)
			},
			C: "for (int j = 0; j < $cols; j++) $out[j] += $0[i*$cols + j] * $1[i]"},

		// Ops added by the lowering (rows in ops_lower.go).
		OpElem:       elemRow,       // x[Aux] of a vector: a scalar
		OpConcat:     concatRow,     // the scalar or vector $0 followed by $1; Aux is the length of $0
		OpLseShift:   lseShiftRow,   // the shift of a stable log-sum-exp of a vector (x_0 or max x_i, held out of AD); Aux is its length
		OpLogSumExp2: logSumExp2Row, // log(exp(a) + exp(b)), elementwise
		OpExpSub:     expSubRow,     // exp(a - c), elementwise: the exponentials of a shifted log-sum-exp

		// Ops added for function breadth (rows in ops_math.go).
		OpSin:      sinRow,
		OpCos:      cosRow,
		OpTan:      tanRow,
		OpAtan:     atanRow,
		OpErf:      erfRow,
		OpErfc:     erfcRow,
		OpPhi:      phiRow,      // standard normal CDF
		OpLog1mExp: log1mExpRow, // log(1 - exp(x))
		OpLbeta:    lbetaRow,    // log B(a, b), elementwise
		OpProd:     prodRow,     // Π x_i of a vector
		OpMaxOf:    maxRow,      // max x_i of a vector
		OpMinOf:    minRow,      // min x_i of a vector
		OpCumSum:   cumSumRow,   // cumulative_sum of a vector

		// A function computed outside the IR (extern.go): f(x) then ∂f/∂x; Aux indexes Graph.Externs.
		OpExtern: externRow,
	}
	for k, op := range libraryOps {
		opTable[op] = libraryRow(k)
	}
}

// unary makes the row of an elementwise function of one argument; deriv
// builds f'(x) from the node n = f(x) and its argument x (nil: f' = 0).
func unary(name string, f func(float64) float64, c string, deriv func(b *Builder, n, x Value) Value) OpInfo {
	row := OpInfo{Name: name, Arity: 1, Elementwise: true, C: c,
		Scalar: func(a, _, _, _ float64, _ int) float64 { return f(a) },
		Unary:  f,
	}
	row.Adjoint = func(b *Builder, n Value, i int, adj Value) Value { return NoValue }
	if deriv != nil {
		row.Adjoint = func(b *Builder, n Value, i int, adj Value) Value {
			return b.Mul(adj, deriv(b, n, b.arg(n, 0)))
		}
	}
	return row
}

// compare makes the row of a comparison: 1 when it holds, else 0; its
// derivative is zero almost everywhere.
func compare(name string, f func(a, b float64) bool, c string) OpInfo {
	return OpInfo{Name: name, Arity: 2, Elementwise: true, C: c,
		Scalar: func(a, b, _, _ float64, _ int) float64 {
			if f(a, b) {
				return 1
			}
			return 0
		},
		Adjoint: func(b *Builder, n Value, i int, adj Value) Value { return NoValue },
	}
}

func wantShape(g *Graph, n *Node, i int, k Kind) Shape {
	s := g.Nodes[n.Args[i]].Shape
	if s.Kind != k {
		want := [...]string{"a scalar", "a vector", "a matrix"}[k]
		Bailf("%s: argument %d is %s, want %s", opTable[n.Op].Name, i, s, want)
	}
	return s
}

func wantData(g *Graph, n *Node) Shape {
	s := wantShape(g, n, 0, Matrix)
	if g.Nodes[n.Args[0]].Op != OpData {
		Bailf("%s: the matrix must be data", opTable[n.Op].Name)
	}
	return s
}

func indexArg(g *Graph, n *Node) IndexArray {
	if n.Aux < 0 || n.Aux >= len(g.Index) {
		Bailf("%s: no index array %d", opTable[n.Op].Name, n.Aux)
	}
	return g.Index[n.Aux]
}
