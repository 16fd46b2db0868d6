package compiler

import (
	"testing"

	"github.com/bayes-dev/bayes/library"
)

// libraryFDCases adds the finite-difference case of every library kernel's
// op, drawn from the kernel's argument domains: a Count argument after the
// first is a trial count, drawn in 5..10 above the outcome's 0..5. Points
// outside the support (uniform's y outside [α, β]) are drawn again by the
// checks (fdCheck, fdCheckMask).
func init() {
	for k, op := range libraryOps {
		c := fdCase{}
		for i, d := range k.Args {
			c.args = append(c.args, fdDomain(d, i))
		}
		fdCases[op] = c
	}
}

func fdDomain(d library.Domain, i int) domain {
	switch d {
	case library.Positive, library.NonNegative:
		return pos
	case library.Probability:
		return unit
	case library.Binary:
		return bit
	case library.Count:
		if i > 0 {
			return trials
		}
		return count
	}
	return real
}

// TestLibraryOps: every library kernel is one op whose row is read from
// it, and the ops the kernel's own loops name are the kernels'.
func TestLibraryOps(t *testing.T) {
	if len(libraryOps) != len(library.Kernels()) {
		t.Fatalf("%d library ops for %d kernels", len(libraryOps), len(library.Kernels()))
	}
	for k, op := range libraryOps {
		info := op.Info()
		if op < numCoreOps || op >= numOps || info.Name != k.Name || info.Arity != k.Arity() ||
			info.C != k.CTemplate() || info.Discrete != k.Discrete() || !info.Elementwise {
			t.Errorf("op %d (%s) does not match kernel %s", op, info.Name, k.Name)
		}
	}
	for _, tc := range []struct {
		op   Op
		name string
	}{{opNormalLpdf, "normal_lpdf"}, {opNormalDmu, "normal_dmu"}, {opNormalDsigma, "normal_dsigma"}, {opCauchyLpdf, "cauchy_lpdf"}} {
		if tc.op.String() != tc.name {
			t.Errorf("op %s, want %s", tc.op, tc.name)
		}
	}
}
