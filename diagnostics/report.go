package diagnostics

import (
	"bytes"
	"encoding/json"
	"io"
	"math"
	"strconv"
)

// ReportVersion is the version of WriteReportJSON's document. It changes
// only when a key is removed or changes meaning; new keys may be added
// without changing it.
const ReportVersion = 1

// WriteReportJSON writes the whole report of a run as one JSON object, the
// machine-readable form of the summary table and the warnings (`bayes
// summary --format json`, `bayes sample --format json`, and the
// summary.json bayes sample writes to --output-dir). Its keys, in this
// order:
//
//	version          number  ReportVersion (1)
//	chains           number  number of chains
//	draws_per_chain  number  post-warmup draws per chain
//	summary          array   one object per quantity, exactly as WriteSummaryJSON
//	                         writes them (variable, mean, sd, median, q5, q95,
//	                         ess_bulk, ess_tail, rhat, mcse_mean, mcse_sd)
//	sampler          object  the sampler diagnostics (CheckSampler), or null when
//	                         the draws carry no sampler statistics:
//	  transitions               number    post-warmup transitions, all chains
//	  divergences               number    divergent transitions, all chains
//	  divergences_per_chain     [number]
//	  max_treedepth             number    the --max-treedepth setting, null if unknown
//	  treedepth_hits            number    transitions that reached it, null if unknown
//	  treedepth_hits_per_chain  [number]  null if unknown
//	  ebfmi_per_chain           [number]  E-BFMI of each chain (EBFMI)
//	warnings         array   one object per warning (Warnings), in printed order,
//	                         [] when all is well:
//	  kind     string    divergences, rhat, ess_bulk, ess_tail, treedepth or ebfmi
//	  message  string    what was found
//	  remedy   string    what to try; lines after the first are commands
//	  vars     [string]  the quantities concerned, worst first ([] if none)
//	nested_rhat      object  nested R-hat (NestedRhat), for runs started in
//	                         superchains (bayes sample --superchains) only; absent otherwise:
//	  superchains  number    superchains, of chains/superchains chains each
//	  values       array     one object per quantity, in the summary's order:
//	                         variable (string), nested_rhat (number)
//	run              object  how the draws were made (bayes sample only; absent
//	                         from bayes summary, which does not know):
//	  device     string  "cpu", or the GPU's name
//	  regime     string  "cpu" (the Go sampler, a goroutine per chain) or
//	                     "chains" (the GPU sampler, a thread per chain)
//	  seconds    number  wall time of the sampling, all chains
//	  gradients  number  gradient evaluations of all chains, warmup included
//	  precision  number  64, or 32 where the log density and gradient were
//	                     computed in single precision (--precision 32)
//
// Undefined or infinite numbers, which JSON cannot hold, are null. Numbers
// use the fewest digits that read back to the same float64, so a reader
// gets exactly the values computed.
func WriteReportJSON(w io.Writer, in WarningInput) error {
	var summary bytes.Buffer
	if err := WriteSummaryJSON(&summary, in.Summary); err != nil {
		return err
	}
	doc := reportJSON{
		Version:       ReportVersion,
		Chains:        in.Chains,
		DrawsPerChain: in.Draws,
		Summary:       json.RawMessage(summary.Bytes()),
		Warnings:      []warningJSON{},
		Run:           in.Run,
		NestedRhat:    nestedJSON(in),
	}
	if in.Stats != nil {
		sd := CheckSampler(in.Stats, in.MaxTreedepth)
		s := &samplerJSON{
			Transitions:         sd.Transitions,
			Divergences:         sum(sd.Divergences),
			DivergencesPerChain: sd.Divergences,
			EBFMIPerChain:       make([]jsonFloat, len(sd.EBFMI)),
		}
		if sd.TreedepthHits != nil {
			hits := sum(sd.TreedepthHits)
			s.MaxTreedepth, s.TreedepthHits, s.TreedepthHitsPerChain = &in.MaxTreedepth, &hits, sd.TreedepthHits
		}
		for c, b := range sd.EBFMI {
			s.EBFMIPerChain[c] = jsonFloat(b)
		}
		doc.Sampler = s
	}
	for _, wa := range Warnings(in) {
		doc.Warnings = append(doc.Warnings, warningJSON{wa.Kind, wa.Message, wa.Remedy, append([]string{}, wa.Vars...)})
	}
	out, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(out, '\n'))
	return err
}

type reportJSON struct {
	Version       int             `json:"version"`
	Chains        int             `json:"chains"`
	DrawsPerChain int             `json:"draws_per_chain"`
	Summary       json.RawMessage `json:"summary"`
	Sampler       *samplerJSON    `json:"sampler"`
	Warnings      []warningJSON   `json:"warnings"`
	NestedRhat    *nestedRhatJSON `json:"nested_rhat,omitempty"`
	Run           *RunInfo        `json:"run,omitempty"`
}

// RunInfo is how a run's draws were made: the report's "run" object.
type RunInfo struct {
	Device    string  `json:"device"`
	Regime    string  `json:"regime"`
	Seconds   float64 `json:"seconds"`
	Gradients int64   `json:"gradients"`
	Precision int     `json:"precision"`
	// Adapt, Metric and Warmup are the warmup adaptation, the metric it
	// adapted and its iterations per chain: chosen by bayes where the
	// user left them (bayes sample --adapt auto).
	Adapt  string `json:"adapt"`
	Metric string `json:"metric"`
	Warmup int    `json:"warmup"`
}

type samplerJSON struct {
	Transitions           int         `json:"transitions"`
	Divergences           int         `json:"divergences"`
	DivergencesPerChain   []int       `json:"divergences_per_chain"`
	MaxTreedepth          *int        `json:"max_treedepth"`
	TreedepthHits         *int        `json:"treedepth_hits"`
	TreedepthHitsPerChain []int       `json:"treedepth_hits_per_chain"`
	EBFMIPerChain         []jsonFloat `json:"ebfmi_per_chain"`
}

type warningJSON struct {
	Kind    string   `json:"kind"`
	Message string   `json:"message"`
	Remedy  string   `json:"remedy"`
	Vars    []string `json:"vars"`
}

// jsonFloat is a float64 that marshals NaN and ±Inf as null and others in
// shortest round-trip form, as WriteSummaryJSON does.
type jsonFloat float64

func (x jsonFloat) MarshalJSON() ([]byte, error) {
	f := float64(x)
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return []byte("null"), nil
	}
	return strconv.AppendFloat(nil, f, 'g', -1, 64), nil
}
