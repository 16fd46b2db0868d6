package emit

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/bayes-dev/bayes/compiler/ir"
)

// Whether a model may run in single precision (Options.Float32), judged
// from what the compiler knows: the data and constants of the emitted
// graphs (the log density's and the constrain map's). It does not know
// the posterior, so it cannot judge what depends on the parameters.
//
// Checked, each a Float32Risk:
//
//   - every data value is finite, within float32's range (|x| <= 3.4e38)
//     and, when not zero, at least float32's smallest normal (2^-126): a
//     subnormal loses bits, and the GPU flushes it to zero under
//     --use_fast_math. (A normal value's float32 rounding is within 2^-24
//     relative, so a relative-change rule would add nothing here.)
//   - every integer-valued data value is at most 2^24 in magnitude: above
//     it float32 cannot hold every integer, so a count or a code changes.
//   - distinct values of one data array stay distinct: where two that
//     differ by more than 2^-40 relative round to the same float32
//     (timestamps, or data whose spread is below 2^-24 of its magnitude),
//     what told observations apart is gone. Closer pairs are not counted:
//     transformed data (logs, standardised covariates: diamonds, mesquite)
//     carry double rounding noise of a few 2^-53 relative, which is no
//     information.
//   - no constant or data addend of an add or sub is nonzero and below
//     float32's epsilon (2^-23 ≈ 1.2e-7): it vanishes when added to
//     anything of magnitude 1, so a jitter on a covariance's diagonal
//     (gp_pois_regr's 1e-10 before its Cholesky) or a regulariser the model
//     relies on is silently dropped.
//   - every constant is within float32's range and, when not zero, at
//     least its smallest normal (±Inf and NaN are kept as they are).
//
// Not checked: the conditioning of what the model computes from its
// parameters (a Cholesky factor of a nearly singular matrix without a
// constant jitter, a sum whose terms cancel, a long recurrence), the
// range the parameters reach, and the size of the sums: float32's
// accuracy in the log density is about 2^-24 times the sum of the
// magnitudes of its terms (emit_f32_test.go), which for a million-term
// likelihood can be comparable to the differences NUTS acts on. Those are
// for the user to judge with --precision 32; this check only refuses what
// is wrong whatever the posterior.

// Float32Risk is one kind of reason that single precision changes a model.
type Float32Risk uint8

const (
	RiskNonFinite Float32Risk = iota
	RiskRange
	RiskSubnormal
	RiskInteger
	RiskMerged
	RiskAbsorbed
	numFloat32Risks
)

// float32Risks describes each risk, for Float32Issue.Error.
var float32Risks = [numFloat32Risks]string{
	RiskNonFinite: "is not finite",
	RiskRange:     "is beyond float32's range (3.4e38)",
	RiskSubnormal: "is nonzero but below float32's smallest normal (2^-126)",
	RiskInteger:   "is an integer above 2^24, which float32 cannot hold exactly",
	RiskMerged:    "rounds to the same float32 as another value of its array",
	RiskAbsorbed:  "is added but below float32's epsilon (2^-23), so it vanishes beside 1 (a jitter?)",
}

func (r Float32Risk) String() string { return float32Risks[r] }

// Float32Issue is one value that single precision would change.
type Float32Issue struct {
	Risk  Float32Risk
	Where string // "data array 3, element 17" or "constant %42"
	Value float64
}

func (i Float32Issue) String() string {
	return fmt.Sprintf("%s (%g) %s", i.Where, i.Value, i.Risk)
}

// Float32Error lists why a model is not safe in single precision: the
// first few issues of each risk.
type Float32Error struct {
	Issues []Float32Issue
}

// Error names the values and what float32 would do to them, each once;
// the places (IR nodes, data arrays) are in Issues, for a developer.
func (e *Float32Error) Error() string {
	var parts []string
	for _, is := range e.Issues {
		part := fmt.Sprintf("the value %g %s", is.Value, is.Risk)
		if !slices.Contains(parts, part) {
			parts = append(parts, part)
		}
	}
	return "the model needs double precision: " + strings.Join(parts, "; ")
}

