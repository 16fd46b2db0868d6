package simulate_test

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/bayes-dev/bayes/data"
	"github.com/bayes-dev/bayes/lang"
	"github.com/bayes-dev/bayes/simulate"
)

// intRngCase is how one integer-valued family's draws are kept within a
// Stan int (32-bit, at most 2147483647). A family drawn as a Poisson has
// arguments whose draws would overflow, which Stan Math refuses
// (poisson_rng: check_less(lambda, POISSON_MAX_RATE = 2^30); poisson_log_rng:
// alpha < POISSON_MAX_LOG_RATE = 30 log 2; the neg_binomial*_rng: the gamma
// draw < POISSON_MAX_RATE), and an edge just inside the limit. Any other
// family draws at most one of its int arguments or its number of
// categories: at its extreme it must reach that bound and no further.
type intRngCase struct {
	over, want string // arguments that overflow, and the message that follows "NAME_rng: "
	edge       string // arguments just inside the limit
	extreme    string // arguments that give the largest draws of a bounded family
	max        int    // their largest possible draw
	decl       string // the type of the draw (int unless said)
}

var intRngCases = map[string]intRngCase{
	"poisson": {over: "1e13", want: "rate is 1e+13, but must be less than 1073741824 (2^30)",
		edge: "1073741823"},
	"poisson_log": {over: "30", want: "log rate is 30, but must be less than 20.7944 (30 log 2)",
		edge: "20.79"},
	"neg_binomial": {over: "1e3, 1e-9", want: "the Poisson rate drawn from the gamma distribution is ",
		edge: "1e3, 2e-6"},
	"neg_binomial_2": {over: "1e12, 5", want: "the Poisson rate drawn from the gamma distribution is ",
		edge: "1e8, 5"},
	"neg_binomial_2_log": {over: "30, 5", want: "the Poisson rate drawn from the gamma distribution is ",
		edge: "18, 5"},
	// the success chance p ~ beta(1e-9, 1e3) is below 1e-100 at most draws
	"beta_neg_binomial": {over: "1e3, 1e-9, 1e3", want: "the Poisson rate drawn from the gamma distribution is ",
		edge: "1e3, 1e3, 1"},
	"bernoulli":             {extreme: "1", max: 1},
	"bernoulli_logit":       {extreme: "40", max: 1},
	"binomial":              {extreme: "2147483647, 1", max: 2147483647},
	"binomial_logit":        {extreme: "2147483647, 40", max: 2147483647},
	"beta_binomial":         {extreme: "2147483647, 1e10, 1e-10", max: 2147483647},
	"discrete_range":        {extreme: "2147483647, 2147483647", max: 2147483647},
	"categorical":           {extreme: "[0, 0, 1]'", max: 3},
	"categorical_logit":     {extreme: "[0, 0, 50]'", max: 3},
	"ordered_logistic":      {extreme: "100, [-1, 0, 1]'", max: 4},
	"ordered_probit":        {extreme: "100, [-1, 0, 1]'", max: 4},
	"multinomial":           {extreme: "[0, 1]', 2147483647", max: 2147483647, decl: "array[2] int"},
	"multinomial_logit":     {extreme: "[-800, 0]', 2147483647", max: 2147483647, decl: "array[2] int"},
	"dirichlet_multinomial": {extreme: "[1e-10, 1e10]', 2147483647", max: 2147483647, decl: "array[2] int"},
	"bernoulli_logit_glm":   {extreme: "[[1], [2]], 40, [1]'", max: 1, decl: "array[2] int"},
}

func parseTest(t *testing.T, src string) *lang.Program {
	t.Helper()
	p, err := lang.ParseAndCheck("test.bym", []byte(src))
	if err != nil {
		t.Fatalf("%v\n%s", err, src)
	}
	return p
}

