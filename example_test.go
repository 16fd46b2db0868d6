package bayes_test

import (
	"context"
	"fmt"
	"log"
	"math"

	"github.com/bayes-dev/bayes"
	"github.com/bayes-dev/bayes/sampler"
)

// Sample the non-centered eight schools model and check the posterior
// mean of mu against Stan's: 4.42 (Stan 2.21, 8 chains x 5000 draws;
// ../shared/anchors/README.md), within 4 Monte Carlo standard errors of
// this run's estimate.
func ExampleSample() {
	cfg := sampler.DefaultConfig()
	cfg.Seed = 1
	run, err := bayes.Sample(context.Background(), bayes.Request{
		Model:   "models/eight_schools_noncentered.bym",
		Data:    "data/schools.json",
		Sampler: cfg,
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%d chains of %d draws of %d quantities\n", len(run.Stats), len(run.Stats[0]), len(run.Summary))
	for _, v := range run.Summary {
		if v.Name == "mu" {
			fmt.Printf("mu agrees with Stan: %v (R-hat below 1.01: %v)\n", math.Abs(v.Mean-4.42) < 4*v.MCSEMean, v.Rhat < 1.01)
		}
	}
	// Output:
	// 4 chains of 1000 draws of 18 quantities
	// mu agrees with Stan: true (R-hat below 1.01: true)
}
