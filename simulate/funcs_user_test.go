package simulate_test

import (
	"errors"
	"math"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bayes-dev/bayes/lang"
	"github.com/bayes-dev/bayes/simulate"
)

// gq runs the generated quantities of model with data at mu and returns
// them by name, and what print wrote.
func gq(t *testing.T, model, dataFile string, mu float64) (map[string]float64, string, error) {
	t.Helper()
	p, d := load(t, filepath.Join("testdata", model), filepath.Join("testdata", dataFile))
	g, err := simulate.NewGenerator(p, d.Vars)
	if err != nil {
		t.Fatal(err)
	}
	var printed strings.Builder
	g.Print = &printed
	out := make([]float64, len(g.GQNames()))
	err = g.Run(rand.New(rand.NewPCG(7, 1)), []float64{mu}, out)
	got := map[string]float64{}
	for i, n := range g.GQNames() {
		got[n] = out[i]
	}
	return got, printed.String(), err
}

// TestUserFunctions checks each function of testdata/user_funcs.bym by
// value, against numbers worked out by hand from x = [1.5, 2, 3.25, 4]:
// 10! = 3628800, the recursive sum 10.75, 7 odd and 10 even, the first x
// above 2.5 is x[3] and none is above 100, the 20th Fibonacci number
// 6765, [1, 3, 4] / 8, and an int returned as real.
func TestUserFunctions(t *testing.T) {
	got, printed, err := gq(t, "user_funcs.bym", "user_funcs.json", 0.25)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]float64{
		"fact10": 3628800, "total": 10.75, "even7": 0, "even10": 1, "above": 3, "none": 0,
		"fib20": 6765, "p[1]": 0.125, "p[2]": 0.375, "p[3]": 0.5, "h": 3,
	}
	for name, w := range want {
		if g, ok := got[name]; !ok || g != w {
			t.Errorf("%s = %v (present %v), want %v", name, g, ok, w)
		}
	}
	if printed != "shout 0.25\n" {
		t.Errorf("print in a void function wrote %q, want %q", printed, "shout 0.25\n")
	}
}

// TestUserRngFunction checks that an _rng function draws what its body's
// call draws: the same model written without the function
// (user_funcs_ref.bym), run on the same stream, gives the same draw bit
// for bit. user_funcs.bym draws nothing before `draw`.
func TestUserRngFunction(t *testing.T) {
	got, _, err := gq(t, "user_funcs.bym", "user_funcs.json", 0.25)
	if err != nil {
		t.Fatal(err)
	}
	ref, _, err := gq(t, "user_funcs_ref.bym", "empty.json", 0.25)
	if err != nil {
		t.Fatal(err)
	}
	if math.Float64bits(got["draw"]) != math.Float64bits(ref["draw"]) {
		t.Errorf("noisy_rng(mu) drew %v, normal_rng(mu, 1) on the same stream %v", got["draw"], ref["draw"])
	}
}

// TestUserFunctionErrors checks the run-time errors of functions: a
// recursion that never ends stops at MaxCallDepth with a positioned
// error (not a stack overflow), and a body that ends without a return
// says so at the call.
func TestUserFunctionErrors(t *testing.T) {
	for _, c := range []struct {
		model string
		pos   lang.Pos
		msg   string
	}{
		{"user_recursion.bym", lang.Pos{Line: 6, Col: 12}, "does a recursion never end?"},
		{"user_fallthrough.bym", lang.Pos{Line: 16, Col: 12}, "first reached the end of its body without returning a value"},
	} {
		t.Run(c.model, func(t *testing.T) {
			_, _, err := gq(t, c.model, "empty.json", 0)
			var e *lang.Error
			if !errors.As(err, &e) {
				t.Fatalf("error %v, want a positioned *lang.Error", err)
			}
			if e.Pos != c.pos || !strings.Contains(e.Msg, c.msg) {
				t.Errorf("error at %v: %s; want at %v containing %q", e.Pos, e.Msg, c.pos, c.msg)
			}
		})
	}
}

// TestUserFunctionsPriorPredictive: prior-predictive sampling says what
// it leaves out of a model with user functions (an _lp function's ~, a
// user density), and a parameter whose only prior is inside a function
// is an error that says so.
func TestUserFunctionsPriorPredictive(t *testing.T) {
	p, d := load(t, filepath.Join("testdata", "user_prior.bym"), filepath.Join("testdata", "user_funcs.json"))
	notes := strings.Join(simulate.PriorNotes(p), "\n")
	for _, want := range []string{
		"user_prior.bym:20:3: prior_lp(...) is left out: prior-predictive does not draw from the ~ statements inside user-defined functions",
		"user_prior.bym:23:5: x[n] ~ my_normal(...) is left out: my_normal is a user-defined distribution",
	} {
		if !strings.Contains(notes, want) {
			t.Errorf("notes %q lack %q", notes, want)
		}
	}
	_, err := simulate.PriorPredictive(p, d.Vars, 10, 1)
	if want := `parameter "tau" has no prior statement (~), only calls of user-defined functions`; err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("error %v, want one containing %q", err, want)
	}
}
