package bayes

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/bayes-dev/bayes/diagnostics"
	"github.com/bayes-dev/bayes/lang"
	"github.com/bayes-dev/bayes/runfiles"
	"github.com/bayes-dev/bayes/simulate"
)

// runVar is one variable of a run's columns: its name, its shape (the
// largest index of each dimension) and its columns.
type runVar struct {
	name  string
	shape []int
	cols  []int
}

func (v runVar) String() string {
	if len(v.shape) == 0 {
		return v.name
	}
	dims := make([]string, len(v.shape))
	for i, n := range v.shape {
		dims[i] = strconv.Itoa(n)
	}
	return v.name + "[" + strings.Join(dims, ",") + "]"
}

// runVariables groups a run's columns (CSV names, "theta.1") into
// variables, in order of first appearance, leaving out the sampler's
// (lp__ ...).
func runVariables(columns []string) []runVar {
	var vars []runVar
	for j, col := range columns {
		if strings.HasSuffix(col, "__") {
			continue
		}
		name, idx, _ := strings.Cut(runfiles.StanName(col), "[")
		var ks []int
		if idx != "" {
			for _, s := range strings.Split(strings.TrimSuffix(idx, "]"), ",") {
				k, _ := strconv.Atoi(s)
				ks = append(ks, k)
			}
		}
		i := slices.IndexFunc(vars, func(v runVar) bool { return v.name == name })
		if i < 0 {
			vars = append(vars, runVar{name: name, shape: make([]int, len(ks))})
			i = len(vars) - 1
		}
		v := &vars[i]
		for d, k := range ks {
			if d < len(v.shape) {
				v.shape[d] = max(v.shape[d], k)
			}
		}
		v.cols = append(v.cols, j)
	}
	return vars
}

// matchRun checks that the model's parameters and transformed parameters
// are the run's first variables, in the same order, with the same shapes,
// and returns the run's columns of their elements, in the order
// Generator.Run takes them. The first that differs is an error at its
// declaration, naming what the run has instead.
func matchRun(prog *lang.Program, gen *simulate.Generator, dir string, columns []string) ([]int, error) {
	vars := runVariables(columns)
	listed := make([]string, len(vars))
	for i, v := range vars {
		listed[i] = v.String()
	}
	theirs := fmt.Sprintf("the run in %s (its variables: %s)", dir, diagnostics.JoinFirst(listed, 12))
	const rule = "the parameters and transformed parameters must be the run's, in its order"
	var cols []int
	for k, p := range gen.Params() {
		kind := "parameter"
		if p.Decl.Block == lang.BlockTransformedParameters {
			kind = "transformed parameter"
		}
		fail := func(format string, args ...any) error {
			var l lang.ErrorList
			l.Add(p.Decl.Pos, "%s %q %s", kind, p.Decl.Name, fmt.Sprintf(format, args...))
			return prog.InFile(l.Err())
		}
		here := runVar{name: p.Decl.Name, shape: p.Shape}
		switch i := slices.IndexFunc(vars, func(v runVar) bool { return v.name == p.Decl.Name }); {
		case i < 0:
			return nil, fail("is not in %s; %s", theirs, rule)
		case i != k:
			return nil, fail("comes %s here, %s in %s; %s", ordinal(k+1), ordinal(i+1), theirs, rule)
		case !slices.Equal(vars[i].shape, p.Shape):
			return nil, fail("is %s here (with this data's sizes), %s in %s", shapeWords(here), shapeWords(vars[i]), theirs)
		case len(vars[i].cols) != len(p.Names):
			return nil, fail("has %d elements, but %d columns in %s", len(p.Names), len(vars[i].cols), theirs)
		}
		for e, name := range p.Names {
			if c := vars[k].cols[e]; runfiles.StanName(columns[c]) != name {
				return nil, fail("has its elements in another order in %s: %s where %s is expected", theirs, runfiles.StanName(columns[c]), name)
			}
			cols = append(cols, vars[k].cols[e])
		}
	}
	return cols, nil
}

// shapeWords says a variable's shape: "a scalar", "theta[8]".
func shapeWords(v runVar) string {
	if len(v.shape) == 0 {
		return "a scalar"
	}
	return v.String()
}

// ordinal is 1st, 2nd, 3rd, 4th, ... 11th, 12th, 13th, 21st.
func ordinal(n int) string {
	suffix := "th"
	if n%100 < 11 || n%100 > 13 {
		switch n % 10 {
		case 1:
			suffix = "st"
		case 2:
			suffix = "nd"
		case 3:
			suffix = "rd"
		}
	}
	return strconv.Itoa(n) + suffix
}
