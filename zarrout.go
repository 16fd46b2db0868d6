package bayes

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/bayes-dev/bayes/compiler"
	"github.com/bayes-dev/bayes/data"
	"github.com/bayes-dev/bayes/fit"
	"github.com/bayes-dev/bayes/lang"
	"github.com/bayes-dev/bayes/sampler"
	"github.com/bayes-dev/bayes/zarr"
)

// ZarrStore is the name of the Zarr store in a run's output directory with
// OutputFormat "zarr".
const ZarrStore = "draws.zarr"

// DefaultLogLik is the generated quantity that goes to the Zarr store's
// log_likelihood group when Request.LogLik is empty.
const DefaultLogLik = "log_lik"

// openZarr creates OutputDir/draws.zarr for opts' run and sets it as the
// run's writer: ArviZ's groups, the data file's variables in observed_data
// (those on the left of a ~ in the model block) and constant_data.
func openZarr(req Request, opts *fit.Options, model *compiler.Model, prog *lang.Program, d *data.Data) (*zarr.Store, error) {
	cfg := opts.Sampler
	kept := (cfg.Samples + cfg.Thin - 1) / cfg.Thin
	warm := 0
	if opts.CSV.SaveWarmup {
		warm = (cfg.Warmup + cfg.Thin - 1) / cfg.Thin
	}
	var pp []string
	for _, name := range strings.Split(req.PosteriorPredictive, ",") {
		if name = strings.TrimSpace(name); name != "" {
			pp = append(pp, name)
		}
	}
	logLik := req.LogLik
	if logLik == "" {
		logLik = DefaultLogLik
	}
	spec := zarr.Spec{
		Names:  append(append([]string(nil), opts.Names...), opts.GQNames...),
		LogLik: logLik, PosteriorPredictive: pp, Chains: cfg.Chains, Draws: kept, ChainOffset: cfg.ChainOffset, WarmupDraws: warm,
		MetricSize: model.Dim(), Dense: cfg.Metric == sampler.Dense,
		Attrs: map[string]any{"model": opts.CSV.Model, "seed": cfg.Seed, "num_warmup": cfg.Warmup,
			"num_samples": cfg.Samples, "thin": cfg.Thin, "metric": opts.CSV.Metric, "data_file": req.Data,
			"max_depth": cfg.MaxTreeDepth, "adapt_delta": cfg.AdaptDelta},
	}
	spec.Observed, spec.Constant = DataGroups(prog, d)
	dir := filepath.Join(req.OutputDir, ZarrStore)
	st, err := zarr.Create(dir, spec)
	if err != nil {
		return nil, fmt.Errorf("--output-dir %s: cannot write the Zarr store: %w", req.OutputDir, err)
	}
	opts.Writer = st
	return st, nil
}

// DataGroups splits data's variables into ArviZ's observed_data (a data
// variable on the left of a ~ statement of the model block) and
// constant_data (the others), in declaration order. A likelihood written
// as target += ..._lpdf(y | ...) leaves y in constant_data.
func DataGroups(prog *lang.Program, d *data.Data) (observed, constant []zarr.DataVar) {
	if d == nil {
		return nil, nil
	}
	lhs := map[string]bool{}
	if prog != nil && prog.Model != nil {
		lang.Inspect(prog.Model, func(n lang.Node) bool {
			if t, ok := n.(*lang.TildeStmt); ok {
				if name := rootName(t.LHS); name != "" {
					lhs[name] = true
				}
			}
			return true
		})
	}
	for _, name := range d.Order {
		v := d.Vars[name]
		if v == nil {
			continue
		}
		dv := zarr.DataVar{Name: name, Shape: v.Shape, Values: v.Reals}
		if v.Ints != nil || v.Reals == nil {
			dv.Int, dv.Values = true, make([]float64, len(v.Ints))
			for i, x := range v.Ints {
				dv.Values[i] = float64(x)
			}
		}
		if lhs[name] {
			observed = append(observed, dv)
		} else {
			constant = append(constant, dv)
		}
	}
	return observed, constant
}

// rootName is the variable an expression like y, y[i] or y[i][j] indexes.
func rootName(e lang.Expr) string {
	for {
		switch x := e.(type) {
		case *lang.Ident:
			return x.Name
		case *lang.IndexExpr:
			e = x.X
		default:
			return ""
		}
	}
}
