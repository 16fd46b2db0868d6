package lang

import (
	"testing"
)

// TestBinaryVectorisedTypes: a vectorised binary function (the library's
// ClassElements overloads) of two containers of one type, or of a scalar
// and a container, has the container's shape with real elements (int
// arrays for choose); a call of two scalars keeps its scalar overload.
func TestBinaryVectorisedTypes(t *testing.T) {
	const decls = `data {
  int i; real x; vector[3] v; vector[3] u; row_vector[3] rv; matrix[2, 3] m;
  array[3] int ia; array[3] real ra; array[2] vector[3] av; array[2, 3] real r2;
  array[2, 3] int i2; array[2] matrix[2, 3] am; array[2, 2] matrix[2, 3] aam;
}
`
	for _, c := range []struct{ call, want string }{
		{"atan2(x, x)", "real"},
		{"atan2(i, i)", "real"},
		{"atan2(v, u)", "vector"},
		{"atan2(v, 2)", "vector"},
		{"hypot(x, rv)", "row_vector"},
		{"pow(m, m)", "matrix"},
		{"lbeta(av, x)", "array[] vector"},
		{"fmax(ra, ia)", "array[] real"},
		{"fmin(ia, ia)", "array[] real"},
		{"owens_t(r2, i2)", "array[,] real"},
		{"pow(aam, aam)", "array[,] matrix"},
		{"choose(ia, 2)", "array[] int"},
		{"choose(i, i)", "int"},
		{"bessel_first_kind(ia, v)", "vector"},
		{"bessel_first_kind(i2, m)", "matrix"},
		{"bessel_first_kind(i2, av)", "array[] vector"},
		{"falling_factorial(am, 2)", "array[] matrix"},
		{"log_sum_exp(v, u)", "vector"},
		{"log_sum_exp(v)", "real"},
	} {
		t.Run(c.call, func(t *testing.T) {
			src := decls + "transformed data {\n  print(" + c.call + ");\n}\n"
			p, err := Parse("test.bym", []byte(src))
			if err == nil {
				err = Check(p)
			}
			if err != nil {
				t.Fatalf("%v", err)
			}
			var got Type
			Inspect(p, func(n Node) bool {
				if e, ok := n.(*CallExpr); ok && got == (Type{}) {
					got = e.TypeOf()
				}
				return true
			})
			if got.String() != c.want {
				t.Errorf("%s has type %s, want %s", c.call, got, c.want)
			}
		})
	}
}
