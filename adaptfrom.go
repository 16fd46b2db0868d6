package bayes

import (
	"fmt"
	"io"

	"github.com/bayes-dev/bayes/sampler"
)

// AdaptFromWarmup is bayes sample's --warmup default with --adapt-from:
// the metric is the saved run's, so warmup only moves the chains to the
// typical set and adapts the step size, as Stan's 50-iteration terminal
// buffer does after its last metric window, with room for the chains'
// random initial values (a bmm issue of 2026 measured 100 such iterations
// at 2.2-3.4x the ESS per second of a cold 100-iteration warmup).
const AdaptFromWarmup = 150

// adaptNamed is the sampler.AdaptMethod bayes sample's --adapt names.
func adaptNamed(name string) (sampler.AdaptMethod, bool) {
	for _, a := range []sampler.AdaptMethod{sampler.AdaptStan, sampler.AdaptNutpie} {
		if a.String() == name {
			return a, true
		}
	}
	return 0, false
}

// ReadAdaptFrom reads the state.json of the run --adapt-from names.
func ReadAdaptFrom(dir string) (*RunState, error) { return readRunState(dir, "--adapt-from") }

// FillAdaptFrom gives req, which reuses the adaptation of the run st
// describes (--adapt-from), that run's metric where given(flag) says
// --metric was not given, and AdaptFromWarmup warmup iterations where
// --warmup was not; a --metric given with another value is refused: the
// saved metric is reused as it is.
func (st *RunState) FillAdaptFrom(req *Request, given func(flag string) bool) error {
	m, ok := metricNamed(st.Metric)
	if !ok {
		return fmt.Errorf("--adapt-from %s: the run's metric %q is not one this bayes knows", req.AdaptFrom, st.Metric)
	}
	if !given("metric") {
		req.Sampler.Metric = m
	} else if req.Sampler.Metric != m {
		return fmt.Errorf("--adapt-from %s reuses the run's %s metric as it is: --metric %s is another (leave --metric out)",
			req.AdaptFrom, m, req.Sampler.Metric)
	}
	if !given("warmup") {
		req.Sampler.Warmup = AdaptFromWarmup
	}
	return nil
}

// adaptFrom sets cfg.AdaptFrom from the run req.AdaptFrom names: chain c
// starts with the step size and metric of the run's chain c (modulo its
// number of chains) and, when the model and data are the run's, no init
// file is given and the chains are not in superchains, where that chain
// stopped: a metric fitted to the
// typical set moves a chain poorly from a random point far from it (the
// kilpisjarvi posterior's chains, started uniform(-2, 2) with its
// low-rank metric, had not arrived after 150 iterations). The model must
// have the run's number of unconstrained coordinates and cfg the run's
// metric; a model or data file whose text differs from the run's gets a
// note, not an error, as a metric adapted to one data set usually suits a
// similar one, and the chains start from their initial values.
func (req *Request) adaptFrom(cfg *sampler.Config, dim int, log io.Writer) error {
	st, err := ReadAdaptFrom(req.AdaptFrom)
	if err != nil {
		return err
	}
	m, ok := metricNamed(st.Metric)
	switch {
	case !ok:
		return fmt.Errorf("--adapt-from %s: the run's metric %q is not one this bayes knows", req.AdaptFrom, st.Metric)
	case m != cfg.Metric:
		return fmt.Errorf("--adapt-from %s reuses the run's %s metric as it is: --metric %s is another (leave --metric out)",
			req.AdaptFrom, m, cfg.Metric)
	case st.Dim != dim:
		return fmt.Errorf("--adapt-from %s: the run's model has %d unconstrained coordinates, %s has %d: its metric cannot be reused",
			req.AdaptFrom, st.Dim, req.Model, dim)
	case len(st.ChainStates) == 0:
		return fmt.Errorf("--adapt-from %s: the run's %s has no chain states", req.AdaptFrom, StateFile)
	case (req.Device == DeviceC || req.Device == DeviceCUDA) && m != sampler.Diag && m != sampler.Dense:
		return fmt.Errorf("--adapt-from %s: the run's metric is %s: the GPU sampler (--device %s) runs the diagonal and dense metrics; adapt from a run with --metric diag or dense, or sample with --device cpu",
			req.AdaptFrom, m, req.Device)
	}
	modelSum, dataSum, err := fileSums(req.Model, req.Data)
	if err != nil {
		return err
	}
	same := modelSum == st.ModelSHA256 && dataSum == st.DataSHA256
	if !same {
		fmt.Fprintf(log, "note: --adapt-from %s: the run sampled another model or data (%s, %s); its step size and metric are reused all the same, from new initial values\n",
			req.AdaptFrom, st.Model, orNone(st.Data))
	}
	saved := st.sampler(m)
	cfg.AdaptFrom = make([]sampler.ChainState, cfg.Chains)
	for c := range cfg.AdaptFrom {
		cfg.AdaptFrom[c] = saved[c%len(saved)]
	}
	if same && req.InitFile == "" && cfg.Superchains == 0 { // superchains share their initial points
		cfg.Inits = make([][]float64, cfg.Chains)
		for c := range cfg.Inits {
			cfg.Inits[c] = cfg.AdaptFrom[c].Q
		}
	}
	return nil
}
