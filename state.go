package bayes

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/bayes-dev/bayes/compiler/reparam"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/bayes-dev/bayes/fit"
	"github.com/bayes-dev/bayes/sampler"
)

// StateFile is the file beside a run's draws that says where each chain
// stopped: what bayes sample --resume continues from, and what a run that
// starts with another's adaptation reads.
const StateFile = "state.json"

// Identity of a state file, its "format" and "version" keys. A reader
// refuses another format, or a version it does not know.
const (
	stateFormat  = "bayes-state"
	stateVersion = 1
)

// RunState is the content of DIR/state.json, written by Sample beside the
// draws of every run that finished (it is removed when a run starts, so
// that an interrupted run has none). A run of the GPU sampler (--device c
// or cuda) saves no random stream (rng is null): --adapt-from reuses it,
// --resume cannot. Its keys:
//
//	format, version   "bayes-state", 1
//	model             the model file, as given
//	model_sha256      SHA-256 of its text, hex: a resume refuses another model
//	data, data_sha256 the data file and its SHA-256 ("" without data)
//	noncentered, raw_suffix   --noncentered and --raw-suffix
//	seed, chains, chain_offset, warmup, thin, max_treedepth, adapt_delta,
//	metric ("diag_e", "dense_e", "unit_e", "low_rank_e"), stepsize (the
//	initial one), init, superchains, save_warmup    the run's settings, as
//	the flags
//	adapt             --adapt: "nutpie" (absent for Stan's adaptation)
//	adapt_from        --adapt-from: the run whose adaptation this one reused
//	                  (absent without)
//	samples           sampling iterations per chain so far, all resumes included
//	output_format     "csv" or "npy": how the draws were written
//	dim               unconstrained coordinates of the model
//	chain_states      one object per chain, in order:
//	  id              the chain's number (1-based, after chain_offset)
//	  position        unconstrained position after the last iteration
//	  stepsize        step size in use (the adapted one)
//	  inv_metric      inverse metric: dim entries (diag_e, unit_e) or
//	                  dim*dim, row by row (dense_e); for low_rank_e the
//	                  diagonal D of D^1/2 (I + U (Lambda - I) U') D^1/2
//	  low_rank        low_rank_e only: its directions, dim+1 numbers each,
//	                  the eigenvalue lambda_j then the column u_j of U
//	  rng             the chain's PCG stream (math/rand/v2's
//	                  PCG.MarshalBinary, base64)
//	  gq_rng          the generated quantities' PCG stream, likewise
//	                  (absent without generated quantities)
//	  iterations      sampling iterations made, kept or thinned away
//
// Numbers are written in Go's shortest round-trip form, so that reading
// them gives the exact float64 values.
type RunState struct {
	Format       string  `json:"format"`
	Version      int     `json:"version"`
	Model        string  `json:"model"`
	ModelSHA256  string  `json:"model_sha256"`
	Data         string  `json:"data"`
	DataSHA256   string  `json:"data_sha256"`
	NonCentered  string  `json:"noncentered"`
	RawSuffix    string  `json:"raw_suffix"`
	Seed         uint64  `json:"seed"`
	Chains       int     `json:"chains"`
	ChainOffset  int     `json:"chain_offset"`
	Warmup       int     `json:"warmup"`
	Samples      int     `json:"samples"`
	Thin         int     `json:"thin"`
	MaxDepth     int     `json:"max_treedepth"`
	AdaptDelta   float64 `json:"adapt_delta"`
	Metric       string  `json:"metric"`
	Stepsize     float64 `json:"stepsize"`
	Init         string  `json:"init"`
	Superchains  int     `json:"superchains"`
	SaveWarmup   bool    `json:"save_warmup"`
	Adapt        string  `json:"adapt,omitempty"`
	AdaptFrom    string  `json:"adapt_from,omitempty"`
	OutputFormat string  `json:"output_format"`
	Dim          int     `json:"dim"`

	ChainStates []ChainState `json:"chain_states"`
}

