package ir

import (
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Emit selects what Fprint shows: the value program (what lp needs) or the
// whole value+gradient program with its schedule (`bayes compile --emit
// ir|grad`).
type Emit uint8

const (
	EmitIR Emit = iota
	EmitGrad
)

// Fprint writes one node per line, `%12 = mul %3 %7  : vector[8]`, then the
// outputs, and for EmitGrad the fused groups.
func Fprint(w io.Writer, p *Program, what Emit) error {
	g := p.G
	live := make([]bool, len(g.Nodes))
	if what == EmitIR {
		live[p.LP] = true
		for v := int(p.LP); v >= 0; v-- {
			if live[v] {
				n := &g.Nodes[v]
				for i := 0; i < opTable[n.Op].Arity; i++ {
					live[n.Args[i]] = true
				}
			}
		}
	} else {
		MarkLive(p, live)
	}
	var sb strings.Builder
	for v := range g.Nodes {
		if live[v] {
			sb.WriteString(FormatNode(g, Value(v)))
			sb.WriteByte('\n')
		}
	}
	fmt.Fprintf(&sb, "lp = %%%d\n", p.LP)
	if what == EmitGrad {
		for _, pg := range p.Grads {
			adj := "0"
			if pg.Adj != NoValue {
				adj = fmt.Sprintf("%%%d", pg.Adj)
			}
			fmt.Fprintf(&sb, "d/d%s = %s\n", paramName(&g.Nodes[pg.Param]), adj)
		}
		for gi, grp := range p.Groups {
			fmt.Fprintf(&sb, "group %d loop[%d]:", gi, grp.Len)
			for _, v := range grp.Nodes {
				fmt.Fprintf(&sb, " %%%d", v)
			}
			sb.WriteByte('\n')
		}
	}
	_, err := io.WriteString(w, sb.String())
	return err
}

// FormatNode formats the definition of v.
func FormatNode(g *Graph, v Value) string {
	n := &g.Nodes[v]
	info := &opTable[n.Op]
	var sb strings.Builder
	fmt.Fprintf(&sb, "%%%d = %s", v, info.Name)
	switch n.Op {
	case OpConst:
		x, _ := g.IsConst(v)
		sb.WriteString(" " + strconv.FormatFloat(x, 'g', -1, 64))
	case OpData:
		d := g.Data[n.Aux]
		sb.WriteString(" [")
		for i, x := range d[:min(len(d), 4)] {
			if i > 0 {
				sb.WriteByte(' ')
			}
			sb.WriteString(strconv.FormatFloat(x, 'g', 6, 64))
		}
		if len(d) > 4 {
			sb.WriteString(" ...")
		}
		sb.WriteByte(']')
	case OpParam:
		sb.WriteString(" " + paramName(n))
	case OpPolygamma:
		fmt.Fprintf(&sb, "[%d]", n.Aux)
	}
	for i := 0; i < info.Arity; i++ {
		fmt.Fprintf(&sb, " %%%d", n.Args[i])
	}
	if n.Op == OpGather || n.Op == OpScatterAdd {
		fmt.Fprintf(&sb, " idx%d", n.Aux)
	}
	fmt.Fprintf(&sb, "  : %s", n.Shape)
	return sb.String()
}

func paramName(n *Node) string {
	if n.Shape.Kind == Scalar {
		return fmt.Sprintf("q[%d]", n.Aux)
	}
	return fmt.Sprintf("q[%d:%d]", n.Aux, n.Aux+n.Shape.Len())
}
