package ir

import (
	"fmt"
	"math"
	"sort"

	"github.com/bayes-dev/bayes/lang"
	"github.com/bayes-dev/bayes/library"
)

// Value names a node of a Graph: its index in Graph.Nodes.
type Value int32

// NoValue is the absent value: a zero adjoint, an unused argument slot.
const NoValue Value = -1

// MaxArgs is the largest arity of any op, the library's kernels included.
const MaxArgs = library.MaxArgs

// Kind says whether a value is a scalar, a vector or a matrix.
type Kind uint8

const (
	Scalar Kind = iota
	Vector
	Matrix
)

// Shape is a concrete shape: scalar, vector[N], or matrix[N, M] stored row-major.
type Shape struct {
	Kind Kind
	N, M int
}

// Len is the number of float64 elements of the shape.
func (s Shape) Len() int {
	switch s.Kind {
	case Scalar:
		return 1
	case Vector:
		return s.N
	default:
		return s.N * s.M
	}
}

func (s Shape) String() string {
	switch s.Kind {
	case Scalar:
		return "scalar"
	case Vector:
		return fmt.Sprintf("vector[%d]", s.N)
	default:
		return fmt.Sprintf("matrix[%d,%d]", s.N, s.M)
	}
}

// ScalarShape and VectorShape are shorthands.
var ScalarShape = Shape{Kind: Scalar}

func VectorShape(n int) Shape { return Shape{Kind: Vector, N: n} }

// Node is one SSA definition. Aux is op-specific (see each op's doc in ops.go):
// the bits of a scalar constant, the index of a data array in Graph.Data, the
// offset of a parameter slice in q, the index of an index array in
// Graph.Index, or the order of a polygamma.
type Node struct {
	Op    Op
	Args  [MaxArgs]Value
	Aux   int
	Shape Shape
}

// Arg returns the i-th argument.
func (n *Node) Arg(i int) Value { return n.Args[i] }

// Graph holds the nodes and the read-only data they refer to. Data and Index
// are shared by every Kernel compiled from the graph and never written.
type Graph struct {
	Nodes []Node
	Data  [][]float64  // data vectors and row-major matrices (OpData)
	Index []IndexArray // index arrays (OpGather, OpScatterAdd)
	// Externs are the functions of OpExtern nodes (extern.go).
	Externs []Extern
	Dim     int // length of the unconstrained parameter vector q

	// origins says which source statement or expression each node was
	// built for, as runs of consecutive nodes (a run per change of
	// Builder.at), so that a pass that fails on a node can name the place
	// in the model.
	origins []originRun
}

// originRun: the nodes from first up to the next run's first were built at line:col.
type originRun struct {
	first     Value
	line, col int32
}

// Node returns the node that defines v.
func (g *Graph) Node(v Value) *Node { return &g.Nodes[v] }

// Origin is the source position of the statement or expression that v was
// built for, or the zero Pos when the graph was built without positions.
func (g *Graph) Origin(v Value) lang.Pos {
	i := sort.Search(len(g.origins), func(i int) bool { return g.origins[i].first > v }) - 1
	if i < 0 {
		return lang.Pos{}
	}
	r := g.origins[i]
	return lang.Pos{Line: int(r.line), Col: int(r.col)}
}

// noteOrigin records that node v was built at pos.
func (g *Graph) noteOrigin(v Value, pos lang.Pos) {
	if n := len(g.origins); n > 0 && int(g.origins[n-1].line) == pos.Line && int(g.origins[n-1].col) == pos.Col {
		return
	}
	g.origins = append(g.origins, originRun{first: v, line: int32(pos.Line), col: int32(pos.Col)})
}

// IsConst reports whether v is a scalar constant, and its value.
func (g *Graph) IsConst(v Value) (float64, bool) {
	n := &g.Nodes[v]
	if n.Op != OpConst {
		return 0, false
	}
	return math.Float64frombits(uint64(n.Aux)), true
}

