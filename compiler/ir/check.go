package ir

import (
	"errors"
	"fmt"
)

// Check validates the invariants of a program, as Go SSA's check.go does
// between passes: every op is a table row, arguments precede their uses,
// unused argument slots are empty, every stored shape is the one the op's
// rule gives, leaves refer to existing data and parameters, the outputs
// have the right shapes, and a schedule (if set) runs every live node once,
// after its arguments.
func Check(p *Program) error {
	g := p.G
	var errs []error
	bad := func(v int, format string, args ...any) {
		errs = append(errs, fmt.Errorf("%%%d: %s", v, fmt.Sprintf(format, args...)))
	}
	b := &Builder{G: g}
	for v := range g.Nodes {
		n := &g.Nodes[v]
		if n.Op == OpInvalid || n.Op >= numOps {
			bad(v, "invalid op %d", n.Op)
			continue
		}
		info := &opTable[n.Op]
		for i := 0; i < MaxArgs; i++ {
			a := n.Args[i]
			switch {
			case i >= info.Arity && a != NoValue:
				bad(v, "%s has argument %d beyond its arity %d", info.Name, i, info.Arity)
			case i < info.Arity && (a < 0 || int(a) >= v):
				bad(v, "%s argument %d is %%%d, not an earlier value", info.Name, i, a)
			}
		}
		switch n.Op {
		case OpConst:
			if n.Shape != ScalarShape {
				bad(v, "const of shape %s", n.Shape)
			}
		case OpData:
			if n.Aux < 0 || n.Aux >= len(g.Data) || len(g.Data[n.Aux]) != n.Shape.Len() {
				bad(v, "data %d does not hold %s", n.Aux, n.Shape)
			}
		case OpParam:
			if n.Shape.Kind == Matrix || n.Aux < 0 || n.Aux+n.Shape.Len() > g.Dim {
				bad(v, "param q[%d] of shape %s outside q of length %d", n.Aux, n.Shape, g.Dim)
			}
		default:
			if len(errs) > 0 {
				continue // argument errors make shape inference meaningless
			}
			if err := Build(func() error {
				if s := b.inferShape(n); s != n.Shape {
					bad(v, "%s has shape %s, its arguments give %s", info.Name, n.Shape, s)
				}
				return nil
			}); err != nil {
				bad(v, "%v", err)
			}
		}
	}
	if len(errs) > 0 {
		return errors.Join(errs...)
	}
	if p.LP < 0 || int(p.LP) >= len(g.Nodes) || g.Nodes[p.LP].Shape != ScalarShape {
		return fmt.Errorf("lp %%%d is not a scalar value", p.LP)
	}
	for _, pg := range p.Grads {
		if g.Nodes[pg.Param].Op != OpParam {
			errs = append(errs, fmt.Errorf("gradient of %%%d, which is not a parameter", pg.Param))
		} else if pg.Adj != NoValue && g.Nodes[pg.Adj].Shape != g.Nodes[pg.Param].Shape {
			errs = append(errs, fmt.Errorf("adjoint %%%d of %%%d has shape %s, want %s",
				pg.Adj, pg.Param, g.Nodes[pg.Adj].Shape, g.Nodes[pg.Param].Shape))
		}
	}
	if p.Groups != nil {
		errs = append(errs, checkSchedule(p)...)
	}
	return errors.Join(errs...)
}

func checkSchedule(p *Program) []error {
	g := p.G
	var errs []error
	done := make([]bool, len(g.Nodes))
	for v, n := range g.Nodes {
		if n.Op == OpConst || n.Op == OpData || n.Op == OpParam {
			done[v] = true
		}
	}
	in := make([]int, len(g.Nodes))
	for gi, grp := range p.Groups {
		for _, v := range grp.Nodes {
			in[v] = gi + 1
		}
	}
	for gi, grp := range p.Groups {
		for _, v := range grp.Nodes {
			n := &g.Nodes[v]
			for i := 0; i < opTable[n.Op].Arity; i++ {
				a := n.Args[i]
				if in[a] == gi+1 && grp.Len != 1 && (Reducing(g.Nodes[a].Op) || !Streamed(n, i)) {
					errs = append(errs, fmt.Errorf("group %d reads %%%d before its loop has finished it", gi, a))
				}
			}
			if done[v] && n.Op != OpConst && n.Op != OpData && n.Op != OpParam {
				errs = append(errs, fmt.Errorf("group %d runs %%%d twice", gi, v))
			}
			for i := 0; i < opTable[n.Op].Arity; i++ {
				if !done[n.Args[i]] {
					errs = append(errs, fmt.Errorf("group %d runs %%%d before its argument %%%d", gi, v, n.Args[i]))
				}
			}
			if l := loopLen(g, n); l != grp.Len {
				errs = append(errs, fmt.Errorf("group %d of length %d runs %%%d whose loop has length %d", gi, grp.Len, v, l))
			}
			done[v] = true
		}
	}
	live := make([]bool, len(g.Nodes))
	MarkLive(p, live)
	for v := range live {
		if live[v] && !done[v] {
			errs = append(errs, fmt.Errorf("live %%%d is in no group", v))
		}
	}
	return errs
}