// ChainState is one chain's entry of RunState.ChainStates.
type ChainState struct {
	ID         int       `json:"id"`
	Position   []float64 `json:"position"`
	Stepsize   float64   `json:"stepsize"`
	InvMetric  []float64 `json:"inv_metric"`
	LowRank    []float64 `json:"low_rank,omitempty"`
	RNG        []byte    `json:"rng"`
	GQRNG      []byte    `json:"gq_rng,omitempty"`
	Iterations int       `json:"iterations"`
}

// ReadRunState reads dir's state.json, for --resume.
func ReadRunState(dir string) (*RunState, error) { return readRunState(dir, "--resume") }

// readRunState reads dir's state.json; errors name flag, the flag that
// gave dir.
func readRunState(dir, flag string) (*RunState, error) {
	path := filepath.Join(dir, StateFile)
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("%s %s: there is no %s: the run did not finish, or was not made by this version of bayes", flag, dir, StateFile)
	}
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w", flag, dir, err)
	}
	var st RunState
	if err := json.Unmarshal(b, &st); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	switch {
	case st.Format != stateFormat:
		return nil, fmt.Errorf("%s: format %q, not %q", path, st.Format, stateFormat)
	case st.Version != stateVersion:
		return nil, fmt.Errorf("%s: version %d; this bayes reads version %d", path, st.Version, stateVersion)
	case len(st.ChainStates) != st.Chains:
		return nil, fmt.Errorf("%s: %d chain states for %d chains", path, len(st.ChainStates), st.Chains)
	}
	return &st, nil
}

// write writes st as dir's state.json, through a temporary file.
func (st *RunState) write(dir string) error {
	b, err := json.MarshalIndent(st, "", " ")
	if err != nil {
		return fmt.Errorf("writing %s: %w", StateFile, err)
	}
	path := filepath.Join(dir, StateFile)
	if err := os.WriteFile(path+".tmp", append(b, '\n'), 0o644); err != nil {
		return fmt.Errorf("writing %s: %w", StateFile, err)
	}
	if err := os.Rename(path+".tmp", path); err != nil {
		return fmt.Errorf("writing %s: %w", StateFile, err)
	}
	return nil
}

// newRunState records a finished run of req with cfg (Samples being the
// total so far) and npy's format.
func newRunState(req *Request, cfg sampler.Config, npy bool, dim int, res *fit.Result) (*RunState, error) {
	modelSum, dataSum, err := fileSums(req.Model, req.Data)
	if err != nil {
		return nil, err
	}
	st := &RunState{
		Format: stateFormat, Version: stateVersion,
		Model: req.Model, ModelSHA256: modelSum, Data: req.Data, DataSHA256: dataSum,
		NonCentered: req.NonCentered, RawSuffix: req.rawSuffix(),
		Seed: cfg.Seed, Chains: cfg.Chains, ChainOffset: cfg.ChainOffset, Warmup: cfg.Warmup,
		Samples: cfg.Samples, Thin: cfg.Thin, MaxDepth: cfg.MaxTreeDepth, AdaptDelta: cfg.AdaptDelta,
		Metric: cfg.Metric.String(), Stepsize: cfg.Stepsize, Init: req.Init, Superchains: cfg.Superchains,
		SaveWarmup: req.SaveWarmup, AdaptFrom: req.AdaptFrom, OutputFormat: "csv", Dim: dim,
	}
	if cfg.Adapt != sampler.AdaptStan {
		st.Adapt = cfg.Adapt.String()
	}
	if npy {
		st.OutputFormat = "npy"
	}
	for c, s := range res.States {
		st.ChainStates = append(st.ChainStates, ChainState{ID: cfg.ChainOffset + c + 1, Position: s.Q,
			Stepsize: s.Stepsize, InvMetric: s.InvMetric, LowRank: s.LowRank, RNG: s.RNG, GQRNG: res.GeneratedStates[c], Iterations: s.Iterations})
	}
	return st, nil
}

// fileSums are the SHA-256 sums of the model and data files ("" for no
// data file).
func fileSums(model, data string) (string, string, error) {
	sum := func(path string) (string, error) {
		if path == "" {
			return "", nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return "", err
		}
		h := sha256.Sum256(b)
		return hex.EncodeToString(h[:]), nil
	}
	m, err := sum(model)
	if err != nil {
		return "", "", err
	}
	d, err := sum(data)
	return m, d, err
}