// Has reports whether the error lists an issue of risk r.
func (e *Float32Error) Has(r Float32Risk) bool {
	return slices.ContainsFunc(e.Issues, func(i Float32Issue) bool { return i.Risk == r })
}

// float32IssuesPerRisk bounds the issues kept of each risk.
const float32IssuesPerRisk = 3

// float32Safe returns nil when the graphs may be emitted with
// Options.Float32, else a *Float32Error saying why not (see above for
// what is and is not checked).
func Float32Safe(graphs ...*ir.Graph) error {
	c := float32Check{}
	for i, g := range graphs {
		if i == 0 || g != graphs[i-1] {
			c.graph(g)
		}
	}
	if len(c.issues) == 0 {
		return nil
	}
	return &Float32Error{Issues: c.issues}
}

type float32Check struct {
	issues []Float32Issue
	count  [numFloat32Risks]int
	seen   map[*float64]bool
}

func (c *float32Check) add(r Float32Risk, x float64, format string, args ...any) {
	if c.count[r]++; c.count[r] <= float32IssuesPerRisk {
		c.issues = append(c.issues, Float32Issue{Risk: r, Where: fmt.Sprintf(format, args...), Value: x})
	}
}

const (
	float32Max    = math.MaxFloat32
	float32Normal = 0x1p-126
	float32Eps    = 0x1p-23
	float32Ints   = 1 << 24
	// float32Distinct is the relative difference above which two data
	// values are told apart on purpose (RiskMerged).
	float32Distinct = 0x1p-40
)

func (c *float32Check) graph(g *ir.Graph) {
	if c.seen == nil {
		c.seen = map[*float64]bool{}
	}
	for k, x := range g.Data {
		if len(x) == 0 || c.seen[&x[0]] {
			continue
		}
		c.seen[&x[0]] = true
		c.data(k, x)
	}
	for v := range g.Nodes {
		n := &g.Nodes[v]
		if x, ok := g.IsConst(ir.Value(v)); ok && !math.IsInf(x, 0) && !math.IsNaN(x) {
			switch ax := math.Abs(x); {
			case ax > float32Max:
				c.add(RiskRange, x, "constant %%%d", v)
			case ax != 0 && ax < float32Normal:
				c.add(RiskSubnormal, x, "constant %%%d", v)
			}
		}
		if n.Op != ir.OpAdd && n.Op != ir.OpSub {
			continue
		}
		for i := 0; i < 2; i++ {
			a := g.Node(n.Args[i])
			switch a.Op {
			case ir.OpConst:
				if x, _ := g.IsConst(n.Args[i]); tinyAddend(x) {
					c.add(RiskAbsorbed, x, "constant %%%d added in %%%d", n.Args[i], v)
				}
			case ir.OpData:
				for j, x := range g.Data[a.Aux] {
					if tinyAddend(x) {
						c.add(RiskAbsorbed, x, "data array %d, element %d, added in %%%d", a.Aux, j, v)
						break
					}
				}
			}
		}
	}
}

func tinyAddend(x float64) bool {
	ax := math.Abs(x)
	return ax != 0 && ax < float32Eps
}

// data checks one data array's values and their distinctness.
func (c *float32Check) data(k int, x []float64) {
	for j, v := range x {
		ax := math.Abs(v)
		switch {
		case math.IsNaN(v) || math.IsInf(v, 0):
			c.add(RiskNonFinite, v, "data array %d, element %d", k, j)
		case ax > float32Max:
			c.add(RiskRange, v, "data array %d, element %d", k, j)
		case ax != 0 && ax < float32Normal:
			c.add(RiskSubnormal, v, "data array %d, element %d", k, j)
		case ax > float32Ints && v == math.Trunc(v):
			c.add(RiskInteger, v, "data array %d, element %d", k, j)
		}
	}
	s := slices.Clone(x)
	slices.Sort(s)
	for j := 1; j < len(s); j++ {
		if s[j]-s[j-1] > float32Distinct*math.Abs(s[j]) && float32(s[j]) == float32(s[j-1]) {
			c.add(RiskMerged, s[j], "data array %d, value %.17g and %.17g", k, s[j-1], s[j])
			break
		}
	}
}
