package simulate_test

import (
	"errors"
	"math/rand/v2"
	"testing"

	"github.com/bayes-dev/bayes/data"
	"github.com/bayes-dev/bayes/lang"
	"github.com/bayes-dev/bayes/lang/sizes/sizetest"
	"github.com/bayes-dev/bayes/simulate"
)

// TestSizeMismatches runs, in generated quantities, a call of every
// built-in and operator that takes a container, from lang's tables (package
// sizetest): each call with sizes that break its size rule must fail at the
// call with the rule's message, the one the compiler gives in the model
// block; each well-sized call must run. Never an internal error, a panic or
// a silent acceptance.
func TestSizeMismatches(t *testing.T) {
	cases, err := sizetest.Cases()
	if err != nil {
		t.Fatal(err)
	}
	cases = append(cases, sizetest.Statements()...)
	bad, good := 0, 0
	for _, c := range cases {
		if !c.AllowedIn(lang.BlockGeneratedQuantities) {
			continue
		}
		src, line, col := c.Source(lang.BlockGeneratedQuantities)
		p, d := parse(t, src, c.Data())
		err := runOnce(p, d)
		var le *lang.Error
		switch {
		case c.Bad:
			bad++
			if !errors.As(err, &le) || le.Pos != (lang.Pos{Line: line, Col: col}) || le.Msg != c.Want {
				t.Errorf("%s: got %v\nwant %d:%d: %s\n%s", c.Name, err, line, col, c.Want, src)
			}
		case err != nil:
			t.Errorf("%s: well-sized, got %v\n%s", c.Name, err, src)
		default:
			good++
		}
	}
	t.Logf("%d mismatched calls refused at the call, %d well-sized calls ran", bad, good)
}

// runOnce builds the generator and runs generated quantities for p0 = 0.
func runOnce(p *lang.Program, d *data.Data) error {
	g, err := simulate.NewGenerator(p, d.Vars)
	if err != nil {
		return err
	}
	out := make([]float64, len(g.GQNames()))
	return g.Run(rand.New(rand.NewPCG(1, 1)), []float64{0}, out)
}
