package bayes

import (
	"fmt"
	"github.com/bayes-dev/bayes/compiler/reparam"
	"io"
	"slices"
	"strings"

	"github.com/bayes-dev/bayes/data"
	"github.com/bayes-dev/bayes/lang"
)

// LoadModel loads and checks the model file path and, when noncentered
// names parameters ("theta", "a,b" or "auto"), rewrites them in memory
// exactly as bayes reparam prints them, the new standardised parameters
// named with rawSuffix. It binds the data file dataPath when one is given
// or needData (sampling needs data for a model that declares them): for
// auto before the rewrite, since auto chooses its sites from the data,
// otherwise after it. auto without data rewrites every site and says so.
// Notes go to log, as bayes sample prints them on stderr.
func LoadModel(path, dataPath, noncentered, rawSuffix string, needData bool, log io.Writer) (*lang.Program, *data.Data, error) {
	prog, err := lang.LoadModel(path)
	if err != nil {
		return nil, nil, err
	}
	load := needData || dataPath != ""
	if noncentered == "" {
		if !load {
			return prog, nil, nil
		}
		d, err := LoadData(prog, dataPath, log)
		return prog, d, err
	}
	opts := reparam.Options{Vars: []string{noncentered}, RawSuffix: rawSuffix}
	auto := slices.ContainsFunc(strings.Split(noncentered, ","), func(v string) bool { return strings.TrimSpace(v) == "auto" })
	var d *data.Data
	if auto && load {
		if d, err = LoadData(prog, dataPath, log); err != nil {
			return nil, nil, err
		}
		opts.Data = d
	}
	out, notes, err := reparam.NonCenter(prog, opts)
	if err != nil {
		return nil, nil, prog.InFile(err)
	}
	switch rewritten := slices.ContainsFunc(notes, func(n reparam.Note) bool { return n.Skipped == "" }); {
	case len(notes) == 0:
		fmt.Fprintf(log, "note: --noncentered %s: nothing to rewrite: %s has no parameter with a hierarchical location-scale prior (such as theta ~ normal(mu, tau)); the model is unchanged\n", noncentered, path)
	case !rewritten:
		fmt.Fprintf(log, "note: --noncentered %s: every candidate stays centered (the notes below say why); the model is unchanged\n", noncentered)
	case auto && !load:
		fmt.Fprintln(log, "note: no --data: every hierarchical site rewritten; give --data to choose per site")
	}
	if s := reparam.AutoSummary(notes); s != "" {
		fmt.Fprintf(log, "note: --noncentered auto: %s\n", s)
	}
	for _, n := range notes {
		fmt.Fprintf(log, "note: %s:%s\n", path, n)
	}
	if load && d == nil {
		d, err = LoadData(out, dataPath, log)
	}
	return out, d, err
}

// LoadData reads the data file path (none when path is empty) for prog
// and notes on log, once, which of its variables the model does not
// declare: like CmdStan, bayes ignores them.
func LoadData(prog *lang.Program, path string, log io.Writer) (*data.Data, error) {
	d, err := data.ReadFile(prog, path)
	if err != nil {
		return nil, err
	}
	if len(d.Ignored) > 0 {
		fmt.Fprintf(log, "note: %s: ignoring variables the model does not declare: %s\n",
			path, strings.Join(d.Ignored, ", "))
	}
	return d, nil
}
