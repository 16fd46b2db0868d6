package reparam

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/bayes-dev/bayes/data"
	"github.com/bayes-dev/bayes/lang"
	"github.com/bayes-dev/bayes/lang/printer"
)

// The golden files of these tests are rewritten by
//
//	go test ./compiler -run TestReparam -update
//
// The -update flag is the package's (print_test.go defines it); it is
// defined here only when no other test file does.
func init() {
	if flag.Lookup("update") == nil {
		flag.Bool("update", false, "rewrite the golden files in testdata/")
	}
}

func reparamUpdating() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

// reparamGolden compares got with the golden file at path, or rewrites it with -update.
func reparamGolden(t *testing.T, path string, got []byte) {
	t.Helper()
	if reparamUpdating() {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./compiler -run TestReparam -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the output:\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}

const reparamDir = "testdata/reparam"

func loadReparamModel(t *testing.T, path string) *lang.Program {
	t.Helper()
	p, err := lang.LoadModel(path)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestReparam rewrites each model and compares the printed result with
// NAME.golden and the notes with NAME.notes.golden. Each output must be
// valid input (lang.ParseAndCheck), print back to itself, and refuse a
// second non-centering of the same variable as already done.
func TestReparam(t *testing.T) {
	cases := []struct {
		name   string
		file   string // default testdata/reparam/NAME.bym
		vars   []string
		suffix string
	}{
		// The reference problem, eight schools: an array with a vectorised prior.
		{name: "eight_schools", file: "../../models/eight_schools.bym", vars: []string{"theta"}},
		{name: "vector", vars: []string{"theta"}},
		{name: "loop", vars: []string{"a"}},
		{name: "multi_index", vars: []string{"theta"}},
		{name: "array_of_vectors", vars: []string{"z"}},
		{name: "array_containers", vars: []string{"theta"}},
		{name: "lognormal", vars: []string{"lambda"}},
		{name: "student_t", vars: []string{"theta"}},
		{name: "two_vars", vars: []string{"a,b"}},
		{name: "auto_two_levels", vars: []string{"auto"}},
		{name: "tp_dependency", vars: []string{"theta"}, suffix: "_std"},
		{name: "scalar_cauchy", vars: []string{"b"}},
		{name: "matrix_rows", vars: []string{"theta"}},
		{name: "nested_loops", vars: []string{"theta"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			file := c.file
			if file == "" {
				file = filepath.Join(reparamDir, c.name+".bym")
			}
			p := loadReparamModel(t, file)
			before := printer.Format(p)
			q, notes, err := NonCenter(p, Options{Vars: c.vars, RawSuffix: c.suffix})
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(printer.Format(p), before) {
				t.Error("NonCenter changed the program it was given")
			}
			out := printer.Format(q)
			reparamGolden(t, filepath.Join(reparamDir, c.name+".golden"), out)
			var text strings.Builder
			for _, n := range notes {
				text.WriteString(n.String() + "\n")
			}
			reparamGolden(t, filepath.Join(reparamDir, c.name+".notes.golden"), []byte(text.String()))

			r, err := lang.ParseAndCheck(c.name+".golden", out)
			if err != nil {
				t.Fatalf("the rewritten model is not valid input:\n%v", err)
			}
			if again := printer.Format(r); !bytes.Equal(again, out) {
				t.Errorf("the rewritten model does not print back to itself:\n%s", again)
			}
			rewritten := 0
			for _, n := range notes {
				if n.Skipped != "" {
					continue
				}
				rewritten++
				_, _, err := NonCenter(r, Options{Vars: []string{n.Var}, RawSuffix: c.suffix})
				want := `"` + n.Var + `" is a transformed parameter, not a parameter (already non-centered?)`
				if err == nil || !strings.Contains(err.Error(), want) {
					t.Errorf("non-centering %s again: got error %v, want one saying %s", n.Var, err, want)
				}
				_, _, err = NonCenter(r, Options{Vars: []string{n.Raw}})
				if want := `"` + n.Raw + `" is already non-centered`; err == nil || !strings.Contains(err.Error(), want) {
					t.Errorf("non-centering %s: got error %v, want one saying %s", n.Raw, err, want)
				}
				for _, cand := range LocationScaleCandidates(r) {
					if cand.Name == n.Var || cand.Name == n.Raw {
						t.Errorf("after the rewrite, %s is still a candidate: %+v", cand.Name, cand)
					}
				}
			}
			if rewritten == 0 {
				t.Error("nothing was rewritten")
			}
		})
	}
}

// TestReparamRefusals checks each case where the rewrite cannot apply: the
// error, printed as every command prints it (file:line:col: message, the
// line and a caret), is compared with NAME.golden.
func TestReparamRefusals(t *testing.T) {
	cases := []struct {
		name string
		vars []string
	}{
		{"bad_data", []string{"y"}},
		{"bad_unknown", []string{"thta"}},
		{"bad_not_location_scale", []string{"theta"}},
		{"bad_bounded", []string{"theta"}},
		{"bad_lognormal_bound", []string{"theta"}},
		{"bad_two_tildes", []string{"theta"}},
		{"bad_partial_loop", []string{"theta"}},
		{"bad_part", []string{"theta"}},
		{"bad_loop_range", []string{"theta"}},
		{"bad_loop_var", []string{"theta"}},
		{"bad_in_if", []string{"theta"}},
		{"bad_raw_taken", []string{"theta"}},
		{"bad_std_normal", []string{"theta"}},
		{"bad_normal01", []string{"theta"}},
		{"bad_transformed", []string{"theta"}},
		{"bad_offset", []string{"theta"}},
		{"bad_no_prior", []string{"theta"}},
		{"bad_target", []string{"theta"}},
		{"bad_random_walk", []string{"theta"}},
		{"bad_model_local", []string{"theta"}},
		{"bad_truncated", []string{"theta"}},
		{"bad_simplex", []string{"theta"}},
		{"bad_cycle", []string{"theta"}},
		{"bad_scalar_loop", []string{"theta"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(reparamDir, c.name+".bym")
			src, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			p := loadReparamModel(t, path)
			q, _, err := NonCenter(p, Options{Vars: c.vars})
			if err == nil {
				t.Fatalf("no error; the rewrite gave\n%s", printer.Format(q))
			}
			var list lang.ErrorList
			if !errors.As(err, &list) {
				t.Fatalf("error %v is not a lang.ErrorList", err)
			}
			if len(list) != 1 {
				t.Errorf("%d errors, want 1: %v", len(list), list)
			}
			msg := (&lang.FileError{File: path, Src: src, List: list}).Error() + "\n"
			reparamGolden(t, filepath.Join(reparamDir, c.name+".golden"), []byte(msg))
		})
	}
}

// TestReparamOptions checks the errors of the options themselves, which are
// about the flags, not a place in the model.
func TestReparamOptions(t *testing.T) {
	p := loadReparamModel(t, filepath.Join(reparamDir, "vector.bym"))
	cases := []struct {
		opts Options
		want string
	}{
		{Options{}, "--noncentered needs parameter names (theta or a,b) or auto; found none"},
		{Options{Vars: []string{" , "}}, "--noncentered needs parameter names (theta or a,b) or auto; found none"},
		{Options{Vars: []string{"auto", "theta"}}, "--noncentered auto chooses the parameters itself; found auto together with theta"},
		{Options{Vars: []string{"theta"}, RawSuffix: "-raw"}, `--raw-suffix "-raw" cannot end a variable's name: expected letters, digits and _, not ending in __`},
		{Options{Vars: []string{"theta"}, RawSuffix: "__"}, `--raw-suffix "__" cannot end a variable's name: expected letters, digits and _, not ending in __`},
	}
	for _, c := range cases {
		t.Run(c.want, func(t *testing.T) {
			_, _, err := NonCenter(p, c.opts)
			if err == nil || err.Error() != c.want {
				t.Errorf("got %v, want %s", err, c.want)
			}
		})
	}
	// Several refusals are reported together, sorted by position.
	q := loadReparamModel(t, filepath.Join(reparamDir, "auto_two_levels.bym"))
	_, _, err := NonCenter(q, Options{Vars: []string{"sigma,s,N"}})
	var list lang.ErrorList
	if !errors.As(err, &list) || len(list) != 3 {
		t.Fatalf("got %v, want 3 errors", err)
	}
	want := []string{
		`6:3: "N" is a data variable, not a parameter; only a parameter's prior can be non-centered`,
		`19:14: "s" is declared with <lower=0>, but its prior s ~ normal(tau, 1) has support on all reals: s = tau + s_raw would break the bound; remove the bound or leave s centered`,
		`29:11: the prior of "sigma", sigma ~ exponential(s), is not a location-scale family; the rewrite applies to normal, student_t, cauchy, double_exponential, logistic, gumbel and lognormal priors`,
	}
	for i, e := range list {
		if e.Error() != want[i] {
			t.Errorf("error %d:\ngot  %s\nwant %s", i, e, want[i])
		}
	}
}

// TestLocationScaleCandidates lists the parameters that auto rewrites and a
// divergence warning suggests.
func TestLocationScaleCandidates(t *testing.T) {
	cases := []struct {
		file string
		want []string
	}{
		{"../../models/eight_schools.bym", []string{"theta"}},
		{"../../models/eight_schools_noncentered.bym", nil},
		{filepath.Join(reparamDir, "auto_two_levels.bym"), []string{"mu_d", "theta"}}, // not s: its bound
		{filepath.Join(reparamDir, "two_vars.bym"), []string{"a", "b"}},
		{filepath.Join(reparamDir, "student_t.bym"), []string{"theta"}},
		{filepath.Join(reparamDir, "bad_bounded.bym"), nil},
		{filepath.Join(reparamDir, "bad_not_location_scale.bym"), nil},
		{filepath.Join(reparamDir, "bad_normal01.bym"), nil}, // constant location and scale
	}
	for _, c := range cases {
		t.Run(filepath.Base(c.file), func(t *testing.T) {
			p := loadReparamModel(t, c.file)
			before := printer.Format(p)
			var got []string
			for _, cand := range LocationScaleCandidates(p) {
				got = append(got, cand.Name)
			}
			if !slices.Equal(got, c.want) {
				t.Errorf("got %v, want %v", got, c.want)
			}
			if !bytes.Equal(printer.Format(p), before) {
				t.Error("LocationScaleCandidates changed the program it was given")
			}
		})
	}
}

// TestCandidateSaysWhere: a candidate names its prior and where it is, for
// the divergence warning.
func TestCandidateSaysWhere(t *testing.T) {
	got := LocationScaleCandidates(loadReparamModel(t, "../../models/eight_schools.bym"))
	want := []Candidate{{Name: "theta", Pos: lang.Pos{Line: 18, Col: 3}, Prior: "theta ~ normal(mu, tau)", Scale: "tau"}}
	if !slices.Equal(got, want) {
		t.Errorf("got %+v, want %+v", got, want)
	}
}

// TestCopyProgramSharesNothing checks that no node of the copy is a node of
// the original, and that the copy prints the same.
func TestCopyProgramSharesNothing(t *testing.T) {
	p := loadReparamModel(t, filepath.Join(reparamDir, "auto_two_levels.bym"))
	orig := map[lang.Node]bool{}
	lang.Inspect(p, func(n lang.Node) bool {
		orig[n] = true
		return true
	})
	q := CopyProgram(p)
	count := 0
	lang.Inspect(q, func(n lang.Node) bool {
		count++
		if orig[n] {
			t.Errorf("the copy shares %T at %d:%d", n, n.Position().Line, n.Position().Col)
		}
		return true
	})
	if count != len(orig) {
		t.Errorf("the copy has %d nodes, the original %d", count, len(orig))
	}
	if !bytes.Equal(printer.Format(q), printer.Format(p)) {
		t.Error("the copy prints differently")
	}
}

// TestReparamAutoWithoutCandidates: auto on a model with nothing to
// rewrite returns an unchanged copy and no notes (the caller says so).
func TestReparamAutoWithoutCandidates(t *testing.T) {
	p := loadReparamModel(t, "../../models/eight_schools_noncentered.bym")
	q, notes, err := NonCenter(p, Options{Vars: []string{"auto"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(notes) != 0 {
		t.Errorf("notes %v, want none", notes)
	}
	if q == p || !bytes.Equal(printer.Format(q), printer.Format(p)) {
		t.Error("want an unchanged copy")
	}
}

// TestReparamPosteriordb runs auto, and then each parameter by name, over
// every posteriordb model beside the checkout: each rewrite must give a
// model that checks, each refusal must be positioned, and auto must choose
// theta in the centered eight schools.
func TestReparamPosteriordb(t *testing.T) {
	dir := filepath.Join("..", "..", "..", "shared", "posteriordb")
	models, _ := filepath.Glob(filepath.Join(dir, "*", "model.bym"))
	if len(models) == 0 {
		t.Skipf("skipping: no %s/*/model.bym (the posteriordb models live beside the checkout)", dir)
	}
	for _, path := range models {
		name := filepath.Base(filepath.Dir(path))
		t.Run(name, func(t *testing.T) {
			p, err := lang.LoadModel(path)
			if err != nil {
				t.Skipf("skipping: the model does not check yet: %v", err)
			}
			q, notes, err := NonCenter(p, Options{Vars: []string{"auto"}})
			if err != nil {
				t.Fatal(err)
			}
			var chosen []string
			for _, n := range notes {
				t.Log(n)
				if n.Skipped == "" {
					chosen = append(chosen, n.Var)
				}
			}
			if _, err := lang.ParseAndCheck(name, printer.Format(q)); err != nil {
				t.Errorf("the rewritten model is not valid input: %v", err)
			}
			if name == "eight_schools-eight_schools_centered" && !slices.Equal(chosen, []string{"theta"}) {
				t.Errorf("auto chose %v, want [theta]", chosen)
			}
			// With the model's data, auto chooses among the same sites.
			data, err := data.ReadFile(p, filepath.Join(filepath.Dir(path), "data.json"))
			if err != nil {
				t.Fatal(err)
			}
			q, notes, err = NonCenter(p, Options{Vars: []string{"auto"}, Data: data})
			if err != nil {
				t.Fatal(err)
			}
			var withData []string
			for _, n := range notes {
				t.Log("with data:", n)
				if n.Skipped == "" {
					withData = append(withData, n.Var)
				}
			}
			if _, err := lang.ParseAndCheck(name, printer.Format(q)); err != nil {
				t.Errorf("the rewritten model is not valid input: %v", err)
			}
			if name == "eight_schools-eight_schools_centered" && !slices.Equal(withData, []string{"theta"}) {
				t.Errorf("auto with data chose %v, want [theta]", withData)
			}
			// Every parameter by name: a positioned refusal, or a model that checks.
			for _, st := range p.Parameters.Stmts {
				v := st.(*lang.VarDecl).Name
				q, _, err := NonCenter(p, Options{Vars: []string{v}})
				var list lang.ErrorList
				switch {
				case err == nil:
					if _, err := lang.ParseAndCheck(name, printer.Format(q)); err != nil {
						t.Errorf("%s: the rewritten model is not valid input: %v", v, err)
					}
				case !errors.As(err, &list):
					t.Errorf("%s: %v is not a positioned refusal", v, err)
				default:
					t.Logf("%s: %v", v, err)
				}
			}
		})
	}
}
