package reparam

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/bayes-dev/bayes/lang"
)

// TestImproperParameters: parameters involved in nothing, with an unbounded
// support, are named; those the model reaches through a prior, the
// likelihood, a transformed parameter or another parameter's bound, and
// those with a compact support, are not.
func TestImproperParameters(t *testing.T) {
	cases := []struct {
		name, src string
		want      []string
	}{
		{"no prior, no likelihood", `parameters { real mu; real z; } model { mu ~ normal(0, 1); }`, []string{"z"}},
		{"half-bounded and vectors", `parameters { real<lower=0> s; vector[3] v; ordered[2] o; cov_matrix[2] S; real mu; }
			model { mu ~ normal(0, 1); }`, []string{"s", "v", "o", "S"}},
		{"only in generated quantities", `parameters { real mu; real z; } model { mu ~ normal(0, 1); }
			generated quantities { real w = z; }`, []string{"z"}},
		{"compact supports", `parameters { real<lower=0, upper=1> p; simplex[3] s; unit_vector[2] u;
			cholesky_factor_corr[2] L; corr_matrix[2] R; vector<lower=-1, upper=1>[2] b;
			row_stochastic_matrix[2, 3] P; column_stochastic_matrix[3, 2] Q; }
			model { }`, nil},
		{"sum-to-zero is unbounded", `parameters { sum_to_zero_vector[3] z; sum_to_zero_matrix[2, 3] Z; } model { }`,
			[]string{"z", "Z"}},
		{"prior", `parameters { real z; } model { z ~ normal(0, 1); }`, nil},
		{"likelihood only", `data { real y; } parameters { real z; } model { y ~ normal(z, 1); }`, nil},
		{"target increment", `parameters { real z; } model { target += -0.5 * z^2; }`, nil},
		{"through transformed parameters", `parameters { real a; real b; }
			transformed parameters { real c; { real t = a * 2; c = t + b; } }
			model { c ~ normal(0, 1); }`, nil},
		{"transformed parameter unused", `parameters { real a; real b; } transformed parameters { real c = a; }
			model { b ~ normal(0, 1); }`, []string{"a"}},
		{"in another parameter's bound", `parameters { real a; real<lower=a> b; } model { b ~ normal(0, 1); }`, nil},
		{"in a loop bound of the model", `data { int N; } parameters { real a; } model { for (i in 1:N) { if (a > 0) { } } }`, nil},
	}
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			p, err := lang.ParseAndCheck("m.bym", []byte(tt.src))
			if err != nil {
				t.Fatal(err)
			}
			if got := ImproperParameters(p); !slices.Equal(got, tt.want) {
				t.Errorf("ImproperParameters = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestImproperParametersProper: no shipped model and no posteriordb
// reference posterior, all proper, has a parameter named.
func TestImproperParametersProper(t *testing.T) {
	paths, _ := filepath.Glob(filepath.Join("..", "..", "models", "*.bym"))
	if len(paths) == 0 {
		t.Fatal("no shipped models in ../../models")
	}
	if _, err := os.Stat(filepath.Join("..", "..", "..", "shared", "posteriordb")); err == nil {
		more, _ := filepath.Glob(filepath.Join("..", "..", "..", "shared", "posteriordb", "*", "model.bym"))
		paths = append(paths, more...)
	} else {
		t.Logf("posteriordb models not checked (%v): the shared folder is absent", err)
	}
	for _, path := range paths {
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		p, err := lang.ParseAndCheck(path, src)
		if err != nil {
			t.Fatal(err)
		}
		if got := ImproperParameters(p); len(got) > 0 {
			t.Errorf("%s: ImproperParameters = %q, want none", path, got)
		}
	}
}
