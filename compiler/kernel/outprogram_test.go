package kernel

import (
	"math"
	"testing"

	"github.com/bayes-dev/bayes/compiler/ir"
)

// TestOutProgramScaleFormConstant: OutProgram evaluates a density of a
// scale form (library.Scale: normal_lpdf's -z²/2 - log σ - log √(2π)) as
// its Scalar function does, constant included, for a transformed
// parameter such as normal_lpdf(0.5 | mu, s).
func TestOutProgramScaleFormConstant(t *testing.T) {
	op := libOp(t, "normal_lpdf")
	b := ir.NewBuilder(2)
	var v ir.Value
	if err := ir.Build(func() error {
		v = b.Apply(op, b.Const(0.5), b.Param(0), b.Exp(b.Param(1)))
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	s := NewOutProgram(b.G, []ir.Value{v}).NewState()
	q := []float64{-0.3, 0.2}
	s.Run(q)
	want := op.Info().Scalar(0.5, q[0], math.Exp(q[1]), 0, 0)
	if got := s.Slots[v][0]; got != want {
		t.Errorf("normal_lpdf(0.5 | %v, %v) = %v, Scalar function %v", q[0], math.Exp(q[1]), got, want)
	}
}
