package diagnostics

import (
	"bufio"
	"compress/gzip"
	"encoding/csv"
	"fmt"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/bayes-dev/bayes/runfiles"
)

// nestedCase is one case of testdata/nested_rhat.py: its draws, and the
// nested R-hat the script computed from the paper's definition.
type nestedCase struct {
	name        string
	superchains int
	draws       [][]float64
	want        float64
	flag        bool
}

// readNestedCases reads testdata/nested_rhat_draws.csv.gz and
// testdata/nested_rhat_expected.csv, written by testdata/nested_rhat.py
// (Python 3.11, plain floats and math.fsum, from Margossian et al. 2023,
// eqs. 15-19; see its doc string for the cases).
func readNestedCases(t *testing.T) []*nestedCase {
	t.Helper()
	f, err := os.Open("testdata/nested_rhat_draws.csv.gz")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]*nestedCase{}
	var cases []*nestedCase
	sc := bufio.NewScanner(zr)
	sc.Buffer(nil, 1<<20)
	sc.Scan() // header
	for sc.Scan() {
		fields := strings.Split(sc.Text(), ",")
		c := byName[fields[0]]
		if c == nil {
			k, _ := strconv.Atoi(fields[1])
			c = &nestedCase{name: fields[0], superchains: k}
			byName[c.name] = c
			cases = append(cases, c)
		}
		var chain []float64
		for _, s := range strings.Fields(fields[3]) {
			v, err := strconv.ParseFloat(s, 64)
			if err != nil {
				t.Fatal(err)
			}
			chain = append(chain, v)
		}
		c.draws = append(c.draws, chain)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	ef, err := os.Open("testdata/nested_rhat_expected.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer ef.Close()
	rows, err := csv.NewReader(ef).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, row := range rows[1:] {
		c := byName[row[0]]
		if c == nil {
			t.Fatalf("expected value for %s, which has no draws", row[0])
		}
		c.want, _ = strconv.ParseFloat(row[2], 64)
		c.flag = row[3] == "1"
	}
	return cases
}

func TestNestedRhatMatchesReference(t *testing.T) {
	cases := readNestedCases(t)
	if len(cases) != 6 {
		t.Fatalf("%d cases, want 6", len(cases))
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := NestedRhat(c.draws, c.superchains)
			if math.Abs(got-c.want) > 1e-10 {
				t.Errorf("NestedRhat = %.17g, the script gives %.17g", got, c.want)
			}
			if (got > RhatThreshold) != c.flag {
				t.Errorf("NestedRhat = %.4f: flagged %v, want %v", got, got > RhatThreshold, c.flag)
			}
		})
	}
}

func TestNestedRhatSpecialCases(t *testing.T) {
	ok := [][]float64{{1, 2}, {2, 3}, {0, 1}, {3, 1}}
	for _, tt := range []struct {
		name        string
		draws       [][]float64
		superchains int
	}{
		{"one superchain", ok, 1},
		{"unequal superchains", ok, 3},
		{"one chain of one draw each", [][]float64{{1}, {2}, {3}}, 3},
		{"NaN draw", [][]float64{{1, math.NaN()}, {2, 3}}, 2},
		{"infinite draw", [][]float64{{1, math.Inf(1)}, {2, 3}}, 2},
		{"constant", [][]float64{{2, 2}, {2, 2}}, 2},
		{"ragged", [][]float64{{1, 2}, {2}}, 2},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := NestedRhat(tt.draws, tt.superchains); !math.IsNaN(got) {
				t.Errorf("NestedRhat = %v, want NaN", got)
			}
		})
	}
	if got := NestedRhat(ok, 2); math.IsNaN(got) || got < 1 {
		t.Errorf("NestedRhat of a valid case = %v", got)
	}
}

// TestNestedRhatWarning: the warning names the quantity whose nested R-hat
// is above 1.01, and only with superchains.
func TestNestedRhatWarning(t *testing.T) {
	in := WarningInput{
		Summary: Summary{{Name: "mu", Rhat: 1, ESSBulk: 1e4, ESSTail: 1e4}, {Name: "tau", Rhat: 1, ESSBulk: 1e4, ESSTail: 1e4}},
		Chains:  64, Draws: 100,
	}
	if ws := Warnings(in); len(ws) != 0 {
		t.Fatalf("warnings without superchains: %+v", ws)
	}
	in.Nested = &Nested{Superchains: 8, Values: []float64{1.002, 1.05}}
	ws := Warnings(in)
	if len(ws) != 1 || ws[0].Kind != WarnNestedRhat || len(ws[0].Vars) != 1 || ws[0].Vars[0] != "tau" ||
		!strings.Contains(ws[0].Message, "tau=1.050") {
		t.Fatalf("warnings %+v, want one nested_rhat naming tau=1.050", ws)
	}
}

// TestNestedFromStanCSV: the chains' superchain lines must group them, in
// order, into consecutive superchains of equal size; otherwise (part of a
// run, or files without the line) there is no nested R-hat.
func TestNestedFromStanCSV(t *testing.T) {
	chain := func(superchain string, shift float64) *runfiles.StanCSV {
		s := &runfiles.StanCSV{Settings: map[string]string{}, Columns: []string{"lp__", "mu"}}
		if superchain != "" {
			s.Settings["superchain"] = superchain
		}
		for i := range 5 {
			s.Draws = append(s.Draws, []float64{0, shift + float64(i%3)})
		}
		return s
	}
	for _, tt := range []struct {
		ids  []string
		want int // superchains, 0 for none
	}{
		{[]string{"1", "1", "2", "2"}, 2},
		{[]string{"3", "3", "4", "4", "5", "5"}, 3}, // a job run with --chain-offset
		{[]string{"1", "1", "2"}, 0},
		{[]string{"1", "2", "1", "2"}, 0},
		{[]string{"1", "1", "1", "1"}, 0},
		{[]string{"", "", "", ""}, 0},
	} {
		var chains []*runfiles.StanCSV
		var names []string
		for c, id := range tt.ids {
			chains = append(chains, chain(id, float64(c)))
			names = append(names, fmt.Sprintf("chain%d.csv", c+1))
		}
		got := nestedFromStanCSV(names, chains)
		switch {
		case tt.want == 0 && got != nil:
			t.Errorf("%v: nested R-hat of %d superchains, want none", tt.ids, got.Superchains)
		case tt.want > 0 && (got == nil || got.Superchains != tt.want || len(got.Values) != 1 || math.IsNaN(got.Values[0])):
			t.Errorf("%v: %+v, want %d superchains", tt.ids, got, tt.want)
		}
	}
}
