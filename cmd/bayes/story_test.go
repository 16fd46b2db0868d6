package main

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// report is the part of `bayes sample --format json` the story test reads.
type report struct {
	Summary []struct {
		Variable string  `json:"variable"`
		Mean     float64 `json:"mean"`
		SD       float64 `json:"sd"`
		ESSBulk  float64 `json:"ess_bulk"`
		MCSESD   float64 `json:"mcse_sd"`
	} `json:"summary"`
	Sampler struct {
		Divergences int `json:"divergences"`
	} `json:"sampler"`
	Warnings []struct {
		Kind    string `json:"kind"`
		Message string `json:"message"`
		Remedy  string `json:"remedy"`
	} `json:"warnings"`
}

// seedTable is the non-centered summary of shared/seed/eight_schools_numpyro.txt
// (NumPyro 0.x, 8 chains x (1000 + 5000), es_mcmc_1.print_summary): mean, sd
// and n_eff of each quantity (theta[0] there is theta[1] here).
var seedTable = map[string][3]float64{
	"mu":       {4.39, 3.30, 35585.46},
	"tau":      {3.62, 3.23, 28589.16},
	"theta[1]": {6.23, 5.57, 35893.88},
	"theta[2]": {4.91, 4.64, 42347.88},
	"theta[3]": {3.92, 5.30, 34873.20},
	"theta[4]": {4.76, 4.77, 42643.90},
	"theta[5]": {3.61, 4.66, 39974.71},
	"theta[6]": {4.08, 4.77, 39644.57},
	"theta[7]": {6.28, 5.07, 40117.39},
	"theta[8]": {4.85, 5.25, 37310.81},
}

func sampleJSON(t *testing.T, args ...string) report {
	t.Helper()
	stdout, stderr, code := bayes(append(args, "--format", "json", "--quiet")...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var r report
	if err := json.Unmarshal([]byte(stdout), &r); err != nil {
		t.Fatalf("%v\n%s", err, stdout)
	}
	return r
}

func (r report) row(t *testing.T, name string) (mean, sd, ess, mcseSD float64) {
	for _, s := range r.Summary {
		if s.Variable == name {
			return s.Mean, s.SD, s.ESSBulk, s.MCSESD
		}
	}
	t.Fatalf("no %s in the summary", name)
	return
}

// TestEightSchoolsStory runs the seed's three steps with its settings
// (8 chains, 1000 warmup, 5000 samples, the windowed adaptation of a
// diagonal metric that NumPyro and Stan run: --adapt stan, as make run
// does): the centered model diverges by the
// hundreds and names the fix, the non-centered rewrite does not, and the
// rewrite's posterior matches the seed's table within Monte Carlo error.
func TestEightSchoolsStory(t *testing.T) {
	model := filepath.Join(repoRoot, "models", "eight_schools.bym")
	data := filepath.Join(repoRoot, "data", "schools.json")
	seedSettings := []string{"--chains", "8", "--warmup", "1000", "--samples", "5000", "--seed", "2022", "--adapt", "stan"}

	centered := sampleJSON(t, append([]string{"sample", model, "--data", data}, seedSettings...)...)
	_, _, tauESSCentered, _ := centered.row(t, "tau")
	if centered.Sampler.Divergences < 100 {
		t.Errorf("centered: %d divergences, want hundreds (NumPyro 1327, Stan 1272)", centered.Sampler.Divergences)
	}
	if tauESSCentered > 5000 {
		t.Errorf("centered: tau n_eff %.0f, want a low one (NumPyro 2151, Stan 549)", tauESSCentered)
	}
	if len(centered.Warnings) == 0 || centered.Warnings[0].Kind != "divergences" {
		t.Fatalf("centered: first warning is not about divergences: %+v", centered.Warnings)
	}
	if want := "bayes reparam " + model + " --noncentered theta"; !strings.Contains(centered.Warnings[0].Remedy, want) {
		t.Errorf("centered: the divergence warning does not suggest %q:\n%s", want, centered.Warnings[0].Remedy)
	}

	// The rewrite in memory and the printed rewrite sampled from a file
	// must give the same draws, hence the same report.
	inMemory := sampleJSON(t, append([]string{"sample", model, "--data", data, "--noncentered", "theta"}, seedSettings...)...)
	printed, stderr, code := bayes("reparam", model, "--noncentered", "theta")
	if code != 0 {
		t.Fatalf("reparam: exit %d: %s", code, stderr)
	}
	ncPath := filepath.Join(t.TempDir(), "nc.bym")
	if err := os.WriteFile(ncPath, []byte(printed), 0o644); err != nil {
		t.Fatal(err)
	}
	fromFile := sampleJSON(t, append([]string{"sample", ncPath, "--data", data}, seedSettings...)...)
	a, _ := json.Marshal(inMemory)
	b, _ := json.Marshal(fromFile)
	if string(a) != string(b) {
		t.Errorf("sample --noncentered and sampling the printed rewrite differ:\n%s\n%s", a, b)
	}

	if n := fromFile.Sampler.Divergences; n > 40 {
		t.Errorf("non-centered: %d divergences of 40000, want few (NumPyro 5, Stan 8)", n)
	}
	for name, seed := range seedTable {
		mean, sd, ess, mcseSD := fromFile.row(t, name)
		if name == "tau" && ess < 10000 {
			t.Errorf("non-centered: tau n_eff %.0f, want tens of thousands (NumPyro 28589, Stan 24377)", ess)
		}
		// The seed table rounds to 2 decimals: 0.005 more slack.
		meanBound := 4*math.Sqrt(sd*sd/ess+seed[1]*seed[1]/seed[2]) + 0.005
		if d := math.Abs(mean - seed[0]); d > meanBound {
			t.Errorf("%s mean %.3f, seed %.2f: |difference| %.3f > %.3f", name, mean, seed[0], d, meanBound)
		}
		sdBound := 4*mcseSD*math.Sqrt(1+ess/seed[2]) + 0.005
		if d := math.Abs(sd - seed[1]); d > sdBound {
			t.Errorf("%s sd %.3f, seed %.2f: |difference| %.3f > %.3f", name, sd, seed[1], d, sdBound)
		}
	}
}
