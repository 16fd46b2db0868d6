package data

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/bayes-dev/bayes/lang"
)

// loadCase parses and checks testdata/<dir>/<name>.bym and loads <name>.json against it.
func loadCase(t *testing.T, dir, name string) (*lang.Program, *Data, error) {
	t.Helper()
	base := filepath.Join("testdata", dir, name)
	model, err := os.ReadFile(base + ".bym")
	if err != nil {
		t.Fatal(err)
	}
	p, err := lang.ParseAndCheck(name+".bym", model)
	if err != nil {
		t.Fatalf("parsing %s.bym: %v", name, err)
	}
	src, err := os.ReadFile(base + ".json")
	if err != nil {
		t.Fatal(err)
	}
	d, err := Load(p, name+".json", src)
	return p, d, err
}

var update = flag.Bool("update", false, "rewrite the golden .out files of testdata")

// golden compares got with testdata/<dir>/<name>.out, or rewrites it with
// -update; read the diff before committing it.
func golden(t *testing.T, dir, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", dir, name+".out")
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -run %s -update to create it)", err, t.Name())
	}
	if got != string(want) {
		t.Errorf("output differs from %s\ngot:\n%s\nwant:\n%s", path, got, want)
	}
}

func caseNames(t *testing.T, dir string) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("testdata", dir, "*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no cases in testdata/%s: %v", dir, err)
	}
	names := make([]string, len(files))
	for i, f := range files {
		names[i] = strings.TrimSuffix(filepath.Base(f), ".json")
	}
	return names
}

// TestLoadBad loads each malformed data file of testdata/bad and
// compares the full message (Format's layout) with its golden .out file.
func TestLoadBad(t *testing.T) {
	for _, name := range caseNames(t, "bad") {
		t.Run(name, func(t *testing.T) {
			_, _, err := loadCase(t, "bad", name)
			if err == nil {
				t.Fatal("Load accepted a bad data file")
			}
			var fe *lang.FileError
			if !errors.As(err, &fe) {
				t.Fatalf("error %T is not a *FileError: %v", err, err)
			}
			if len(fe.List) != 1 {
				t.Errorf("%d messages, want exactly 1:\n%v", len(fe.List), fe)
			}
			golden(t, "bad", name, fe.Error()+"\n")
		})
	}
}

// TestLoadGood loads each good data file of testdata/good and
// compares a dump of the values with its golden .out file.
func TestLoadGood(t *testing.T) {
	for _, name := range caseNames(t, "good") {
		t.Run(name, func(t *testing.T) {
			p, d, err := loadCase(t, "good", name)
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			golden(t, "good", name, dumpData(p, d))
		})
	}
}

// dumpData writes every variable's declaration, shape and values, then the ignored names.
func dumpData(p *lang.Program, d *Data) string {
	var b strings.Builder
	for i, name := range d.Order {
		v := d.Vars[name]
		fmt.Fprintf(&b, "%s: %s shape %v ", name, lang.TypeString(dataDecls(p)[i].Type), v.Shape)
		if v.Ints != nil {
			fmt.Fprintf(&b, "ints %v\n", v.Ints)
		} else {
			fmt.Fprintf(&b, "reals %v\n", v.Reals)
		}
	}
	fmt.Fprintf(&b, "ignored: %v\n", d.Ignored)
	return b.String()
}

