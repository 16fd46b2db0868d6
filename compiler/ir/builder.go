package ir

// Typed shorthands over Builder.Apply, for the lowering pass and the adjoint
// rules. Each builds one op of ops.go.

func (b *Builder) Add(x, y Value) Value    { return b.Apply(OpAdd, x, y) }
func (b *Builder) Sub(x, y Value) Value    { return b.Apply(OpSub, x, y) }
func (b *Builder) Mul(x, y Value) Value    { return b.Apply(OpMul, x, y) }
func (b *Builder) Div(x, y Value) Value    { return b.Apply(OpDiv, x, y) }
func (b *Builder) Pow(x, y Value) Value    { return b.Apply(OpPow, x, y) }
func (b *Builder) Neg(x Value) Value       { return b.Apply(OpNeg, x) }
func (b *Builder) Exp(x Value) Value       { return b.Apply(OpExp, x) }
func (b *Builder) Log(x Value) Value       { return b.Apply(OpLog, x) }
func (b *Builder) Inv(x Value) Value       { return b.Apply(OpInv, x) }
func (b *Builder) Square(x Value) Value    { return b.Apply(OpSquare, x) }
func (b *Builder) Dot(x, y Value) Value    { return b.Apply(OpDot, x, y) }
func (b *Builder) MatVec(a, v Value) Value { return b.Apply(OpMatVec, a, v) }

// MatTVec is a' u for the data matrix a.
func (b *Builder) MatTVec(a, u Value) Value { return b.Apply(OpMatTVec, a, u) }

// Select is c != 0 ? x : y, elementwise.
func (b *Builder) Select(c, x, y Value) Value { return b.Apply(OpSelect, c, x, y) }

// Sum adds the elements of a vector; the sum of a scalar is the scalar.
func (b *Builder) Sum(x Value) Value {
	if b.ShapeOf(x).Kind == Scalar {
		return x
	}
	return b.Apply(OpSum, x)
}

// Bcast repeats the scalar x n times.
func (b *Builder) Bcast(x Value, n int) Value { return b.ApplyAux(OpBcast, n, x) }

// Gather is x[idx].
func (b *Builder) Gather(x Value, idx IndexID) Value { return b.ApplyAux(OpGather, int(idx), x) }

// ScatterAdd returns out with out[idx[i]] += v[i], out of length idx's N.
func (b *Builder) ScatterAdd(v Value, idx IndexID) Value {
	return b.ApplyAux(OpScatterAdd, int(idx), v)
}

func (b *Builder) arg(n Value, i int) Value { return b.G.Nodes[n].Args[i] }

// ShapeOf is the shape of v.
func (b *Builder) ShapeOf(v Value) Shape { return b.G.Nodes[v].Shape }
