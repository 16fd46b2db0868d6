package ir

import "math/bits"

// memoTable is a Builder's hash-consing table: which node of the graph
// has a given op, arguments, Aux and shape. It is open addressing over
// one slice of 8-byte slots, each the node's index and 32 bits of its
// hash, compared against the graph's own node on a match. A Go map keyed
// by the node held 56-byte entries: at the 100 000-plus nodes of an
// unrolled model (science_irt-grsm_latent_reg_irt: 127 000) its lookups
// missed the cache on every probe and were a fifth of the compile, and
// each rebuild pass allocated a table of megabytes.
type memoTable struct {
	slots []uint64 // 0: empty; else hash>>32<<32 | index+1
	n     int      // nodes held
}

// newMemoTable returns a table with room for n nodes before it grows.
func newMemoTable(n int) memoTable {
	size := 16
	for size < 2*n {
		size *= 2
	}
	return memoTable{slots: make([]uint64, size)}
}

// hashNode mixes every field that the memo tells nodes apart by.
func hashNode(n *Node) uint64 {
	h := uint64(n.Op) | uint64(n.Shape.Kind)<<8
	h = mix(h, uint64(n.Aux))
	h = mix(h, uint64(n.Shape.N)<<32|uint64(uint32(n.Shape.M)))
	h = mix(h, uint64(uint32(n.Args[0]))<<32|uint64(uint32(n.Args[1])))
	return mix(h, uint64(uint32(n.Args[2]))<<32|uint64(uint32(n.Args[3])))
}

// mix folds x into h: a multiply whose high and low halves are xored, as
// wyhash does.
func mix(h, x uint64) uint64 {
	hi, lo := bits.Mul64(h^x^0x9e3779b97f4a7c15, 0xbf58476d1ce4e5b9)
	return hi ^ lo
}

// find returns the node of nodes equal to n, or the slot where it would go.
func (t *memoTable) find(nodes []Node, n *Node, h uint64) (v Value, slot int, ok bool) {
	if t.slots == nil {
		*t = newMemoTable(0)
	}
	mask := len(t.slots) - 1
	tag := h >> 32 << 32
	for i := int(h) & mask; ; i = (i + 1) & mask {
		s := t.slots[i]
		if s == 0 {
			return NoValue, i, false
		}
		if s&^0xffffffff == tag {
			if w := Value(uint32(s) - 1); nodes[w] == *n {
				return w, i, true
			}
		}
	}
}

// insert records node v, whose hash is h, at slot (from find), growing the
// table to keep it at most half full.
func (t *memoTable) insert(nodes []Node, v Value, h uint64, slot int) {
	t.slots[slot] = h>>32<<32 | uint64(uint32(v)+1)
	t.n++
	if 2*t.n <= len(t.slots) {
		return
	}
	old := t.slots
	t.slots = make([]uint64, 2*len(old))
	mask := len(t.slots) - 1
	for _, s := range old {
		if s == 0 {
			continue
		}
		i := int(hashNode(&nodes[uint32(s)-1])) & mask
		for t.slots[i] != 0 {
			i = (i + 1) & mask
		}
		t.slots[i] = s
	}
}
