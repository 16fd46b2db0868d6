package bayes

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/bayes-dev/bayes/compiler"
	"github.com/bayes-dev/bayes/data"
	"github.com/bayes-dev/bayes/diagnostics"
	"github.com/bayes-dev/bayes/lang"
	"github.com/bayes-dev/bayes/sampler"
)

// readInits reads Request.InitFile into the sampler's initial points, one
// for all chains or one per chain, as CmdStan reads init=FILE.json
// (CmdStan's command_helper get_vec_var_context): with one chain, FILE
// itself; with several, FILE_<id>.json for each chain id when the first
// chain's exists (all must then), else FILE for every chain. Values are
// constrained, checked against the declarations (data.ReadInits,
// compiler.Model.InitPoint); parameters a file leaves out are drawn as
// without one (sampler.Config.Inits). Notes go to log.
func readInits(prog *lang.Program, vals *data.Data, model *compiler.Model, path string, cfg sampler.Config, log io.Writer) ([][]float64, error) {
	files, err := initFiles(path, cfg.Chains, cfg.ChainOffset)
	if err != nil {
		return nil, err
	}
	if len(files) > 1 {
		fmt.Fprintf(log, "note: --init %s: each chain starts from its own file, %s to %s\n", path, files[0], files[len(files)-1])
	}
	var inits [][]float64
	for _, file := range files {
		d, err := data.ReadInits(prog, vals, file)
		if err != nil {
			return nil, err
		}
		values := make(map[string][]float64, len(d.Vars))
		for name, v := range d.Vars {
			values[name] = v.Reals
		}
		q, err := model.InitPoint(values)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", file, err)
		}
		if len(d.Ignored) > 0 {
			fmt.Fprintf(log, "note: %s: ignoring names that are not parameters: %s\n", file, diagnostics.JoinFirst(d.Ignored, 10))
		}
		if drawn := leftOut(prog, d); len(drawn) > 0 {
			fmt.Fprintf(log, "note: %s leaves out %s: drawn uniform(-%s, %s) on the unconstrained space, as without --init\n",
				file, diagnostics.JoinFirst(drawn, 10), fmtNum(cfg.InitRadius), fmtNum(cfg.InitRadius))
		}
		inits = append(inits, q)
	}
	return inits, nil
}

// initFiles lists the init files of the chains offset+1..offset+chains
// (one file for all of them, or one each).
func initFiles(path string, chains, offset int) ([]string, error) {
	if chains == 1 {
		return []string{path}, nil
	}
	ext := filepath.Ext(path)
	base := strings.TrimSuffix(path, ext)
	each := make([]string, chains)
	for c := range each {
		each[c] = base + "_" + strconv.Itoa(offset+c+1) + ext
	}
	if !exists(each[0]) {
		if !exists(path) {
			return nil, fmt.Errorf("--init %s: no such file, nor %s (one file per chain)", path, each[0])
		}
		return []string{path}, nil
	}
	for _, f := range each[1:] {
		if !exists(f) {
			return nil, fmt.Errorf("--init %s: found %s but not %s: give a file for every chain (%s to %s), or one file for all, %s", path, each[0], f, each[0], each[len(each)-1], path)
		}
	}
	return each, nil
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return !errors.Is(err, fs.ErrNotExist)
}

// leftOut names the parameters that the initial values d do not give.
func leftOut(prog *lang.Program, d *data.Data) []string {
	var names []string
	if prog.Parameters == nil {
		return nil
	}
	for _, s := range prog.Parameters.Stmts {
		if v, ok := s.(*lang.VarDecl); ok && d.Vars[v.Name] == nil {
			names = append(names, v.Name)
		}
	}
	return names
}

// explainInit completes an initialization failure of the Go sampler with
// the model's term that was not finite at the last point tried, and with
// where initial values can be given.
func explainInit(err error, model *compiler.Model) error {
	var ie *sampler.InitError
	if !errors.As(err, &ie) {
		return err
	}
	if ie.GradCoord < 0 && ie.Point != nil {
		ie.Term = model.NewKernel().NonFiniteTerm(ie.Point)
	}
	if ie.UserInit && !ie.Partial {
		return err
	}
	return fmt.Errorf("%w (initial values: --init FILE.json)", err)
}

func fmtNum(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }
