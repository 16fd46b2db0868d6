package bayes

import (
	"io"
	"math/rand/v2"

	"github.com/bayes-dev/bayes/data"
	"github.com/bayes-dev/bayes/fit"
	"github.com/bayes-dev/bayes/lang"
	"github.com/bayes-dev/bayes/simulate"
)

// gqStream is mixed into the seed of each chain's generated-quantities
// stream, so that it differs from the chain's sampling stream (which uses
// the seed as is) and both are fixed by the seed.
const gqStream = 0x9e3779b97f4a7c15

// gqWarmupStream seeds the streams of the warmup draws' generated
// quantities (with save_warmup), apart from the sampling draws', so that
// saving the warmup draws leaves the sampling draws as they were.
const gqWarmupStream = 0xc2b2ae3d27d4eb4f

// addGeneratedQuantities sets opts up to run the generated quantities block
// once per kept draw, each chain with its own random stream; the block's
// print output goes to log.
func addGeneratedQuantities(opts *fit.Options, prog *lang.Program, d *data.Data, log io.Writer) error {
	if prog.GeneratedQuantities == nil {
		return nil
	}
	// One generator per chain, built now so that a failure is an error here
	// rather than inside a running chain.
	gens := make([]*simulate.Generator, opts.Sampler.Chains)
	for c := range gens {
		g, err := simulate.NewGeneratorSeed(prog, d.Values(), opts.Sampler.Seed)
		if err != nil {
			return prog.InFile(err)
		}
		g.Print = log
		gens[c] = g
	}
	opts.GQNames = gens[0].GQNames()
	seed, offset := opts.Sampler.Seed, opts.Sampler.ChainOffset
	stream := func(mix uint64) func(int) fit.Generated {
		return func(chain int) fit.Generated {
			pcg := rand.NewPCG(seed^mix, uint64(offset+chain))
			return &generated{gens[chain], rand.New(pcg), pcg}
		}
	}
	opts.NewGenerated, opts.NewWarmupGenerated = stream(gqStream), stream(gqWarmupStream)
	return nil
}

// generated runs a simulate.Generator with its chain's stream, whose
// position it saves and restores (encoding.BinaryMarshaler and
// Unmarshaler) for a run that is continued.
type generated struct {
	g   *simulate.Generator
	rng *rand.Rand
	pcg *rand.PCG
}

func (g *generated) Generate(params, out []float64) error { return g.g.Run(g.rng, params, out) }

func (g *generated) MarshalBinary() ([]byte, error) { return g.pcg.MarshalBinary() }

func (g *generated) UnmarshalBinary(b []byte) error { return g.pcg.UnmarshalBinary(b) }
