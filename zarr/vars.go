package zarr

import (
	"fmt"
	"strconv"
	"strings"
)

// variable is one named array of a group, gathered from the Stan columns
// that share its name: "theta[1]".."theta[8]" make theta with shape [8].
type variable struct {
	name  string
	shape []int    // the element shape, without chain and draw
	dims  []string // named after ArviZ: theta_dim_0, theta_dim_1, ...
	cols  []int    // for each element in C order, its column in the draw row (-1: none)
}

// size is the number of elements of one draw.
func (v *variable) size() int {
	n := 1
	for _, d := range v.shape {
		n *= d
	}
	return n
}

// variables groups column names into variables, in order of first
// appearance. Stan names index from 1 ("a[2,3]"); an element is placed by
// its indices, not its column's position, so any column order works.
func variables(names []string) ([]*variable, error) {
	var vars []*variable
	byName := map[string]*variable{}
	type elem struct {
		v   *variable
		idx []int
		col int
	}
	var elems []elem
	for col, name := range names {
		base, idx, err := parseName(name)
		if err != nil {
			return nil, err
		}
		v := byName[base]
		if v == nil {
			v = &variable{name: base, shape: make([]int, len(idx))}
			byName[base] = v
			vars = append(vars, v)
		}
		if len(idx) != len(v.shape) {
			return nil, fmt.Errorf("column %q has %d indices, an earlier column of %s has %d", name, len(idx), base, len(v.shape))
		}
		for i, k := range idx {
			v.shape[i] = max(v.shape[i], k)
		}
		elems = append(elems, elem{v, idx, col})
	}
	for _, v := range vars {
		v.cols = make([]int, v.size())
		for i := range v.cols {
			v.cols[i] = -1
		}
		for d := range v.shape {
			v.dims = append(v.dims, fmt.Sprintf("%s_dim_%d", v.name, d))
		}
	}
	for _, e := range elems {
		flat := 0
		for i, k := range e.idx {
			flat = flat*e.v.shape[i] + k - 1
		}
		e.v.cols[flat] = e.col
	}
	return vars, nil
}

// parseName splits a Stan column name, "theta[2,3]", into its variable name
// and its 1-based indices.
func parseName(name string) (string, []int, error) {
	open := strings.IndexByte(name, '[')
	if open < 0 {
		if name == "" {
			return "", nil, fmt.Errorf("empty column name")
		}
		return name, nil, nil
	}
	if open == 0 || !strings.HasSuffix(name, "]") {
		return "", nil, fmt.Errorf("column name %q is not NAME or NAME[i,j,...]", name)
	}
	var idx []int
	for _, s := range strings.Split(name[open+1:len(name)-1], ",") {
		k, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || k < 1 {
			return "", nil, fmt.Errorf("column name %q: index %q is not a whole number from 1", name, s)
		}
		idx = append(idx, k)
	}
	return name[:open], idx, nil
}