// ShapeError reports a builder call whose shapes do not agree, or another
// broken invariant of the IR. The type checker guarantees agreement for
// well-typed models, so this is an internal invariant: the Builder panics
// with it and Build recovers it into an error.
type ShapeError struct {
	Msg string
	// Pos is the source position of the statement or expression whose IR
	// was being built or transformed (Builder.at, Graph.Origin); zero when
	// the graph has no positions.
	Pos lang.Pos
}

func (e *ShapeError) Error() string { return "compiler: " + e.Msg }

// Bailf panics with a *ShapeError: a shape that does not agree, or another
// broken invariant of the IR. Build and the passes recover it into an error.
func Bailf(format string, args ...any) {
	panic(&ShapeError{Msg: fmt.Sprintf(format, args...)})
}

// AtOrigin is a panic value r of a pass, placed at pos: a ShapeError gets
// pos unless it has one, and any other panic (a broken invariant: an index
// out of range) becomes an internal-error ShapeError there, so that the
// pass's caller reports it at the model's statement instead of crashing.
func AtOrigin(r any, pos lang.Pos) *ShapeError {
	se, ok := r.(*ShapeError)
	if !ok {
		return &ShapeError{Msg: fmt.Sprintf("internal error: %v", r), Pos: pos}
	}
	if se.Pos == (lang.Pos{}) {
		se.Pos = pos
	}
	return se
}

// Build runs f, which calls Builder methods, and turns a ShapeError panic
// into an error (the package's entry-point recovery, STYLE "Errors").
func Build(f func() error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			se, ok := r.(*ShapeError)
			if !ok {
				panic(r)
			}
			err = se
		}
	}()
	return f()
}

type dataKey struct {
	p    *float64
	n, m int
}

// Builder appends nodes to a Graph with hash-consing, constant folding and
// the algebraic rules of simplify.go. The zero Builder is not usable: call
// NewBuilder.
type Builder struct {
	G *Graph
	// Fold and Rules switch build-time constant folding and the identity
	// rules; both are on by default. Tests turn them off to check the passes.
	Fold, Rules bool
	memo        memoTable
	dataMemo    map[dataKey]int
	// indexMemo finds an index array already registered with the same
	// entries, so that two gathers of the same elements are one node (a
	// loop body that reads w[j] at every t gathers it once, and its
	// adjoint is scattered once). Built from G.Index on first use.
	indexMemo map[string]IndexID
	// spare are the nodes that ApplyAux builds in, one per depth of the
	// rules' recursion.
	spare []*Node
	// at is the source position that new nodes are built for: the
	// statement or expression being lowered, or in a pass the origin of
	// the node being rebuilt or differentiated.
	At lang.Pos
}

// NewBuilder returns a Builder for a model whose unconstrained vector q has
// length dim.
func NewBuilder(dim int) *Builder {
	return newBuilderSize(dim, 0)
}

// newBuilderSize is NewBuilder with room for n nodes, for a pass that
// knows about how many it builds.
func newBuilderSize(dim, n int) *Builder {
	return &Builder{
		G:        &Graph{Dim: dim, Nodes: make([]Node, 0, n)},
		Fold:     true,
		Rules:    true,
		memo:     newMemoTable(n),
		dataMemo: map[dataKey]int{},
	}
}

// Release drops the builder's tables of the nodes it has built, for a
// caller that builds no more nodes with it but keeps its graph.
func (b *Builder) Release() {
	b.memo, b.dataMemo, b.indexMemo, b.spare = memoTable{}, nil, nil, nil
}

// add hash-conses a fully formed node.
func (b *Builder) add(n Node) Value {
	h := hashNode(&n)
	v, slot, ok := b.memo.find(b.G.Nodes, &n, h)
	if ok {
		return v
	}
	v = Value(len(b.G.Nodes))
	b.G.Nodes = append(b.G.Nodes, n)
	b.G.noteOrigin(v, b.At)
	b.memo.insert(b.G.Nodes, v, h, slot)
	return v
}

// Const returns the scalar constant x. Constants are keyed by their bits, so
// +0 and -0 (and NaN payloads) stay distinct.
func (b *Builder) Const(x float64) Value {
	return b.add(Node{Op: OpConst, Aux: int(math.Float64bits(x)), Args: noArgs, Shape: ScalarShape})
}

