package lang

import "testing"

// TestUnsupportedOnlyWhereMeant: the look-out for complex numbers and
// tuples (testdata/bad/complex_*, tuple_*) leaves alone the programs that
// only resemble them: a loop variable i after a number and an operator,
// variables named like the complex functions, a real after a space.
func TestUnsupportedOnlyWhereMeant(t *testing.T) {
	for _, src := range []string{
		"data { int N; array[N] real y; } model { for (i in 1:N) target += 2*i + y[i] * 1.5 + (i)*.5; }",
		"data { real get_real; real to_complex; } model { target += get_real + to_complex; }",
		"functions { real complexity(real x) { return x; } } data { real x; } model { target += complexity(x); }",
	} {
		if _, err := ParseAndCheck("ok.bym", []byte(src)); err != nil {
			t.Errorf("%s\n%v", src, err)
		}
	}
}