// sampler returns the chains' states for sampler.Config.Resume.
func (st *RunState) sampler(metric sampler.Metric) []sampler.ChainState {
	out := make([]sampler.ChainState, len(st.ChainStates))
	for c, s := range st.ChainStates {
		out[c] = sampler.ChainState{Q: s.Position, Stepsize: s.Stepsize, Metric: metric,
			InvMetric: s.InvMetric, LowRank: s.LowRank, RNG: s.RNG, Iterations: s.Iterations}
	}
	return out
}

// resumeSetting is one setting a resumed run must share with the saved
// one, by its bayes sample flag.
type resumeSetting struct {
	flag  string
	saved func(*RunState) string
	req   func(*Request) string
	set   func(*Request, *RunState) // req's setting from st
}

func num(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }

var resumeSettings = []resumeSetting{
	{"seed", func(s *RunState) string { return strconv.FormatUint(s.Seed, 10) },
		func(r *Request) string { return strconv.FormatUint(r.Sampler.Seed, 10) },
		func(r *Request, s *RunState) { r.Sampler.Seed, r.RandomSeed = s.Seed, false }},
	{"chains", func(s *RunState) string { return strconv.Itoa(s.Chains) },
		func(r *Request) string { return strconv.Itoa(r.Sampler.Chains) },
		func(r *Request, s *RunState) { r.Sampler.Chains = s.Chains }},
	{"chain-offset", func(s *RunState) string { return strconv.Itoa(s.ChainOffset) },
		func(r *Request) string { return strconv.Itoa(r.Sampler.ChainOffset) },
		func(r *Request, s *RunState) { r.Sampler.ChainOffset = s.ChainOffset }},
	{"warmup", func(s *RunState) string { return strconv.Itoa(s.Warmup) },
		func(r *Request) string { return strconv.Itoa(r.Sampler.Warmup) },
		func(r *Request, s *RunState) { r.Sampler.Warmup = s.Warmup }},
	{"thin", func(s *RunState) string { return strconv.Itoa(s.Thin) },
		func(r *Request) string { return strconv.Itoa(r.Sampler.Thin) },
		func(r *Request, s *RunState) { r.Sampler.Thin = s.Thin }},
	{"max-treedepth", func(s *RunState) string { return strconv.Itoa(s.MaxDepth) },
		func(r *Request) string { return strconv.Itoa(r.Sampler.MaxTreeDepth) },
		func(r *Request, s *RunState) { r.Sampler.MaxTreeDepth = s.MaxDepth }},
	{"adapt-delta", func(s *RunState) string { return num(s.AdaptDelta) },
		func(r *Request) string { return num(r.Sampler.AdaptDelta) },
		func(r *Request, s *RunState) { r.Sampler.AdaptDelta = s.AdaptDelta }},
	{"metric", func(s *RunState) string { return s.Metric },
		func(r *Request) string { return r.Sampler.Metric.String() },
		func(r *Request, s *RunState) { r.Sampler.Metric, _ = metricNamed(s.Metric) }},
	{"adapt", func(s *RunState) string { return cmp.Or(s.Adapt, sampler.AdaptStan.String()) },
		func(r *Request) string { return r.Sampler.Adapt.String() },
		func(r *Request, s *RunState) {
			r.Sampler.Adapt, _ = adaptNamed(cmp.Or(s.Adapt, sampler.AdaptStan.String()))
		}},
	{"stepsize", func(s *RunState) string { return num(s.Stepsize) },
		func(r *Request) string { return num(r.Sampler.Stepsize) },
		func(r *Request, s *RunState) { r.Sampler.Stepsize = s.Stepsize }},
	{"init", func(s *RunState) string { return s.Init },
		func(r *Request) string { return r.initText() },
		func(r *Request, s *RunState) {
			r.Init = s.Init
			if v, err := strconv.ParseFloat(s.Init, 64); err == nil {
				r.Sampler.InitRadius = v
			}
		}},
	{"superchains", func(s *RunState) string { return strconv.Itoa(s.Superchains) },
		func(r *Request) string { return strconv.Itoa(r.Sampler.Superchains) },
		func(r *Request, s *RunState) { r.Sampler.Superchains = s.Superchains }},
	{"save-warmup", func(s *RunState) string { return strconv.FormatBool(s.SaveWarmup) },
		func(r *Request) string { return strconv.FormatBool(r.SaveWarmup) },
		func(r *Request, s *RunState) { r.SaveWarmup = s.SaveWarmup }},
	{"noncentered", func(s *RunState) string { return s.NonCentered },
		func(r *Request) string { return r.NonCentered },
		func(r *Request, s *RunState) { r.NonCentered = s.NonCentered }},
	{"raw-suffix", func(s *RunState) string { return s.RawSuffix },
		func(r *Request) string { return r.rawSuffix() },
		func(r *Request, s *RunState) { r.RawSuffix = s.RawSuffix }},
}

