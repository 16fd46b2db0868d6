package lang

import "testing"

// TestIndexFlat: x[a][b] is x[a, b] when every inner index is one int; a
// range or an array of ints inside is kept as written.
func TestIndexFlat(t *testing.T) {
	src := `data {
  array[3] int is;
}
transformed data {
  array[3, 4] vector[5] x;
  vector[5] y = x[1][2];
  real z = x[2][3][1:2][1];
  array[4] vector[5] w = x[is][1];
}
`
	p, err := ParseAndCheck("t.bym", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		stmt int
		want string
	}{
		{1, "x[1, 2]"},
		{2, "x[2][3][1:2][1]"},
		{3, "x[is][1]"},
	} {
		init := p.TransformedData.Stmts[c.stmt].(*VarDecl).Init.(*IndexExpr)
		if got := ExprString(init.Flat()); got != c.want {
			t.Errorf("%s flat = %s, want %s", ExprString(init), got, c.want)
		}
	}
}
