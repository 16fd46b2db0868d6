package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
)

// Reference is what the benchmark takes from a posterior's reference.json:
// the names whose bulk ESS is scored, with their reference means and sds
// (to catch a run that sampled the wrong posterior), and the sampler
// settings of posteriordb's reference run.
type Reference struct {
	Params       []RefParam
	AdaptDelta   float64 // Stan's default 0.8 where the reference run left it out
	MaxTreedepth int     // Stan's default 10 where the reference run left it out
}

// RefParam is one scalar element of reference.json's "parameters".
type RefParam struct {
	Name     string
	Mean, SD float64
}

// ReadReference reads reference.json (format: ../shared/posteriordb/INDEX.md).
func ReadReference(path string) (Reference, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return Reference{}, err
	}
	var raw struct {
		Method struct {
			Control struct {
				AdaptDelta   *float64 `json:"adapt_delta"`
				MaxTreedepth *int     `json:"max_treedepth"`
			} `json:"control"`
		} `json:"reference_method"`
		Parameters []struct {
			Name string   `json:"name"`
			Mean *float64 `json:"mean"`
			SD   *float64 `json:"sd"`
		} `json:"parameters"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		return Reference{}, fmt.Errorf("%s: %w", path, err)
	}
	ref := Reference{AdaptDelta: 0.8, MaxTreedepth: 10}
	if c := raw.Method.Control; c.AdaptDelta != nil {
		ref.AdaptDelta = *c.AdaptDelta
	}
	if c := raw.Method.Control; c.MaxTreedepth != nil {
		ref.MaxTreedepth = *c.MaxTreedepth
	}
	for i, p := range raw.Parameters {
		if p.Name == "" || p.Mean == nil || p.SD == nil {
			return Reference{}, fmt.Errorf("%s: parameters[%d]: want name, mean and sd", path, i)
		}
		ref.Params = append(ref.Params, RefParam{p.Name, *p.Mean, *p.SD})
	}
	if len(ref.Params) == 0 {
		return Reference{}, fmt.Errorf("%s: no parameters", path)
	}
	return ref, nil
}

// PosteriorReference reads dir/reference.json; a folder without one (most
// of the corpus) gets Stan's default settings and no names, which scores
// every quantity (see BayesSide).
func PosteriorReference(dir string) (Reference, error) {
	path := filepath.Join(dir, "reference.json")
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return Reference{AdaptDelta: 0.8, MaxTreedepth: 10}, nil
	}
	return ReadReference(path)
}

// maxZ is how many reference sds a mean may stray before the run counts as
// sampling the wrong posterior (a bug, or a chain stuck in a mode): with
// 4000 draws and ESS in the hundreds, a correct mean is within 0.3 sd.
const maxZ = 5.0

// Side is one sampler's run of one posterior, per core.
type Side struct {
	Wall    float64 // seconds of the timed call: bayes's whole command, Stan's sampling()
	Sampler float64 // seconds of sampling alone, warmup included
	// CPU is the user + system seconds of the whole process (bayes's
	// command; Stan's Rscript, R's start-up and data loading included):
	// what the run took whatever else the machine ran.
	CPU         float64
	Gradients   int64   // gradient evaluations, warmup included
	MinESS      float64 // minimum bulk ESS over the reference's names (without a reference, every quantity but lp__)
	MinESSName  string
	Divergences int // after warmup
}

// ESSPerSecond is the score: minimum bulk ESS per wall second.
func (s Side) ESSPerSecond() float64 { return s.MinESS / s.Wall }

// GradientsPerSecond is the kernel's speed: gradients per second of
// sampler time (the sampler's own work is in it too, but for all but the
// smallest models the gradient dominates).
func (s Side) GradientsPerSecond() float64 { return float64(s.Gradients) / s.Sampler }

// ESSPerGradient is the sampler's efficiency: minimum bulk ESS per
// gradient, warmup's gradients included.
func (s Side) ESSPerGradient() float64 { return s.MinESS / float64(s.Gradients) }

// SamplerShare is the part of the wall time spent sampling (the rest is
// start-up, compile, summary and output for bayes, rstan's bookkeeping
// around its chains for Stan).
func (s Side) SamplerShare() float64 { return s.Sampler / s.Wall }

// Ratios are bayes / Stan for each figure. ESS per second is the product
// of the other three (ESS/wall = ESS/gradient x gradients/sampler s x
// sampler s/wall), so a gain in the score is traced to the kernel
// (GradientsPerSecond), the sampler (ESSPerGradient) or the overhead
// around sampling (SamplerShare).
type Ratios struct {
	ESSPerSecond, GradientsPerSecond, ESSPerGradient, SamplerShare float64
}

// Compare gives bayes's figures over Stan's.
func Compare(bayes, stan Side) Ratios {
	return Ratios{
		ESSPerSecond:       bayes.ESSPerSecond() / stan.ESSPerSecond(),
		GradientsPerSecond: bayes.GradientsPerSecond() / stan.GradientsPerSecond(),
		ESSPerGradient:     bayes.ESSPerGradient() / stan.ESSPerGradient(),
		SamplerShare:       bayes.SamplerShare() / stan.SamplerShare(),
	}
}

// check rejects a side whose figures cannot be scored.
func (s Side) check() error {
	switch {
	case !(s.Wall > 0) || !(s.Sampler > 0):
		return fmt.Errorf("no time measured (wall %g s, sampler %g s)", s.Wall, s.Sampler)
	case s.Gradients <= 0:
		return fmt.Errorf("no gradient count (%d)", s.Gradients)
	case !(s.MinESS > 0) || math.IsInf(s.MinESS, 0):
		return fmt.Errorf("bulk ESS of %s is %g", s.MinESSName, s.MinESS)
	}
	return nil
}

// BayesSide reads `bayes sample --format json`'s report (stdout): the
// summary's bulk ESS and mean of each reference name, run.seconds (the
// sampler's time, warmup included), run.gradients (every gradient of every
// chain: initialisation, step-size search, warmup and sampling) and the
// post-warmup divergences. wall is the command's wall time. Without
// reference names (ref.Params empty) the minimum is over every quantity of
// the summary with a defined bulk ESS but lp__, and no mean is checked.
func BayesSide(report []byte, ref Reference, wall float64) (Side, error) {
	var r struct {
		Summary []struct {
			Variable string   `json:"variable"`
			Mean     *float64 `json:"mean"` // null: undefined
			ESSBulk  *float64 `json:"ess_bulk"`
		} `json:"summary"`
		Sampler *struct {
			Divergences int `json:"divergences"`
		} `json:"sampler"`
		Run *struct {
			Seconds   float64 `json:"seconds"`
			Gradients int64   `json:"gradients"`
		} `json:"run"`
	}
	if err := json.Unmarshal(report, &r); err != nil {
		return Side{}, fmt.Errorf("bayes report: %w", err)
	}
	if r.Run == nil {
		return Side{}, fmt.Errorf("bayes report: no \"run\" object (seconds, gradients)")
	}
	type row struct{ mean, ess *float64 }
	rows := make(map[string]row, len(r.Summary))
	for _, s := range r.Summary {
		rows[s.Variable] = row{s.Mean, s.ESSBulk}
	}
	side := Side{Wall: wall, Sampler: r.Run.Seconds, Gradients: r.Run.Gradients, MinESS: math.Inf(1)}
	if r.Sampler != nil {
		side.Divergences = r.Sampler.Divergences
	}
	if len(ref.Params) == 0 {
		for _, s := range r.Summary {
			if s.Variable != "lp__" && s.ESSBulk != nil && *s.ESSBulk < side.MinESS {
				side.MinESS, side.MinESSName = *s.ESSBulk, s.Variable
			}
		}
	}
	for _, p := range ref.Params {
		s, ok := rows[p.Name]
		if !ok {
			return Side{}, fmt.Errorf("bayes report: no summary row for reference name %s", p.Name)
		}
		if s.mean == nil || s.ess == nil {
			return Side{}, fmt.Errorf("bayes: the mean or bulk ESS of %s is undefined (null)", p.Name)
		}
		if z := math.Abs(*s.mean-p.Mean) / p.SD; !(z <= maxZ) {
			return Side{}, fmt.Errorf("bayes: mean of %s is %.3g, %.1f reference sds from %.3g: not the posterior",
				p.Name, *s.mean, z, p.Mean)
		}
		if !(*s.ess > 0) {
			return Side{}, fmt.Errorf("bayes: bulk ESS of %s is %g", p.Name, *s.ess)
		}
		if *s.ess < side.MinESS {
			side.MinESS, side.MinESSName = *s.ess, p.Name
		}
	}
	return side, side.check()
}

// StanRun is Stan's line from bench/stan_posteriordb.R.
type StanRun struct {
	Side
	CompileSeconds float64
	Cached         bool
	Version        string // rstan's
}

// StanSide reads the JSON line stan_posteriordb.R prints (its header
// lists the fields).
func StanSide(line []byte) (StanRun, error) {
	var r struct {
		Status       string  `json:"status"`
		Wall         float64 `json:"wall_s"`
		Sampler      float64 `json:"sampler_s"`
		Gradients    float64 `json:"gradients"` // R writes whole doubles
		MinESS       float64 `json:"min_ess_bulk"`
		MinESSName   string  `json:"min_ess_bulk_par"`
		MaxZ         float64 `json:"max_abs_z"`
		MaxZName     string  `json:"max_abs_z_par"`
		Divergences  float64 `json:"divergences"`
		Compile      float64 `json:"compile_s"`
		Cached       bool    `json:"cached"`
		RstanVersion string  `json:"rstan"`
	}
	if err := json.Unmarshal(line, &r); err != nil {
		return StanRun{}, fmt.Errorf("stan_posteriordb.R line: %w", err)
	}
	if r.Status != "ok" {
		return StanRun{}, fmt.Errorf("rstan: %s", r.Status)
	}
	if !(r.MaxZ <= maxZ) {
		return StanRun{}, fmt.Errorf("rstan: mean of %s is %.1f reference sds off: not the posterior", r.MaxZName, r.MaxZ)
	}
	run := StanRun{
		Side: Side{Wall: r.Wall, Sampler: r.Sampler, Gradients: int64(r.Gradients),
			MinESS: r.MinESS, MinESSName: r.MinESSName, Divergences: int(r.Divergences)},
		CompileSeconds: r.Compile, Cached: r.Cached, Version: r.RstanVersion,
	}
	return run, run.check()
}
