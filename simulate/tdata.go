package simulate

import (
	"errors"
	"fmt"
	"math/rand/v2"

	"github.com/bayes-dev/bayes/lang"
)

// TransformedData runs p's transformed data block once on the data d (each
// data variable's value by name, as package data binds them) and returns
// the value of every variable the block declares at its top level, by
// name, with the declared type and full shape, elements row-major as in d:
// the values the compiler then binds as it binds data, so that transformed
// data mean the same in every block (Stan Reference Manual, "Program
// block: transformed data"). As Stan does at the end of the block, it
// checks each variable's declared lower and upper bounds.
//
// _rng functions draw from rng; rng may be nil when the block calls none
// (the caller checks: a draw with no stream is an internal error). Every
// error is positioned in the model (a *lang.Error, or an error wrapping
// one): an index out of range, an int overflow, a negative size, sizes that
// do not match, a value outside its bounds, a reject (its message).
func TransformedData(p *lang.Program, d map[string]*Value, rng *rand.Rand) (_ map[string]*Value, err error) {
	defer recoverInternal(&err)
	m := newMachine(p, rng)
	if err := bindData(m, p, d, nil); err != nil {
		return nil, err
	}
	if err := m.transformedData(p); err != nil {
		return nil, err
	}
	out := map[string]*Value{}
	for _, dcl := range topDecls(p.TransformedData) {
		out[dcl.Name] = m.get(dcl)
	}
	return out, nil
}

// tdataStream is the PCG stream of transformed data's _rng draws: far
// from the streams 0, 1, 2, ... of the chains (and of the prior
// predictive), so that it never shares one.
const tdataStream = 0x7464617461 // "tdata"

// TransformedDataRNG is the stream transformed data draw from in a run
// with the given seed: Stan runs the block once per run, seeded from the
// run's seed, so sampling, generated quantities and the prior predictive
// of one seed see the same values.
func TransformedDataRNG(seed uint64) *rand.Rand {
	return rand.New(rand.NewPCG(seed, tdataStream))
}

// transformedData runs the transformed data block and checks the bounds
// its variables declare. A reject becomes a *lang.Error at the statement,
// with the reject's message.
func (m *machine) transformedData(p *lang.Program) error {
	err := m.runBlock(p.TransformedData)
	if err == nil {
		err = m.checkBounds(p.TransformedData)
	}
	if re := (*RejectError)(nil); errors.As(err, &re) {
		err = &lang.Error{Pos: re.Pos, Msg: re.Kind() + ": " + re.Msg}
	}
	if err != nil {
		return fmt.Errorf("transformed data: %w", err)
	}
	return nil
}
