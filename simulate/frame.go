package simulate

import (
	"fmt"

	"github.com/bayes-dev/bayes/lang"
)

// This file keeps the values of variables. Every variable has a slot,
// numbered once per machine: the program's variables in the program's
// frame, each user function's arguments and locals in a frame of that
// function's own (a function sees only those), made afresh for each call.
// A slot is an index, so the scalar fast path (fast.go) compiles a read of
// a variable into an index into the running frame, with no lookup by
// declaration at run time.

// slot is where a variable's value is kept: its index in the frames of
// fn (nil for the program's).
type slot struct {
	fn *lang.FuncDef
	i  int
}

// numberSlots gives every declaration of p a slot: each function's in its
// frame, then the rest (loop variables, whose declarations only the
// identifiers that read them reach, included) in the program's.
func (m *machine) numberSlots(p *lang.Program) {
	number := func(n lang.Node, fn *lang.FuncDef) {
		lang.Inspect(n, func(x lang.Node) bool {
			switch x := x.(type) {
			case *lang.VarDecl:
				m.slotIn(fn, x)
			case *lang.Ident:
				if x.Decl != nil {
					m.slotIn(fn, x.Decl)
				}
			}
			return true
		})
	}
	if p.Functions != nil {
		for _, s := range p.Functions.Stmts {
			if f, ok := s.(*lang.FuncDef); ok {
				number(f, f)
			}
		}
	}
	number(p, nil)
	m.frame = make([]*Value, m.frameSize[nil])
}

// slotIn is d's slot, numbered in fn's frames if it has none yet.
func (m *machine) slotIn(fn *lang.FuncDef, d *lang.VarDecl) slot {
	if m.slots == nil {
		m.slots, m.frameSize = map[*lang.VarDecl]slot{}, map[*lang.FuncDef]int{}
	}
	s, ok := m.slots[d]
	if !ok {
		s = slot{fn, m.frameSize[fn]}
		m.slots[d] = s
		m.frameSize[fn]++
	}
	return s
}

// index is d's index in the running frame. A declaration that belongs to
// another frame is a broken invariant (the checker lets a function see
// only its own variables).
func (m *machine) index(d *lang.VarDecl) int {
	s := m.slotIn(m.fn, d)
	if s.fn != m.fn {
		panic(fmt.Sprintf("%s is not a variable of the code running", d.Name))
	}
	return s.i
}

// get is d's value, nil when it has none.
func (m *machine) get(d *lang.VarDecl) *Value {
	if i := m.index(d); i < len(m.frame) {
		return m.frame[i]
	}
	return nil
}

// set gives d the value v.
func (m *machine) set(d *lang.VarDecl, v *Value) {
	i := m.index(d)
	for i >= len(m.frame) {
		m.frame = append(m.frame, nil)
	}
	m.frame[i] = v
}
