package cnuts

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/bayes-dev/bayes/sampler"
)

// nutsConstants are the #defines of nuts.h's constants, each the
// value of package sampler's constant of the same meaning: the C sampler
// cannot drift from the Go one by a number. A float constant is written as
// a C double literal that reads back as the same float64.
var nutsConstants = []struct {
	name  string
	value any // float64 or int
}{
	{"BAYES_NUTS_MAX_DELTA_H", float64(sampler.MaxDeltaH)},
	{"BAYES_NUTS_DA_GAMMA", float64(sampler.AdaptGamma)},
	{"BAYES_NUTS_DA_T0", float64(sampler.AdaptT0)},
	{"BAYES_NUTS_DA_KAPPA", float64(sampler.AdaptKappa)},
	{"BAYES_NUTS_MAX_STEPSIZE", float64(sampler.MaxStepsize)},
	{"BAYES_NUTS_LOG_ACCEPT_THRESHOLD", float64(sampler.LogAcceptThreshold)},
	{"BAYES_NUTS_REG_WEIGHT", float64(sampler.RegWeight)},
	{"BAYES_NUTS_REG_SCALE", float64(sampler.RegScale)},
	{"BAYES_NUTS_MAX_INIT_TRIES", sampler.MaxInitTries},
	{"BAYES_NUTS_NSTATS", NumStats},
	{"BAYES_NUTS_MAX_WINDOWS", MaxWindows},
	{"BAYES_NUTS_MAX_NUTPIE_WINDOWS", MaxNutpieWindows},
	{"BAYES_NUTS_NUTPIE_MIN_DRAWS", sampler.NutpieMinDraws},
	{"BAYES_NUTS_NUTPIE_DIVERGENT_STEPS", sampler.NutpieDivergentSteps},
	{"BAYES_NUTS_NUTPIE_MIN_INV", float64(sampler.NutpieMinInv)},
	{"BAYES_NUTS_NUTPIE_MAX_INV", float64(sampler.NutpieMaxInv)},
}

// nutsDefines is the preamble of nuts.h: one #define per row of
// nutsConstants.
func nutsDefines() string {
	var b strings.Builder
	b.WriteString("/* The sampler's constants, written by cnuts/nuts_constants.go from package sampler's. */\n")
	for _, c := range nutsConstants {
		var v string
		switch x := c.value.(type) {
		case float64:
			v = cDouble(x)
		case int:
			v = strconv.Itoa(x)
		default:
			panic(fmt.Sprintf("cnuts: nutsConstants: %s has a %T value", c.name, c.value))
		}
		fmt.Fprintf(&b, "#define %s %s\n", c.name, v)
	}
	return b.String()
}

// cDouble writes x (finite) as a C double literal: the shortest decimal
// that reads back as x, with a decimal point or an exponent so that C reads
// a double and not an int, and in parentheses when negative so that it
// stays one operand after any operator.
func cDouble(x float64) string {
	s := strconv.FormatFloat(x, 'g', -1, 64)
	if !strings.ContainsAny(s, ".e") {
		s += ".0"
	}
	if x < 0 {
		s = "(" + s + ")"
	}
	return s
}
