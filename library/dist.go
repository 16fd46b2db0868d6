package library

import (
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/stat/distuv"
)

// Param is one argument of a family after the outcome.
type Param struct {
	Name   string // what it means, for messages: "location", "scale"
	Int    bool   // an int (a trial count): data only, never a parameter
	Domain Domain // where it must lie
}

// Term is one summand of a log density that `~` drops when none of the
// arguments it depends on is a parameter (Stan Reference Manual, "Sampling
// statements": "drops all constant terms"; `target += *_lpdf` keeps every
// summand). The grouping follows Stan Math's include_summand tests in the
// family's *_lpdf, so that `~` drops exactly what Stan drops and lp__ is
// Stan's.
type Term struct {
	Deps uint8                             // bit i: argument i of Lpdf (0 = the outcome)
	F    func(x *[MaxArgs]float64) float64 // its value at the arguments x
}

// LocationScale says how the non-centered rewrite applies to a family:
// theta ~ F(loc, scale) is theta = loc + scale * theta_raw with theta_raw
// ~ Std(...), or with Exp, theta = exp(loc + scale * theta_raw), a
// location-scale family on the log scale (Stan Functions Reference,
// "Unbounded continuous distributions", "Positive continuous distributions").
type LocationScale struct {
	Loc, Scale int    // the indexes of the location and scale among Params
	Std        string // the family of the standardised prior
	Keep       []int  // Params the standardised prior keeps: student_t's degrees of freedom
	Unit       bool   // the standardised prior takes location 0 and scale 1: cauchy(0, 1)
	Exp        bool   // theta = exp(...)
	// Rank orders the families where messages list them (the most used,
	// normal, first).
	Rank int
}

// Dist is one univariate distribution family: the functions NAME_lpdf (or
// _lpmf), _lupdf, _rng and, with a CDF, _cdf, _lcdf and _lccdf, and what
// `y ~ NAME(...)` means. Parameterisations follow the Stan Functions
// Reference (2.36).
type Dist struct {
	Name string
	// Doc says in one line what the family is, for the function reference
	// (docs/functions.md, internal/funcref).
	Doc      string
	Discrete bool    // an int outcome: NAME_lpmf
	Params   []Param // the arguments after the outcome
	Support  string  // the outcome's support, in the Functions Reference's notation

	// Lpdf is the log density with every constant, its arguments the
	// outcome, Params, then Fill.
	Lpdf *Kernel
	// Fill are the trailing arguments of Lpdf that Stan's signature omits
	// (std_normal: location 0, scale 1).
	Fill []float64
	// Terms are the summands of Lpdf that `~` drops when their arguments
	// are data; every other summand is kept.
	Terms []Term

	// Rng draws one outcome with parameters p (len(Params) values). A
	// count family drawn as a Poisson sets Rate instead: the Poisson rate
	// (the argument, or a gamma draw), or Stan's error when the draws
	// would not fit in an int.
	Rng  func(r *rand.Rand, p []float64) float64
	Rate func(r *rand.Rand, p []float64) (float64, error)
	// CDF is nil when Stan has no NAME_cdf, or with CDFBySum, when the
	// CDF is the sum of the pmf over 0..floor(x) (see Cumulative);
	// Quantile, its inverse, is nil where truncation draws by rejection.
	CDF      func(x float64, p []float64) float64
	CDFBySum bool
	Quantile func(u float64, p []float64) float64
	// Moments are the mean and variance (nil when they do not exist: cauchy).
	Moments func(p []float64) (mean, variance float64)

	// Lcdf and Lccdf are log CDF(y) and log(1 - CDF(y)) as elementwise
	// kernels with Lpdf's arguments (Stan's NAME_lcdf and NAME_lccdf,
	// each in the tails too), which the compiler lowers NAME_lcdf,
	// NAME_lccdf and NAME_cdf with and the interpreter evaluates; nil
	// where bayes has the CDF alone (the interpreter takes its log, the
	// compiler refuses the call).
	Lcdf, Lccdf *Kernel

	// LocationScale is set for the families the non-centered rewrite applies to.
	LocationScale *LocationScale
}

// LogDensity is Lpdf at outcome x and parameters p.
func (d *Dist) LogDensity(x float64, p []float64) float64 {
	var a [MaxArgs]float64
	a[0] = x
	n := 1 + copy(a[1:], p)
	copy(a[n:], d.Fill)
	return d.Lpdf.Value(a[0], a[1], a[2], a[3], 0)
}

// Draw is one outcome with parameters p: Rng's, or a Poisson draw at Rate.
func (d *Dist) Draw(r *rand.Rand, p []float64) (float64, error) {
	if d.Rate == nil {
		return d.Rng(r, p), nil
	}
	lambda, err := d.Rate(r, p)
	if err != nil {
		return 0, err
	}
	return poissonDraw(r, lambda), nil
}

// CheckParams reports the first parameter outside its domain, as Stan's
// argument checks do: "scale is -1, but must be positive and finite".
func (d *Dist) CheckParams(p []float64) error {
	for k, x := range p {
		if k < len(d.Params) && !d.Params[k].Domain.OK(x) {
			return &DomainError{Param: d.Params[k].Name, Value: x, Domain: d.Params[k].Domain}
		}
	}
	return nil
}

// DomainError is an argument outside its domain.
type DomainError struct {
	Param  string
	Value  float64
	Domain Domain
}

func (e *DomainError) Error() string {
	return fmt.Sprintf("%s is %g, but must be %s", e.Param, e.Value, e.Domain)
}

// HasCDF reports whether the family has NAME_cdf, _lcdf and _lccdf (and so
// allows truncation).
func (d *Dist) HasCDF() bool { return d.CDF != nil || d.CDFBySum }

// Cumulative is the CDF at x: CDF's, or the sum of the pmf over
// 0..floor(x), at most 1.
func (d *Dist) Cumulative(x float64, p []float64) float64 {
	if d.CDF != nil {
		return d.CDF(x, p)
	}
	s := 0.0
	for k := 0.0; k <= math.Floor(x); k++ {
		s += math.Exp(d.LogDensity(k, p))
	}
	return math.Min(s, 1)
}

// LogCumulative is log CDF(x), or with upper log(1 - CDF(x)), at
// parameters p: the Lcdf or Lccdf kernel's where the family has them, else
// the log of Cumulative.
func (d *Dist) LogCumulative(x float64, p []float64, upper bool) float64 {
	k := d.Lcdf
	if upper {
		k = d.Lccdf
	}
	if k == nil {
		c := d.Cumulative(x, p)
		if upper {
			c = 1 - c
		}
		return math.Log(c)
	}
	var a [MaxArgs]float64
	a[0] = x
	n := 1 + copy(a[1:], p)
	copy(a[n:], d.Fill)
	return k.Value(a[0], a[1], a[2], a[3], 0)
}

// poissonDraw is one Poisson(λ) draw.
func poissonDraw(r *rand.Rand, lambda float64) float64 {
	return distuv.Poisson{Lambda: lambda, Src: r}.Rand()
}
