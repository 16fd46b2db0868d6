package emit_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/bayes-dev/bayes/compiler/emit"
)

// TestEmitRefusesODE: a model with an ODE solve has no C form; the
// emitter says so, naming the function, rather than writing broken C.
func TestEmitRefusesODE(t *testing.T) {
	dir := filepath.Join("..", "testdata", "ode")
	m := compileFiles(t, filepath.Join(dir, "decay.bym"), filepath.Join(dir, "decay.json"))
	_, err := m.EmitC(emit.Options{})
	if err == nil || !strings.Contains(err.Error(), "ode_rk45 runs only on the CPU") {
		t.Errorf("err = %v, want the refusal naming ode_rk45", err)
	}
}

// TestEmitRefusesSolvers: so do models with an algebraic solver or
// integrate_1d, naming what the samplers lack.
func TestEmitRefusesSolvers(t *testing.T) {
	dir := filepath.Join("..", "testdata", "higher")
	for model, want := range map[string]string{
		"solve.bym":     "runs only on the CPU: the C and CUDA samplers have no algebraic solver",
		"integrate.bym": "integrate_1d runs only on the CPU: the C and CUDA samplers have no 1D integrator",
	} {
		m := compileFiles(t, filepath.Join(dir, model), "")
		if _, err := m.EmitC(emit.Options{}); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: err = %v, want %q", model, err, want)
		}
	}
}
