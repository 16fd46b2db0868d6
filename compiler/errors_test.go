package compiler

import (
	"errors"
	"strings"
	"testing"

	"github.com/bayes-dev/bayes/compiler/ir"
	"github.com/bayes-dev/bayes/data"
	"github.com/bayes-dev/bayes/lang"
)

// errorModel is the model of TestCompileErrorsPositioned; body goes on
// line 11, indented by two spaces.
const errorModel = `data {
  int N;
  vector[N] y;
}
parameters {
  real mu;
  vector[N] b;
}
model {
  mu ~ normal(0, 1);
  BODY
}
`

// TestCompileErrorsPositioned provokes every kind of error that can leave
// CompileModel and requires each to be a *lang.FileError that starts with
// file:line:col of the statement or expression that caused it, followed by
// the source line and a caret. The first cases are models a user can
// write (empty vectors the compiler does not handle yet: when it learns
// them, pick another trigger); the others break the compiler on purpose,
// through its tables, to reach the paths no valid model reaches (AD, the
// passes, the kernel's compile).
func TestCompileErrorsPositioned(t *testing.T) {
	empty := `{"N": 0, "y": []}`
	two := `{"N": 2, "y": [1, 2]}`
	tests := []struct {
		name, body, data string
		inject           func(t *testing.T)
		want             string // the first line of the message
	}{
		{name: "lowering: model error", body: `reject("no");`, data: two,
			want: "test.bym:11:3: the model always rejects here: reject is reached with the data given"},
		{name: "lowering: builder shape check", body: "target += sum(rep_vector(mu, N));", data: empty,
			want: "test.bym:11:17: compiler: bcast: length 0"},
		{name: "lowering: builder data check", body: "target += lbeta(mu, 2);", data: two,
			inject: func(t *testing.T) {
				fn := lang.LookupFunc("lbeta")
				row := funcTable[fn]
				funcTable[fn] = func(l *lowerer, c *lang.CallExpr, args []*val) *val {
					return symbolic(nil, lang.KindReal, l.b.Data(nil))
				}
				t.Cleanup(func() { funcTable[fn] = row })
			},
			want: "test.bym:11:13: compiler: empty data array"},
		{name: "lowering: runtime panic", body: "target += lbeta(mu, 2);", data: two,
			inject: func(t *testing.T) {
				fn := lang.LookupFunc("lbeta")
				row := funcTable[fn]
				funcTable[fn] = func(l *lowerer, c *lang.CallExpr, args []*val) *val { return args[len(args)+3] }
				t.Cleanup(func() { funcTable[fn] = row })
			},
			want: "test.bym:11:13: compiler: internal error: runtime error: index out of range"},
		{name: "lowering: index out of range", body: "target += y[N % 2 + N + 1];", data: two,
			want: "test.bym:11:15: index out of range in `y[N % 2 + N + 1]`: N % 2 + N + 1 = 3, but the size is 2"},
		{name: "lowering: index out of range in a loop", body: "for (i in 1:N) target += y[i + 1];", data: two,
			want: "test.bym:11:30: index out of range in `y[i + 1]`: i + 1 = 3, but the size is 2"},
		{name: "lowering: multi-index out of range", body: "target += sum(y[{1, 3}]);", data: two,
			want: "test.bym:11:19: index out of range in `y[{1, 3}]`: {1, 3} holds 3, but the size is 2"},
		{name: "lowering: range out of range", body: "target += sum(y[1:N + 1]);", data: two,
			want: "test.bym:11:19: index out of range in `y[1:(N + 1)]`: the range 1:3 reaches 3, but the size is 2"},
		{name: "lowering: assigned sizes", body: "vector[N] z = y; z = b[1:1];", data: two,
			want: "test.bym:11:20: size mismatch assigning to z: it is vector[2], the value is vector[1]"},
		{name: "lowering: a library function's check", body: "target += max(b);", data: empty,
			want: "test.bym:11:13: max of an empty container"},
		{name: "lowering: per-iteration value escapes", body: "target += lbeta(mu, 2);", data: two,
			inject: func(t *testing.T) {
				fn := lang.LookupFunc("lbeta")
				row := funcTable[fn]
				funcTable[fn] = func(l *lowerer, c *lang.CallExpr, args []*val) *val { l.vectorFail(); return nil }
				t.Cleanup(func() { funcTable[fn] = row })
			},
			want: "test.bym:11:13: compiler: internal error: a per-iteration value outside a vectorised loop"},
		{name: "AD: shape check", body: "target += exp(mu);", data: two,
			inject: func(t *testing.T) {
				row := *ir.OpExp.Info()
				ir.OpExp.Info().Adjoint = func(b *ir.Builder, n ir.Value, i int, adj ir.Value) ir.Value {
					ir.Bailf("injected adjoint failure")
					return ir.NoValue
				}
				t.Cleanup(func() { *ir.OpExp.Info() = row })
			},
			want: "test.bym:11:13: compiler: injected adjoint failure"},
		{name: "AD: runtime panic", body: "target += 2 * exp(mu);", data: two,
			inject: func(t *testing.T) {
				row := *ir.OpExp.Info()
				ir.OpExp.Info().Adjoint = func(b *ir.Builder, n ir.Value, i int, adj ir.Value) ir.Value { panic(errors.New("boom")) }
				t.Cleanup(func() { *ir.OpExp.Info() = row })
			},
			want: "test.bym:11:17: compiler: internal error: boom"},
		{name: "compile: broken schedule", body: "target += exp(mu);", data: two,
			inject: func(t *testing.T) {
				saved := ir.Passes
				ir.Passes = append(ir.Passes[:len(ir.Passes):len(ir.Passes)], ir.Pass{Name: "break", Fn: func(p *ir.Program) *ir.Program {
					p.Groups = append(p.Groups, ir.Group{Len: 1, Nodes: []ir.Value{ir.Value(len(p.G.Nodes) + 7)}})
					return p
				}})
				t.Cleanup(func() { ir.Passes = saved })
			},
			want: "test.bym:1:1: compiler: internal error: runtime error: index out of range"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := strings.Replace(errorModel, "BODY", tt.body, 1)
			p, err := lang.ParseAndCheck("test.bym", []byte(src))
			if err != nil {
				t.Fatal(err)
			}
			d, err := data.Load(p, "test.json", []byte(tt.data))
			if err != nil {
				t.Fatal(err)
			}
			if tt.inject != nil {
				tt.inject(t)
			}
			_, err = CompileModel(p, d)
			if err == nil {
				t.Fatalf("compiled; want %s", tt.want)
			}
			var fe *lang.FileError
			if !errors.As(err, &fe) {
				t.Fatalf("got %T %v, want a *lang.FileError", err, err)
			}
			msg := err.Error()
			if !strings.HasPrefix(msg, tt.want) {
				t.Errorf("got\n%s\nwant a message starting\n%s", msg, tt.want)
			}
			// the source line and a caret under the column follow
			if lines := strings.Split(msg, "\n"); len(lines) != 3 || !strings.HasSuffix(lines[2], "^") {
				t.Errorf("want the message, the source line and a caret, got\n%s", msg)
			}
		})
	}
}