var noArgs = [MaxArgs]Value{NoValue, NoValue, NoValue, NoValue}

// Data returns a data vector. x is kept, not copied, and must not change
// afterwards; the same slice given twice yields the same node.
func (b *Builder) Data(x []float64) Value {
	return b.dataNode(x, VectorShape(len(x)))
}

// DataMatrix returns a rows×cols data matrix stored row-major in x.
func (b *Builder) DataMatrix(rows, cols int, x []float64) Value {
	if rows*cols != len(x) {
		Bailf("matrix[%d,%d] needs %d values, got %d", rows, cols, rows*cols, len(x))
	}
	return b.dataNode(x, Shape{Kind: Matrix, N: rows, M: cols})
}

func (b *Builder) dataNode(x []float64, s Shape) Value {
	if len(x) == 0 {
		Bailf("empty data array")
	}
	k := dataKey{p: &x[0], n: s.N, m: s.M}
	id, ok := b.dataMemo[k]
	if !ok {
		id = len(b.G.Data)
		b.G.Data = append(b.G.Data, x)
		b.dataMemo[k] = id
	}
	return b.add(Node{Op: OpData, Aux: id, Args: noArgs, Shape: s})
}

// Param returns the scalar q[off].
func (b *Builder) Param(off int) Value {
	if off < 0 || off >= b.G.Dim {
		Bailf("parameter q[%d] outside q of length %d", off, b.G.Dim)
	}
	return b.add(Node{Op: OpParam, Aux: off, Args: noArgs, Shape: ScalarShape})
}

// ParamVector returns the slice q[off:off+n] as a vector.
func (b *Builder) ParamVector(off, n int) Value {
	if off < 0 || n < 1 || off+n > b.G.Dim {
		Bailf("parameter q[%d:%d] outside q of length %d", off, off+n, b.G.Dim)
	}
	return b.add(Node{Op: OpParam, Aux: off, Args: noArgs, Shape: VectorShape(n)})
}

// IndexID names an index array of Graph.Index.
type IndexID int

// IndexArray is a 0-based index array into vectors of length N.
type IndexArray struct {
	Idx []int32
	N   int
}

// Index registers a 0-based index array into vectors of length n. The
// lowering pass converts Stan's 1-based indices and validates them against
// the data; an index outside [0, n) here is an internal error.
func (b *Builder) Index(idx []int, n int) IndexID {
	out := make([]int32, len(idx))
	for i, j := range idx {
		if j < 0 || j >= n {
			Bailf("index %d at position %d outside [0, %d)", j, i, n)
		}
		out[i] = int32(j)
	}
	if b.indexMemo == nil {
		b.indexMemo = make(map[string]IndexID, len(b.G.Index)+1)
		for id, a := range b.G.Index {
			if k := indexKey(a.Idx, a.N); b.indexMemo[k] == 0 {
				b.indexMemo[k] = IndexID(id) + 1
			}
		}
	}
	k := indexKey(out, n)
	if id := b.indexMemo[k]; id != 0 {
		return id - 1
	}
	b.G.Index = append(b.G.Index, IndexArray{Idx: out, N: n})
	b.indexMemo[k] = IndexID(len(b.G.Index))
	return IndexID(len(b.G.Index) - 1)
}

// indexKey is the memo key of an index array: its target length and
// entries, four little-endian bytes each. (indexMemo stores IndexID+1, so
// that the zero value means absent.)
func indexKey(idx []int32, n int) string {
	k := make([]byte, 0, 4*(len(idx)+2))
	for _, x := range append([]int32{int32(n), int32(n >> 32)}, idx...) {
		k = append(k, byte(x), byte(x>>8), byte(x>>16), byte(x>>24))
	}
	return string(k)
}

// Apply builds op on args: the single entry point that every typed helper
// below uses and that the lowering pass may call with an op from a table.
// Elementwise ops broadcast scalars against vectors of one common length.
func (b *Builder) Apply(op Op, args ...Value) Value {
	return b.ApplyAux(op, 0, args...)
}