// TestLoadTwoErrors checks that problems in independent variables are all
// reported, in file order, while a variable whose size depends on a failed one
// is skipped rather than reported again.
func TestLoadTwoErrors(t *testing.T) {
	p := mustParse(t, `data { int<lower=0> N; array[N] real y; real<lower=0> s; real r; }`)
	_, err := Load(p, "d.json", []byte(`{"N": -1, "y": [1, 2], "s": -2, "r": "x"}`))
	var list lang.ErrorList
	if !errors.As(err, &list) {
		t.Fatalf("want an ErrorList, got %v", err)
	}
	want := []string{
		`d.json:1:7: "N" = -1 violates lower=0`,
		`d.json:1:29: "s" = -2 violates lower=0`,
		`d.json:1:38: "r" is declared real but the file has the string "x", not a number`,
	}
	var got []string
	for _, e := range list {
		got = append(got, fmt.Sprintf("d.json:%s", e))
	}
	if !slices.Equal(got, want) {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestLoadNoFile checks the case of no data file at all.
func TestLoadNoFile(t *testing.T) {
	p := mustParse(t, `parameters { real mu; } model { mu ~ normal(0, 1); }`)
	d, err := Load(p, "", nil)
	if err != nil || len(d.Vars) != 0 {
		t.Errorf("no data block, no file: got %v, %v", d, err)
	}
	p = mustParse(t, `data { int N; real y; } parameters { real mu; }`)
	_, err = Load(p, "", nil)
	if err == nil || !strings.Contains(err.Error(), "declares data (N, y) but no data file was given") {
		t.Errorf("data block, no file: got %v", err)
	}
	// A file for a model without data: every name is ignored.
	p = mustParse(t, `parameters { real mu; }`)
	d, err = Load(p, "d.json", []byte(`{"b": 1, "a": [2]}`))
	if err != nil || !slices.Equal(d.Ignored, []string{"b", "a"}) {
		t.Errorf("no data block, a file: got %v, %v", d, err)
	}
}

// TestReadFile checks that a missing file is reported with its path and wrapped.
func TestReadFile(t *testing.T) {
	p := mustParse(t, `data { int N; }`)
	_, err := ReadFile(p, filepath.Join(t.TempDir(), "absent.json"))
	if !errors.Is(err, os.ErrNotExist) || !strings.Contains(err.Error(), "absent.json") {
		t.Errorf("got %v, want a wrapped os.ErrNotExist naming the file", err)
	}
}

func mustParse(t testing.TB, src string) *lang.Program {
	t.Helper()
	p, err := lang.ParseAndCheck("model.bym", []byte(src))
	if err != nil {
		t.Fatalf("ParseAndCheck: %v", err)
	}
	return p
}

// posteriordbIgnored is INDEX.md's Note 2: the variables of posteriordb's data
// files that the models do not declare.
var posteriordbIgnored = map[string][]string{
	"earnings-earn_height":                  {"male"},
	"kidiq-kidscore_interaction":            {"mom_hs_new", "mom_iq_new"},
	"kidiq_with_mom_work-kidscore_mom_work": {"mom_hs", "mom_iq"},
	"nes1992-nes":                           {"year"},
	"gp_pois_regr-gp_regr":                  {"k"},
	"gp_pois_regr-gp_pois_regr":             {"y"},
}

// TestLoadPosteriordb loads every ../shared/posteriordb/*/data.json
// against its model.bym and checks the ignored names against INDEX.md Note 2.
func TestLoadPosteriordb(t *testing.T) {
	root := filepath.Join("..", "..", "shared", "posteriordb")
	dirs, _ := filepath.Glob(filepath.Join(root, "*", "data.json"))
	if len(dirs) == 0 {
		t.Skipf("no posteriordb data under %s (the shared folder is absent)", root)
	}
	for _, f := range dirs {
		dir := filepath.Dir(f)
		name := filepath.Base(dir)
		t.Run(name, func(t *testing.T) {
			model, err := os.ReadFile(filepath.Join(dir, "model.bym"))
			if err != nil {
				t.Skipf("no model.bym: %v", err)
			}
			p, err := lang.ParseAndCheck("model.bym", model)
			if err != nil {
				t.Fatalf("parsing model.bym: %v", err)
			}
			d, err := ReadFile(p, f)
			if err != nil {
				t.Fatalf("ReadFile: %v", err)
			}
			if want := posteriordbIgnored[name]; !slices.Equal(d.Ignored, want) {
				t.Errorf("Ignored = %v, want %v (INDEX.md Note 2)", d.Ignored, want)
			}
			for _, n := range d.Order {
				v := d.Vars[n]
				if v.Len() != product(v.Shape) {
					t.Errorf("%s: %d elements for shape %v", n, v.Len(), v.Shape)
				}
			}
		})
	}
}

// FuzzLoad loads arbitrary bytes against a model that uses every kind of
// declaration; it must return data or an error, never panic.
func FuzzLoad(f *testing.F) {
	const model = `data {
  int<lower=0> N;
  int<lower=1> K;
  array[N] int<lower=1, upper=K> idx;
  vector<lower=-10>[N] y;
  matrix[N, K] X;
  array[2, K] real z;
  simplex[K] theta;
  ordered[K] mu;
  cov_matrix[K] S;
  cholesky_factor_corr[K] L;
  real<lower=0> s;
  array[2] simplex[N] w;
  array[N] corr_matrix[N] R;
  sum_to_zero_vector[K] zv;
  row_stochastic_matrix[N, K] P;
  column_stochastic_matrix[K, N] Q;
  sum_to_zero_matrix[N, K] Z;
}`
	p, err := lang.ParseAndCheck("fuzz.bym", []byte(model))
	if err != nil {
		f.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join("testdata", "*", "*.json"))
	for _, file := range files {
		src, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(src)
	}
	f.Add([]byte(`{"N": 2, "K": 2, "idx": [1, 2], "y": [0.5, 1], "X": [[1, 2], [3, 4]], "z": [[1, 2], [3, 4]],
"theta": [0.5, 0.5], "mu": [1, 2], "S": [[1, 0], [0, 1]], "L": [[1, 0], [0, 1]], "s": 1,
"w": [[0.5, 0.5], [1, 0]], "R": [[[1, 0], [0, 1]], [[1, 0.5], [0.5, 1]]],
"zv": [1, -1], "P": [[0.5, 0.5], [1, 0]], "Q": [[0.5, 1], [0.5, 0]], "Z": [[1, -1], [-1, 1]]}`))
	f.Fuzz(func(t *testing.T, src []byte) {
		d, err := Load(p, "fuzz.json", src)
		if (d == nil) == (err == nil) {
			t.Fatalf("Load returned %v and %v", d, err)
		}
		if err != nil {
			_ = err.Error() // formats the source line and caret too
		}
	})
}
