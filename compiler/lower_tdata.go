package compiler

import (
	"errors"
	"fmt"
	"maps"

	"github.com/bayes-dev/bayes/data"
	"github.com/bayes-dev/bayes/lang"
	"github.com/bayes-dev/bayes/simulate"
)

// Transformed data are not lowered: the interpreter (package simulate)
// runs the block once, with the library's functions that generated
// quantities use too, and the lowering binds its values as it binds data.
// So a transformed data value means the same in every block, and its
// errors (an index out of range, an int overflow, a bad size, a reject, a
// declared bound) are the interpreter's, positioned in the model.

// bindTransformedData runs p's transformed data block on d and returns the
// values the lowering reads by name, data and transformed data alike, and
// the note for a print statement in the block, which prints nothing here.
func bindTransformedData(p *lang.Program, d *data.Data, seed uint64) (map[string]*simulate.Value, []string, error) {
	if p.TransformedData == nil {
		return d.Vars, nil, nil
	}
	var printed *lang.PrintStmt
	lang.Inspect(p.TransformedData, func(n lang.Node) bool {
		switch n := n.(type) {
		case *lang.PrintStmt:
			if printed == nil && !n.Reject {
				printed = n
			}
		}
		return true
	})
	td, err := simulate.TransformedData(p, d.Vars, simulate.TransformedDataRNG(seed))
	if err != nil {
		err = p.InFile(err)
		if fe := (*lang.FileError)(nil); !errors.As(err, &fe) {
			err = fileError(p, &lang.Error{Pos: p.Position(), Msg: err.Error()})
		}
		return nil, nil, err
	}
	bound := maps.Clone(d.Vars)
	if bound == nil {
		bound = map[string]*simulate.Value{}
	}
	maps.Copy(bound, td)
	var notes []string
	if printed != nil {
		notes = append(notes, fmt.Sprintf("%s:%d:%d: print in %s is compiled away: it prints nothing while sampling (print in generated quantities does)",
			p.File, printed.Pos.Line, printed.Pos.Col, lang.BlockTransformedData))
	}
	return bound, notes, nil
}
