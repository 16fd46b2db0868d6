package main

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func writeFile(t *testing.T, text string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "reference.json")
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestReadReference(t *testing.T) {
	params := `"parameters": [{"name": "mu", "mean": 4.4, "sd": 3.3}, {"name": "tau", "mean": 3.6, "sd": 3.2}]`
	tests := []struct {
		name, text string
		want       Reference
		err        string
	}{
		{"settings given", `{"reference_method": {"control": {"adapt_delta": 0.95, "max_treedepth": 15}}, ` + params + `}`,
			Reference{Params: []RefParam{{"mu", 4.4, 3.3}, {"tau", 3.6, 3.2}}, AdaptDelta: 0.95, MaxTreedepth: 15}, ""},
		{"Stan's defaults", `{"reference_method": {"control": {}}, ` + params + `}`,
			Reference{Params: []RefParam{{"mu", 4.4, 3.3}, {"tau", 3.6, 3.2}}, AdaptDelta: 0.8, MaxTreedepth: 10}, ""},
		{"no control", `{` + params + `}`,
			Reference{Params: []RefParam{{"mu", 4.4, 3.3}, {"tau", 3.6, 3.2}}, AdaptDelta: 0.8, MaxTreedepth: 10}, ""},
		{"no sd", `{"parameters": [{"name": "mu", "mean": 1}]}`, Reference{}, "parameters[0]: want name, mean and sd"},
		{"no parameters", `{"parameters": []}`, Reference{}, "no parameters"},
		{"not JSON", `{"parameters": [`, Reference{}, "unexpected end of JSON input"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ReadReference(writeFile(t, tt.text))
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("error %v, want one containing %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.AdaptDelta != tt.want.AdaptDelta || got.MaxTreedepth != tt.want.MaxTreedepth ||
				len(got.Params) != len(tt.want.Params) {
				t.Fatalf("got %+v, want %+v", got, tt.want)
			}
			for i := range got.Params {
				if got.Params[i] != tt.want.Params[i] {
					t.Errorf("param %d: got %+v, want %+v", i, got.Params[i], tt.want.Params[i])
				}
			}
		})
	}
}

var refMuTau = Reference{Params: []RefParam{{"mu", 4.4, 3.3}, {"tau", 3.6, 3.2}}, AdaptDelta: 0.95, MaxTreedepth: 10}

// report is a `bayes sample --format json` report cut to the fields
// BayesSide reads, with a quantity outside the reference (theta_trans[1],
// lowest ESS of all) that the score must ignore.
func report(muMean, tauESS string, run string) string {
	return `{"version": 1, "chains": 4, "draws_per_chain": 1000, "summary": [
	  {"variable": "theta_trans[1]", "mean": 0.1, "ess_bulk": 12.5},
	  {"variable": "mu", "mean": ` + muMean + `, "ess_bulk": 3000.5},
	  {"variable": "tau", "mean": 3.0, "ess_bulk": ` + tauESS + `}],
	 "sampler": {"transitions": 4000, "divergences": 3}` + run + `}`
}

const runOK = `, "run": {"device": "cpu", "regime": "cpu", "seconds": 1.5, "gradients": 60000, "precision": 64}`