// TestIntRngOverflow runs every integer-valued _rng (every family of
// lang's table with an int outcome) where its draws would overflow an int,
// and checks for the positioned error that names the function and the
// value, in generated quantities, in transformed data and when prior
// predictive sampling simulates data with `~`; just inside the limit, and
// for the families whose draws are bounded by an argument, the draws fit.
func TestIntRngOverflow(t *testing.T) {
	for _, d := range lang.Dists() {
		if d.Outcome != lang.OutcomeInt {
			continue
		}
		if d.Mv != nil && d.Mv.NoRngFunc != "" {
			continue // no NAME_rng to call (Stan has none): `~` draws each outcome with the univariate family's rng, whose case is above
		}
		c, ok := intRngCases[d.Name]
		if !ok {
			t.Errorf("%s_rng has no intRngCase: say how its draws stay within an int", d.Name)
			continue
		}
		t.Run(d.Name, func(t *testing.T) {
			decl := c.decl
			if decl == "" {
				decl = "int"
			}
			gq := func(args string) string {
				return fmt.Sprintf("generated quantities {\n  %s y = %s_rng(%s);\n}\n", decl, d.Name, args)
			}
			col := len("  "+decl+" y = ") + 1
			if c.over == "" {
				g, err := simulate.NewGenerator(parseTest(t, gq(c.extreme)), nil)
				if err != nil {
					t.Fatal(err)
				}
				out := make([]float64, len(g.GQNames()))
				for i := range 20 {
					if err := g.Run(rand.New(rand.NewPCG(uint64(i), 1)), nil, out); err != nil {
						t.Fatal(err)
					}
					for _, y := range out {
						if y < 0 || y > float64(c.max) {
							t.Fatalf("%s_rng(%s) = %v, outside 0..%d", d.Name, c.extreme, y, c.max)
						}
					}
					if out[len(out)-1] != float64(c.max) {
						t.Errorf("%s_rng(%s) = %v, want %d at this extreme", d.Name, c.extreme, out, c.max)
					}
				}
				return
			}
			prefix := fmt.Sprintf("%s_rng: %s", d.Name, c.want)
			contexts := []struct {
				name, src, data, want string
				run                   func(p *lang.Program, vars map[string]*simulate.Value) error
			}{
				{"generated quantities", gq(c.over), "",
					fmt.Sprintf("test.bym:2:%d: generated quantities: %s", col, prefix),
					func(p *lang.Program, vars map[string]*simulate.Value) error {
						g, err := simulate.NewGenerator(p, vars)
						if err != nil {
							return err
						}
						return g.Run(rand.New(rand.NewPCG(1, 2)), nil, make([]float64, 1))
					}},
				{"transformed data", fmt.Sprintf("transformed data {\n  int y = %s_rng(%s);\n}\n", d.Name, c.over), "",
					fmt.Sprintf("test.bym:2:11: transformed data: %s", prefix),
					func(p *lang.Program, vars map[string]*simulate.Value) error {
						_, err := simulate.NewGenerator(p, vars)
						return err
					}},
				{"prior predictive", fmt.Sprintf("data {\n  int y;\n}\nparameters {\n  real mu;\n}\nmodel {\n  mu ~ normal(0, 1);\n  y ~ %s(%s);\n}\n", d.Name, c.over),
					`{"y": 0}`,
					fmt.Sprintf("test.bym:9:3: prior predictive draw 1: simulating \"y\" from %s: %s", d.Name, c.want),
					func(p *lang.Program, vars map[string]*simulate.Value) error {
						_, err := simulate.PriorPredictive(p, vars, 10, 3)
						return err
					}},
			}
			for _, ctx := range contexts {
				p := parseTest(t, ctx.src)
				var vars map[string]*simulate.Value
				if ctx.data != "" {
					d, err := data.Load(p, "test.json", []byte(ctx.data))
					if err != nil {
						t.Fatal(err)
					}
					vars = d.Vars
				}
				err := p.InFile(ctx.run(p, vars))
				if err == nil || !strings.HasPrefix(err.Error(), ctx.want) || !strings.Contains(err.Error(), "for the draws to fit in an int") {
					t.Errorf("%s: error\n%v\nwant it to begin %q", ctx.name, err, ctx.want)
				}
			}
			// just inside the limit: every draw fits
			g, err := simulate.NewGenerator(parseTest(t, gq(c.edge)), nil)
			if err != nil {
				t.Fatal(err)
			}
			out := make([]float64, 1)
			for i := range 200 {
				if err := g.Run(rand.New(rand.NewPCG(uint64(i), 3)), nil, out); err != nil {
					t.Fatalf("%s_rng(%s): %v", d.Name, c.edge, err)
				}
				if out[0] < 0 || out[0] > simulate.MaxInt {
					t.Fatalf("%s_rng(%s) = %v", d.Name, c.edge, out[0])
				}
			}
		})
	}
}