// ApplyAux is Apply with the op's Aux operand (polygamma order, index array,
// output length of a scatter-add).
func (b *Builder) ApplyAux(op Op, aux int, args ...Value) Value {
	info := &opTable[op]
	if len(args) != info.Arity {
		Bailf("%s takes %d arguments, got %d", info.Name, info.Arity, len(args))
	}
	// The node is built in one of the Builder's spare nodes, not a local
	// that the shape rules and the simplification rules (function values,
	// which escape analysis cannot see into) would move to the heap: one
	// allocation per node built, 2.3 million for science_irt-grsm. A rule
	// may build nodes itself, so each depth of that recursion has its own.
	if len(b.spare) == 0 {
		b.spare = append(b.spare, new(Node))
	}
	n := b.spare[len(b.spare)-1]
	b.spare = b.spare[:len(b.spare)-1]
	*n = Node{Op: op, Aux: aux, Args: noArgs}
	copy(n.Args[:], args)
	v := b.applyNode(n, info)
	b.spare = append(b.spare, n)
	return v
}

// applyNode is ApplyAux of the node n once its arguments are set.
func (b *Builder) applyNode(n *Node, info *OpInfo) Value {
	if info.Commutative && n.Args[1] < n.Args[0] {
		n.Args[0], n.Args[1] = n.Args[1], n.Args[0]
	}
	n.Shape = b.inferShape(n)
	if b.Rules {
		if v, ok := applyRules(b, n); ok {
			return v
		}
	}
	if b.Fold {
		if v, ok := b.fold(n); ok {
			return v
		}
	}
	return b.add(*n)
}

// inferShape checks the arguments of n and returns its shape.
func (b *Builder) inferShape(n *Node) Shape {
	info := &opTable[n.Op]
	for i := 0; i < info.Arity; i++ {
		if n.Args[i] < 0 || int(n.Args[i]) >= len(b.G.Nodes) {
			Bailf("%s: argument %d is not a value of this graph", info.Name, i)
		}
	}
	if info.Elementwise {
		out := ScalarShape
		for i := 0; i < info.Arity; i++ {
			s := b.ShapeOf(n.Args[i])
			switch {
			case s.Kind == Matrix:
				Bailf("%s: elementwise ops take scalars and vectors, argument %d is %s", info.Name, i, s)
			case s.Kind == Scalar:
			case out.Kind == Scalar:
				out = s
			case out.N != s.N:
				Bailf("%s: vector lengths %d and %d differ", info.Name, out.N, s.N)
			}
		}
		return out
	}
	if info.Shape == nil {
		Bailf("%s: op has no shape rule", info.Name)
	}
	return info.Shape(b.G, n)
}

// fold evaluates n when every argument is a constant (scalar or data), using
// the op's own scalar function, so the folded value is bit-for-bit what the
// kernel would compute.
func (b *Builder) fold(n *Node) (Value, bool) {
	info := &opTable[n.Op]
	if !info.Elementwise || info.Scalar == nil {
		return NoValue, false
	}
	var src [MaxArgs][]float64
	for i := 0; i < info.Arity; i++ {
		a := &b.G.Nodes[n.Args[i]]
		switch a.Op {
		case OpConst:
			x := math.Float64frombits(uint64(a.Aux))
			src[i] = []float64{x}
		case OpData:
			src[i] = b.G.Data[a.Aux]
		default:
			return NoValue, false
		}
	}
	L := n.Shape.Len()
	out := make([]float64, L)
	var x [MaxArgs]float64
	for j := range out {
		for i := 0; i < info.Arity; i++ {
			if len(src[i]) == 1 {
				x[i] = src[i][0]
			} else {
				x[i] = src[i][j]
			}
		}
		out[j] = info.Scalar(x[0], x[1], x[2], x[3], n.Aux)
	}
	if n.Shape.Kind == Scalar {
		return b.Const(out[0]), true
	}
	return b.Data(out), true
}
