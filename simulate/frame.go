package simulate

import (
	"github.com/bayes-dev/bayes/lang"
)

// This file keeps the values of variables. Every variable has a slot, an
// index into a frame: the program's variables into the program's frame,
// each user function's arguments and locals into a frame of that
// function's own (a function sees only those), made afresh for each call.
// Slots are numbered as the variables are first met, frame by frame.
// Being an index, a slot lets the scalar fast path (fast.go) compile a
// read of a variable into an index into the running frame, with no lookup
// by declaration at run time.

// slotKey names a slot: a declaration in the frames of fn (nil for the
// program's).
type slotKey struct {
	fn *lang.FuncDef
	d  *lang.VarDecl
}

// index is d's slot in the running frame, numbered if it has none yet.
func (m *machine) index(d *lang.VarDecl) int {
	if m.slots == nil {
		m.slots, m.frameSize = map[slotKey]int{}, map[*lang.FuncDef]int{}
	}
	k := slotKey{m.fn, d}
	i, ok := m.slots[k]
	if !ok {
		i = m.frameSize[m.fn]
		m.slots[k] = i
		m.frameSize[m.fn]++
	}
	return i
}

// at is the value in slot i of the running frame, nil when it has none.
func (m *machine) at(i int) *Value {
	if i < len(m.frame) {
		return m.frame[i]
	}
	return nil
}

// get is d's value, nil when it has none.
func (m *machine) get(d *lang.VarDecl) *Value { return m.at(m.index(d)) }

// set gives d the value v.
func (m *machine) set(d *lang.VarDecl, v *Value) {
	i := m.index(d)
	for i >= len(m.frame) {
		m.frame = append(m.frame, nil)
	}
	m.frame[i] = v
}
