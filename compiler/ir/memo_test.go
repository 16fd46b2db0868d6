package ir

import "testing"

// TestMemoTable: the Builder's hash-consing table returns the node added
// before for an equal node and a new one for a node that differs in any
// one field (op, Aux, shape kind, length, columns, each argument), across
// the table's growth from its smallest size.
func TestMemoTable(t *testing.T) {
	b := NewBuilder(4)
	base := Node{Op: OpAdd, Aux: 3, Args: [MaxArgs]Value{1, 2, NoValue, NoValue}, Shape: VectorShape(4)}
	variants := func(i int) []Node {
		vs := make([]Node, 0, 8)
		for f := range 8 {
			n := base
			n.Aux += 100 * i
			switch f {
			case 1:
				n.Op = OpSub
			case 2:
				n.Aux++
			case 3:
				n.Shape = Shape{Kind: Matrix, N: 4, M: 1}
			case 4:
				n.Shape.N++
			case 5, 6, 7:
				n.Args[f-5] += 7
			}
			vs = append(vs, n)
		}
		return vs
	}
	const rounds = 500 // 4 000 nodes: the 16-slot table grows nine times
	got := map[Value]Node{}
	for i := range rounds {
		for _, n := range variants(i) {
			v := b.add(n)
			if m, seen := got[v]; seen {
				t.Fatalf("%+v and %+v are one node %d", m, n, v)
			}
			got[v] = n
		}
	}
	for i := range rounds {
		for _, n := range variants(i) {
			if v := b.add(n); got[v] != n {
				t.Fatalf("%+v: found node %d, %+v", n, v, got[v])
			}
		}
	}
	if len(b.G.Nodes) != 8*rounds {
		t.Errorf("%d nodes, want %d", len(b.G.Nodes), 8*rounds)
	}
}

// TestMemoTableCollisions: nodes whose hashes collide entirely (one hash
// for all) are still told apart, field by field, by the comparison with
// the graph's node.
func TestMemoTableCollisions(t *testing.T) {
	var nodes []Node
	tab := newMemoTable(0)
	const h = 0x1234_5678_9abc_def0
	base := Node{Op: OpMul, Aux: 1, Args: [MaxArgs]Value{0, 1, 2, 3}, Shape: ScalarShape}
	var all []Node
	for f := range 7 {
		n := base
		switch f {
		case 1:
			n.Op = OpDiv
		case 2:
			n.Aux = 2
		case 3:
			n.Shape = VectorShape(1)
		case 4:
			n.Shape = Shape{Kind: Matrix, N: 1, M: 2}
		case 5:
			n.Args[1] = 9
		case 6:
			n.Args[3] = NoValue
		}
		all = append(all, n)
	}
	for i, n := range all {
		if v, _, ok := tab.find(nodes, &n, h); ok {
			t.Fatalf("%+v found as node %d, %+v", n, v, nodes[v])
		}
		_, slot, _ := tab.find(nodes, &n, h)
		nodes = append(nodes, n)
		tab.insert(nodes, Value(i), h, slot)
	}
	for i, n := range all {
		if v, _, ok := tab.find(nodes, &n, h); !ok || v != Value(i) {
			t.Errorf("%+v: found %d (%v), want %d", n, v, ok, i)
		}
	}
}
