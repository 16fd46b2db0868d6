package data

import (
	"slices"
	"strings"
	"testing"

	"github.com/bayes-dev/bayes/lang"
)

// TestLoadInits: an init file binds to the parameters, which it may leave
// out; other names are ignored; shapes and constrained types are checked
// with positions, bounds are not (the compiler checks them per element).
func TestLoadInits(t *testing.T) {
	src := `data { int J; }
parameters {
  real mu;
  real<lower=0> tau;
  vector[J] theta;
  simplex[2] s;
  real<lower=mu> above;
}
model { }`
	p, err := lang.ParseAndCheck("m.bym", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	data, err := Load(p, "d.json", []byte(`{"J": 3}`))
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, json string
		given      []string // the parameters bound, in order
		ignored    []string
		err        string // the message, from line:col on
	}{
		{"partial", `{"theta": [1, 2, 3], "tau": -1, "y_rep": [0]}`, []string{"tau", "theta"}, []string{"y_rep"}, ""},
		{"empty", `{}`, nil, nil, ""},
		{"dependent bound given", `{"mu": 1, "above": 2}`, []string{"mu", "above"}, nil, ""},
		{"shape", `{"theta": [1, 2]}`, nil, nil,
			`1:11: "theta" is declared vector[J] (J = 3) but has 2 elements`},
		{"constraint", `{"s": [0.5, 0.6]}`, nil, nil, `1:7: "s" is declared simplex[2] but`},
		{"bound on a parameter left out", `{"above": 2}`, nil, nil,
			`1:11: "above" is declared real<lower=mu>, a bound that depends on the parameter "mu", which the file leaves out`},
	}
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			d, err := LoadInits(p, data, "inits.json", []byte(tt.json))
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), "inits.json:"+tt.err) {
					t.Fatalf("LoadInits: %v\nwant inits.json:%s", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(d.Order, tt.given) || !slices.Equal(d.Ignored, tt.ignored) {
				t.Errorf("given %v, ignored %v; want %v, %v", d.Order, d.Ignored, tt.given, tt.ignored)
			}
			if _, ok := d.Vars["J"]; ok {
				t.Error("the data's J is among the initial values")
			}
		})
	}
}