func TestBayesSide(t *testing.T) {
	tests := []struct {
		name, report string
		want         Side
		err          string
	}{
		{"minimum over the reference's names", report("4.0", "1200.25", runOK),
			Side{Wall: 2, Sampler: 1.5, Gradients: 60000, MinESS: 1200.25, MinESSName: "tau", Divergences: 3}, ""},
		{"mu lowest", report("4.0", "3100", runOK),
			Side{Wall: 2, Sampler: 1.5, Gradients: 60000, MinESS: 3000.5, MinESSName: "mu", Divergences: 3}, ""},
		{"no run object", report("4.0", "1200", ""), Side{}, `no "run" object`},
		{"mean 6 sds off", report("24.2", "1200", runOK), Side{}, "mean of mu is 24.2, 6.0 reference sds from 4.4"},
		{"mean undefined", report("null", "1200", runOK), Side{}, "mean or bulk ESS of mu is undefined"},
		{"ESS undefined", report("4.0", "null", runOK), Side{}, "mean or bulk ESS of tau is undefined"},
		{"zero ESS", report("4.0", "0", runOK), Side{}, "bulk ESS of tau is 0"},
		{"no gradients", report("4.0", "1200", `, "run": {"seconds": 1.5, "gradients": 0}`), Side{}, "no gradient count"},
		{"no time", report("4.0", "1200", `, "run": {"seconds": 0, "gradients": 10}`), Side{}, "no time measured"},
		{"missing name", strings.Replace(report("4.0", "1200", runOK), `"tau"`, `"sigma"`, 1), Side{},
			"no summary row for reference name tau"},
		{"not JSON", "note: ignoring variables", Side{}, "bayes report:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := BayesSide([]byte(tt.report), refMuTau, 2)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("error %v, want one containing %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Fatalf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestStanSide(t *testing.T) {
	const ok = `{"status":"ok","rstan":"2.21.8","compile_s":0,"cached":true,"wall_s":4.2,"sampler_s":4.1,` +
		`"gradients":1.23456e5,"min_ess_bulk":900.5,"min_ess_bulk_par":"tau","max_abs_z":0.2,` +
		`"max_abs_z_par":"mu","divergences":2}`
	tests := []struct {
		name, line string
		want       StanRun
		err        string
	}{
		{"ok", ok, StanRun{Side: Side{Wall: 4.2, Sampler: 4.1, Gradients: 123456, MinESS: 900.5,
			MinESSName: "tau", Divergences: 2}, Cached: true, Version: "2.21.8"}, ""},
		{"R error", `{"status":"error: no model.bym in x","rstan":"2.21.8"}`, StanRun{}, "rstan: error: no model.bym in x"},
		{"wrong posterior", strings.Replace(ok, `"max_abs_z":0.2`, `"max_abs_z":7.5`, 1), StanRun{},
			"mean of mu is 7.5 reference sds off"},
		{"no gradients", strings.Replace(ok, `1.23456e5`, `0`, 1), StanRun{}, "no gradient count"},
		{"R's chatter", "Warning: something", StanRun{}, "stan_posteriordb.R line"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := StanSide([]byte(tt.line))
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("error %v, want one containing %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Fatalf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

// TestCompare checks the ratios on numbers worked by hand, and that the
// score's ratio is the product of the other three (the trace of a gain to
// the kernel, the sampler or the overhead), for them and for their
// geometric mean with a second posterior.
func TestCompare(t *testing.T) {
	bayes := Side{Wall: 2, Sampler: 1, Gradients: 1000, MinESS: 500}   // 250 ESS/s, 1000 grad/s, 0.5 ESS/grad
	stan := Side{Wall: 4, Sampler: 4, Gradients: 2000, MinESS: 400}    // 100 ESS/s, 500 grad/s, 0.2 ESS/grad
	other := Side{Wall: 3, Sampler: 2.5, Gradients: 7777, MinESS: 321} // the second posterior's bayes
	q := Compare(bayes, stan)
	want := Ratios{ESSPerSecond: 2.5, GradientsPerSecond: 2, ESSPerGradient: 2.5, SamplerShare: 0.5}
	if !close(q.ESSPerSecond, want.ESSPerSecond) || !close(q.GradientsPerSecond, want.GradientsPerSecond) ||
		!close(q.ESSPerGradient, want.ESSPerGradient) || !close(q.SamplerShare, want.SamplerShare) {
		t.Fatalf("Compare = %+v, want %+v", q, want)
	}
	for name, r := range map[string]Ratios{
		"one posterior":  q,
		"geometric mean": GeometricMean([]Ratios{q, Compare(other, stan)}),
	} {
		if p := r.ESSPerGradient * r.GradientsPerSecond * r.SamplerShare; !close(r.ESSPerSecond, p) {
			t.Errorf("%s: ESS/s ratio %g, product of the others %g", name, r.ESSPerSecond, p)
		}
	}
	if g := GeometricMean([]Ratios{{4, 1, 2, 8}, {1, 4, 8, 2}}); !close(g.ESSPerSecond, 2) || !close(g.SamplerShare, 4) {
		t.Errorf("GeometricMean = %+v, want 2, 2, 4, 4", g)
	}
}

func close(a, b float64) bool { return math.Abs(a-b) <= 1e-12*math.Abs(b) }

// TestCSVRow checks that every row has the header's width, whichever side
// is missing, and that the ratio columns are filled only with both sides.
func TestCSVRow(t *testing.T) {
	b := &Side{Wall: 2, Sampler: 1, Gradients: 1000, MinESS: 500, MinESSName: "beta[1]"}
	s := &StanRun{Side: Side{Wall: 4, Sampler: 4, Gradients: 2000, MinESS: 400, MinESSName: "tau"}}
	ratioCol := len(csvHeader) - 6 // ratio_ess_per_s
	if csvHeader[ratioCol] != "ratio_ess_per_s" {
		t.Fatalf("csvHeader[%d] = %s", ratioCol, csvHeader[ratioCol])
	}
	for _, tt := range []struct {
		name  string
		r     result
		ratio string
	}{
		{"both", result{name: "p", bayes: b, stan: s}, "2.5"},
		{"bayes only", result{name: "p", bayes: b, stanWhy: "-stan off"}, ""},
		{"Stan only", result{name: "p", stan: s, bayesErr: os.ErrNotExist}, ""},
		{"neither", result{name: "p", bayesErr: os.ErrNotExist, stanErr: os.ErrNotExist}, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			row := csvRow(tt.r)
			if len(row) != len(csvHeader) {
				t.Fatalf("%d cells, header has %d", len(row), len(csvHeader))
			}
			if row[ratioCol] != tt.ratio {
				t.Errorf("ratio_ess_per_s = %q, want %q", row[ratioCol], tt.ratio)
			}
		})
	}
}

// TestSharedReferences reads every reference.json of ../shared/posteriordb
// (INDEX.md there lists the settings: eight_schools_noncentered ran at
// adapt_delta 0.95, diamonds at 0.99 with max_treedepth 20).
func TestSharedReferences(t *testing.T) {
	db := filepath.Join("..", "..", "..", "shared", "posteriordb")
	dirs, err := posteriors(db, nil)
	if err != nil {
		t.Skipf("no posteriordb beside the checkout: %v", err)
	}
	if len(dirs) < 19 {
		t.Errorf("%d posteriors in %s, INDEX.md lists 19", len(dirs), db)
	}
	for _, dir := range dirs {
		ref, err := ReadReference(filepath.Join(dir, "reference.json"))
		if err != nil {
			t.Error(err)
			continue
		}
		if !(ref.AdaptDelta > 0 && ref.AdaptDelta < 1) || ref.MaxTreedepth < 1 {
			t.Errorf("%s: adapt_delta %g, max_treedepth %d", dir, ref.AdaptDelta, ref.MaxTreedepth)
		}
		for _, p := range ref.Params {
			if !(p.SD > 0) {
				t.Errorf("%s: %s: sd %g", dir, p.Name, p.SD)
			}
		}
		want := map[string]Reference{
			"eight_schools-eight_schools_noncentered": {AdaptDelta: 0.95, MaxTreedepth: 10},
			"diamonds-diamonds":                       {AdaptDelta: 0.99, MaxTreedepth: 20},
			"kidiq-kidscore_interaction":              {AdaptDelta: 0.8, MaxTreedepth: 10},
		}[filepath.Base(dir)]
		if want.MaxTreedepth != 0 && (ref.AdaptDelta != want.AdaptDelta || ref.MaxTreedepth != want.MaxTreedepth) {
			t.Errorf("%s: adapt_delta %g, max_treedepth %d; want %g, %d", dir, ref.AdaptDelta,
				ref.MaxTreedepth, want.AdaptDelta, want.MaxTreedepth)
		}
	}
}
