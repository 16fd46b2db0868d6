package bayes

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/bayes-dev/bayes/sampler"
)

// TestInitFiles: which init files the chains read, as CmdStan chooses
// them: FILE itself for one chain; for several, FILE_<id>.json for each
// chain id when the first exists (all of them then), else FILE for all.
func TestInitFiles(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"one.json", "per_1.json", "per_2.json", "gap_1.json", "off_3.json", "off_4.json"} {
		if err := os.WriteFile(filepath.Join(dir, f), []byte("{}"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	p := func(names ...string) []string {
		for i := range names {
			names[i] = filepath.Join(dir, names[i])
		}
		return names
	}
	cases := []struct {
		name           string
		path           string
		chains, offset int
		want           []string
		err            string
	}{
		{"one chain", "one.json", 1, 0, p("one.json"), ""},
		{"one chain, not there", "nope.json", 1, 0, p("nope.json"), ""}, // reading it says so
		{"one file for all", "one.json", 4, 0, p("one.json"), ""},
		{"one per chain", "per.json", 2, 0, p("per_1.json", "per_2.json"), ""},
		{"one per chain, after the offset", "off.json", 2, 2, p("off_3.json", "off_4.json"), ""},
		{"a chain's file missing", "gap.json", 2, 0, nil, "found " + filepath.Join(dir, "gap_1.json") + " but not " + filepath.Join(dir, "gap_2.json")},
		{"nothing", "nope.json", 2, 0, nil, "no such file, nor " + filepath.Join(dir, "nope_1.json")},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := initFiles(filepath.Join(dir, c.path), c.chains, c.offset)
			if c.err != "" {
				if err == nil || !strings.Contains(err.Error(), c.err) {
					t.Fatalf("error %v, want %q", err, c.err)
				}
				return
			}
			if err != nil || !slices.Equal(got, c.want) {
				t.Errorf("initFiles = %v, %v; want %v", got, err, c.want)
			}
		})
	}
}

// initModel is a model with a bounded parameter and one left to draw.
const initModel = `data { int N; vector[N] y; }
parameters { real mu; real<lower=0> sigma; }
model {
  mu ~ normal(0, 10);
  sigma ~ exponential(1);
  y ~ normal(mu, sigma);
}
`

// initRequest writes initModel and its data into dir and asks for a run
// that stays where it starts: no warmup, one draw, a step size too small
// to move (1e-9), so that each chain's draw is its initial point.
func initRequest(t *testing.T, dir string) Request {
	for name, src := range map[string]string{"m.bym": initModel, "d.json": `{"N": 3, "y": [1, 2, 3]}`} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cfg := sampler.DefaultConfig()
	cfg.Chains, cfg.Warmup, cfg.Samples, cfg.Seed, cfg.Stepsize, cfg.MaxTreeDepth = 2, 0, 1, 1, 1e-9, 2
	return Request{Model: filepath.Join(dir, "m.bym"), Data: filepath.Join(dir, "d.json"), Sampler: cfg, Device: DeviceCPU}
}

// TestSampleInitFile: each chain starts from its own file's constrained
// values; a parameter the files leave out is drawn, differently in each
// chain; the notes say both. On the Go sampler and the GPU sampler's C
// build alike.
func TestSampleInitFile(t *testing.T) {
	for _, device := range []string{DeviceCPU, DeviceC} {
		t.Run(device, func(t *testing.T) {
			if device == DeviceC {
				skipWithoutCC(t)
			}
			testSampleInitFile(t, device)
		})
	}
}

func testSampleInitFile(t *testing.T, device string) {
	dir := t.TempDir()
	req := initRequest(t, dir)
	req.Device = device
	for name, src := range map[string]string{"init_1.json": `{"sigma": 0.5}`, "init_2.json": `{"sigma": 3, "y_rep": 1}`} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var log strings.Builder
	req.InitFile, req.Log = filepath.Join(dir, "init.json"), &log
	run, err := Sample(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	col := func(name string) []float64 {
		i := slices.Index(run.Names, name)
		return []float64{run.Draws[i][0][0], run.Draws[i][1][0]}
	}
	if s := col("sigma"); math.Abs(s[0]-0.5) > 1e-6 || math.Abs(s[1]-3) > 1e-6 {
		t.Errorf("sigma starts at %v, want 0.5 and 3 (init_1.json, init_2.json)", s)
	}
	if mu := col("mu"); mu[0] == mu[1] || math.Abs(mu[0]) > 2 || math.Abs(mu[1]) > 2 {
		t.Errorf("mu starts at %v: want two draws from uniform(-2, 2)", mu)
	}
	for _, want := range []string{"each chain starts from its own file", "init_1.json leaves out mu: drawn uniform(-2, 2)",
		"init_2.json: ignoring names that are not parameters: y_rep", "--warmup 0: the step size and metric are not adapted"} {
		if !strings.Contains(log.String(), want) {
			t.Errorf("notes lack %q:\n%s", want, log.String())
		}
	}
}

// TestSampleInitFileErrors: an init file that cannot start the chains is
// one error naming the file and the parameter, before any sampling.
func TestSampleInitFileErrors(t *testing.T) {
	cases := []struct{ name, json, device, want string }{
		{"on a bound", `{"sigma": 0}`, DeviceCPU, "init.json: sigma is 0, but an initial value must be greater than its lower bound 0"},
		{"outside", `{"sigma": -2, "mu": 1}`, DeviceCPU, "init.json: sigma is -2, but an initial value must be greater than its lower bound 0"},
		{"shape", `{"mu": [1, 2]}`, DeviceCPU, `init.json:1:8: "mu" is declared real but the file has an array`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			req := initRequest(t, dir)
			req.InitFile, req.Device = filepath.Join(dir, "init.json"), c.device
			if err := os.WriteFile(req.InitFile, []byte(c.json), 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := Sample(context.Background(), req)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %v\nwant one containing %q", err, c.want)
			}
		})
	}
}

// TestSampleInitFailureNamesTerm: when no initial point has a finite log
// density, the error names the model's term that is not finite there and
// where initial values can be given.
func TestSampleInitFailureNamesTerm(t *testing.T) {
	dir := t.TempDir()
	req := initRequest(t, dir)
	src := strings.Replace(initModel, "y ~ normal(mu, sigma)", "y ~ normal(mu / 0.0, sigma)", 1)
	if err := os.WriteFile(req.Model, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Sample(context.Background(), req)
	want := "log density was -Inf: `y ~ normal(mu / 0.0, sigma)` at " + req.Model + ":6:3 is -Inf"
	if err == nil || !strings.Contains(err.Error(), want) || !strings.HasSuffix(err.Error(), "(initial values: --init FILE.json)") {
		t.Errorf("error %v\nwant one containing %q and ending with where initial values are given", err, want)
	}
}