// rawSuffix is the suffix of the non-centered parameters in use.
func (r *Request) rawSuffix() string {
	if r.RawSuffix == "" {
		return reparam.DefaultRawSuffix
	}
	return r.RawSuffix
}

// initText is the init setting as the state file records it.
func (r *Request) initText() string {
	if r.Init == "" {
		return num(r.Sampler.InitRadius)
	}
	return r.Init
}

func metricNamed(name string) (sampler.Metric, bool) {
	for _, m := range []sampler.Metric{sampler.Diag, sampler.Dense, sampler.Unit, sampler.LowRank} {
		if m.String() == name {
			return m, true
		}
	}
	return 0, false
}

// FillFromState gives req, which resumes the run st describes, that run's
// settings where given(flag) says the setting was not given, and refuses
// those given with another value, naming each. bayes sample calls it so
// that --resume DIR --samples N needs no other flag; Sample refuses any
// difference.
func (st *RunState) FillFromState(req *Request, given func(flag string) bool) error {
	if !given("data") {
		req.Data = st.Data
	}
	var diffs []string
	for _, s := range resumeSettings {
		if !given(s.flag) {
			s.set(req, st)
			continue
		}
		if a, b := s.saved(st), s.req(req); a != b {
			diffs = append(diffs, fmt.Sprintf("--%s %s (the run had %s)", s.flag, b, orNone(a)))
		}
	}
	if len(diffs) > 0 {
		return fmt.Errorf("--resume: the settings differ from the run's: %s", strings.Join(diffs, ", "))
	}
	return nil
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

// checkResume refuses to continue st with req unless the model, the data
// and every setting are the run's, naming what differs.
func (st *RunState) checkResume(req *Request) error {
	for _, c := range st.ChainStates {
		if len(c.RNG) == 0 {
			return fmt.Errorf("--resume %s: the run was made by the GPU sampler (--device c or cuda), which saves no chain's random stream: it cannot be continued (--adapt-from %s reuses its step size and metric)",
				req.Resume, req.Resume)
		}
	}
	var diffs []string
	modelSum, dataSum, err := fileSums(req.Model, req.Data)
	if err != nil {
		return err
	}
	if modelSum != st.ModelSHA256 {
		diffs = append(diffs, fmt.Sprintf("the model %s is not the run's (%s): its text differs", req.Model, st.Model))
	}
	if dataSum != st.DataSHA256 {
		diffs = append(diffs, fmt.Sprintf("the data %s is not the run's (%s): its content differs", orNone(req.Data), orNone(st.Data)))
	}
	for _, s := range resumeSettings {
		if a, b := s.saved(st), s.req(req); a != b {
			diffs = append(diffs, fmt.Sprintf("--%s %s (the run had %s)", s.flag, b, orNone(a)))
		}
	}
	if f := req.OutputFormat; f != "auto" && f != st.OutputFormat {
		diffs = append(diffs, fmt.Sprintf("--output-format %s (the run wrote %s)", f, st.OutputFormat))
	}
	if len(diffs) > 0 {
		return fmt.Errorf("--resume %s: cannot continue the run: %s", req.Resume, strings.Join(diffs, "; "))
	}
	return nil
}
