package compiler

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/bayes-dev/bayes/data"
	"github.com/bayes-dev/bayes/lang"
	"github.com/bayes-dev/bayes/library"
	"github.com/bayes-dev/bayes/library/dists"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat/distuv"
)

// compileSource compiles a model given as text with JSON data.
func compileSource(t *testing.T, src, js string) *Model {
	t.Helper()
	p, err := lang.ParseAndCheck("test.bym", []byte(src))
	if err != nil {
		t.Fatalf("%v\n%s", err, src)
	}
	d, err := data.Load(p, "test.json", []byte(js))
	if err != nil {
		t.Fatalf("data: %v", err)
	}
	m, err := CompileModel(p, d)
	if err != nil {
		t.Fatalf("%v\n%s", err, src)
	}
	return m
}

// checkModel compares the model's log density with ref at random points
// and its gradient with central finite differences of ref.
func checkModel(t *testing.T, m *Model, ref func(q []float64) float64, rng *rand.Rand) {
	t.Helper()
	k := m.NewKernel()
	g := make([]float64, m.Dim())
	for point := 0; point < 3; point++ {
		q := randomPoint(rng, m.Dim())
		lp, want := k.LogDensityGrad(g, q), ref(q)
		if math.IsNaN(want) || math.Abs(lp-want) > 1e-10*math.Max(1, math.Abs(want)) {
			t.Errorf("q %v: lp %.15g, reference %.15g", q, lp, want)
		}
		for i := range q {
			if fd := centralFD(ref, q, i); math.Abs(g[i]-fd) > 1e-6*math.Max(1, math.Abs(fd)) {
				t.Errorf("q %v: d/dq[%d] = %.12g, finite difference of the reference %.12g", q, i, g[i], fd)
			}
		}
	}
}

var (
	yReal  = []float64{0.3, 1.7, 2.2, 0.9}
	yCount = []float64{0, 3, 1, 5}
	yTrial = []float64{5, 6, 5, 9}
)

// TestBreadthDistributionsFromModels lowers `target += dist_lpdf(y | ...)`
// and `y ~ dist(...)` for each elementwise family added for breadth, with
// scalar and vector parameters, and checks the log density (the reference
// is the op's scalar function, itself checked against gonum by the
// library's TestDistReference), its gradient, and that `~` drops exactly
// the summands whose arguments are all data (y and T here).
//
// What `~` drops is written out per row, not read from the family's Terms
// (the table under test): it is the sum over the four outcomes of the summands of
// the family's density in the Stan Functions Reference that involve no
// parameter, which Stan Math's *_lpdf leaves out under propto
// (include_summand). With yReal = (0.3, 1.7, 2.2, 0.9), yCount = (0, 3, 1,
// 5) and yTrial = (5, 6, 5, 9):
//   - double_exponential: log(1/2) per outcome, -4 log 2;
//   - chi_square: -y/2 per outcome, -(0.3 + 1.7 + 2.2 + 0.9)/2 = -2.55;
//   - inv_chi_square: -1/(2y) per outcome;
//   - binomial, beta_binomial: log C(T, y), log(C(5,0) C(6,3) C(5,1) C(9,5))
//     = log(1 * 20 * 5 * 126) = log 12600;
//   - poisson: -log y!, -log(0! 3! 1! 5!) = -log 720;
//   - every other row: 0, each summand there involving a parameter
//     (a scale, shape, bound, probability or rate).
func TestBreadthDistributionsFromModels(t *testing.T) {
	type row struct {
		dist    string
		args    string // the arguments after y; a, b are scalar parameters, v a vector[4]
		vals    func(q []float64, i int) []float64
		count   bool    // y is array[4] int, with trials T
		dropped float64 // what `~` leaves out over the four outcomes (see above)
	}
	sc := func(f func(a, b float64) []float64) func(q []float64, i int) []float64 {
		return func(q []float64, i int) []float64 { return f(q[0], q[1]) }
	}
	vec := func(f func(a, v float64) []float64) func(q []float64, i int) []float64 {
		return func(q []float64, i int) []float64 { return f(q[0], q[2+i]) }
	}
	e := math.Exp
	rows := []row{
		{"double_exponential", "a, exp(b)", sc(func(a, b float64) []float64 { return []float64{a, e(b)} }), false, -4 * math.Ln2},
		{"double_exponential", "v, exp(a)", vec(func(a, v float64) []float64 { return []float64{v, e(a)} }), false, -4 * math.Ln2},
		{"logistic", "a, exp(b)", sc(func(a, b float64) []float64 { return []float64{a, e(b)} }), false, 0},
		{"gumbel", "v, exp(a)", vec(func(a, v float64) []float64 { return []float64{v, e(a)} }), false, 0},
		{"inv_gamma", "exp(a), exp(b)", sc(func(a, b float64) []float64 { return []float64{e(a), e(b)} }), false, 0},
		{"weibull", "exp(a), exp(v)", vec(func(a, v float64) []float64 { return []float64{e(a), e(v)} }), false, 0},
		{"chi_square", "exp(a)", sc(func(a, b float64) []float64 { return []float64{e(a)} }), false, -0.5 * (0.3 + 1.7 + 2.2 + 0.9)},
		{"inv_chi_square", "exp(v)", vec(func(a, v float64) []float64 { return []float64{e(v)} }), false, -0.5 * (1/0.3 + 1/1.7 + 1/2.2 + 1/0.9)},
		{"scaled_inv_chi_square", "exp(a), exp(b)", sc(func(a, b float64) []float64 { return []float64{e(a), e(b)} }), false, 0},
		{"uniform", "a - 10, b + 10", sc(func(a, b float64) []float64 { return []float64{a - 10, b + 10} }), false, 0},
		{"bernoulli", "inv_logit(v)", vec(func(a, v float64) []float64 { return []float64{library.InvLogit(v)} }), true, 0},
		{"binomial", "T, inv_logit(a)", sc(func(a, b float64) []float64 { return []float64{library.InvLogit(a)} }), true, math.Log(1 * 20 * 5 * 126)},
		{"beta_binomial", "T, exp(a), exp(v)", vec(func(a, v float64) []float64 { return []float64{e(a), e(v)} }), true, math.Log(1 * 20 * 5 * 126)},
		{"poisson", "exp(v)", vec(func(a, v float64) []float64 { return []float64{e(v)} }), true, -math.Log(1 * 6 * 1 * 120)},
		{"neg_binomial", "exp(a), exp(b)", sc(func(a, b float64) []float64 { return []float64{e(a), e(b)} }), true, 0},
		{"neg_binomial_2", "exp(v), exp(b)", func(q []float64, i int) []float64 { return []float64{e(q[2+i]), e(q[1])} }, true, 0},
		{"neg_binomial_2_log", "v, exp(a)", vec(func(a, v float64) []float64 { return []float64{v, e(a)} }), true, 0},
	}
	rng := rand.New(rand.NewPCG(51, 52))
	for _, r := range rows {
		t.Run(r.dist+"("+r.args+")", func(t *testing.T) {
			d := distTable[lang.LookupDist(r.dist)]
			if d == nil || d.op == 0 {
				t.Fatalf("%s has no elementwise row", r.dist)
			}
			yDecl, y, data := "vector[4] y;", yReal, fmt.Sprintf(`{"y": %s}`, jsonList(yReal))
			suffix := "_lpdf"
			if r.count {
				y = yCount
				yDecl = "array[4] int y; array[4] int T;"
				if r.dist == "bernoulli" {
					y = []float64{1, 0, 0, 1}
				}
				data = fmt.Sprintf(`{"y": %s, "T": %s}`, jsonList(y), jsonList(yTrial))
				suffix = "_lpmf"
			}
			model := func(stmt string) string {
				return fmt.Sprintf("data { %s }\nparameters { real a; real b; vector[4] v; }\nmodel {\n  %s\n  a ~ normal(0, 1); b ~ normal(0, 1); v ~ normal(0, 1);\n}\n", yDecl, stmt)
			}
			prior := func(q []float64) float64 {
				s := 0.0
				for _, x := range q {
					s += dists.NormalLpdfValue(x, 0, 1, 0, 0) + library.HalfLog2Pi // `~` drops log(2π)/2
				}
				return s
			}
			f := d.op.Info().Scalar
			full := func(q []float64) float64 {
				s := prior(q)
				for i := range y {
					x := append([]float64{y[i]}, r.vals(q, i)...)
					if r.count && (r.dist == "binomial" || r.dist == "beta_binomial") {
						x = append([]float64{y[i], yTrial[i]}, r.vals(q, i)...)
					}
					x = append(x, 0, 0, 0)
					s += f(x[0], x[1], x[2], x[3], 0)
				}
				return s
			}
			checkModel(t, compileSource(t, model("target += "+r.dist+suffix+"(y | "+r.args+");"), data), full, rng)
			checkModel(t, compileSource(t, model("y ~ "+r.dist+"("+r.args+");"), data),
				func(q []float64) float64 { return full(q) - r.dropped }, rng)
		})
	}
}

func jsonList(x []float64) string {
	s := make([]string, len(x))
	for i, v := range x {
		s[i] = fmt.Sprint(v)
	}
	return "[" + strings.Join(s, ", ") + "]"
}

// TestBreadthFunctionsFromModels lowers each function added for breadth
// in a model `target += <expr>` over parameters x (real) and v (vector[3])
// and a 2×2 matrix M filled from z (vector[4]) row by row, and checks the
// value and gradient against the same expression written in Go.
func TestBreadthFunctionsFromModels(t *testing.T) {
	w := []float64{0.5, -1.25, 2}
	type fn struct {
		expr string
		ref  func(x float64, v []float64, M [4]float64) float64
	}
	sum := func(x []float64) float64 {
		s := 0.0
		for _, v := range x {
			s += v
		}
		return s
	}
	mean := func(x []float64) float64 { return sum(x) / float64(len(x)) }
	variance := func(x []float64) float64 {
		m, s := mean(x), 0.0
		for _, v := range x {
			s += (v - m) * (v - m)
		}
		return s / float64(len(x)-1)
	}
	lse := func(x []float64) float64 {
		s := 0.0
		for _, v := range x {
			s += math.Exp(v)
		}
		return math.Log(s)
	}
	mul := func(A, B [4]float64) [4]float64 {
		return [4]float64{A[0]*B[0] + A[1]*B[2], A[0]*B[1] + A[1]*B[3], A[2]*B[0] + A[3]*B[2], A[2]*B[1] + A[3]*B[3]}
	}
	tr := func(A [4]float64) [4]float64 { return [4]float64{A[0], A[2], A[1], A[3]} }
	msum := func(A [4]float64) float64 { return A[0] + 2*A[1] - A[2] + 0.5*A[3] }
	fns := []fn{
		{"sin(x) + cos(x) + tan(x / 4) + atan(x)", func(x float64, v []float64, M [4]float64) float64 {
			return math.Sin(x) + math.Cos(x) + math.Tan(x/4) + math.Atan(x)
		}},
		// Φ(x) = (1 + erf(x/√2))/2 (Abramowitz & Stegun 26.2.29)
		{"erf(x) + erfc(x) + Phi(x) + Phi_approx(x)", func(x float64, v []float64, M [4]float64) float64 {
			return math.Erf(x) + math.Erfc(x) + 0.5*(1+math.Erf(x/math.Sqrt2)) + 1/(1+math.Exp(-(0.07056*x*x*x+1.5976*x)))
		}},
		{"sum(log1m_exp(-exp(v))) + log_diff_exp(x + 1, x)", func(x float64, v []float64, M [4]float64) float64 {
			s := math.Log(math.Exp(x+1) - math.Exp(x))
			for _, u := range v {
				s += math.Log(1 - math.Exp(-math.Exp(u)))
			}
			return s
		}},
		{"lbeta(exp(x), 2.5) + lchoose(exp(x) + 5, 2.5)", func(x float64, v []float64, M [4]float64) float64 {
			lg := func(z float64) float64 { r, _ := math.Lgamma(z); return r }
			a, n := math.Exp(x), math.Exp(x)+5
			return lg(a) + lg(2.5) - lg(a+2.5) + lg(n+1) - lg(3.5) - lg(n-1.5)
		}},
		{"step(x) * x + fma(x, v[1], v[2]) + fmax(x, 0.1) + max(x, 0.3) + min(x, v[3])", func(x float64, v []float64, M [4]float64) float64 {
			st := 1.0
			if x < 0 {
				st = 0
			}
			return st*x + x*v[0] + v[1] + math.Max(x, 0.1) + math.Max(x, 0.3) + math.Min(x, v[2])
		}},
		// the composed functions of calls.go that the breadth list names
		{"log1m(inv_logit(x)) + inv_sqrt(exp(x)) + logit(inv_logit(x)) + pow(exp(x), 1.5) + fmin(x, 0.2) + log_mix(0.3, x, -x) + mean(v) + dot_self(v) + log_sum_exp(v) + log_sum_exp(x, 1)",
			func(x float64, v []float64, M [4]float64) float64 {
				return math.Log(1-library.InvLogit(x)) + math.Exp(-x/2) + x + math.Exp(1.5*x) + math.Min(x, 0.2) +
					math.Log(0.3*math.Exp(x)+0.7*math.Exp(-x)) + mean(v) + v[0]*v[0] + v[1]*v[1] + v[2]*v[2] + lse(v) + math.Log(math.Exp(x)+math.E)
			}},
		{"prod(v) + max(v) + min(v) + variance(v) + sd(v)", func(x float64, v []float64, M [4]float64) float64 {
			return v[0]*v[1]*v[2] + math.Max(v[0], math.Max(v[1], v[2])) + math.Min(v[0], math.Min(v[1], v[2])) + variance(v) + math.Sqrt(variance(v))
		}},
		{"dot_product(w, softmax(v)) + dot_product(w, log_softmax(v)) + dot_product(w, cumulative_sum(v))", func(x float64, v []float64, M [4]float64) float64 {
			l, s, c := lse(v), 0.0, 0.0
			for i, u := range v {
				c += u
				s += w[i]*math.Exp(u-l) + w[i]*(u-l) + w[i]*c
			}
			return s
		}},
		{"sum(rows_dot_product(M, M)) * 0.5 + sum(columns_dot_product(M, M .* M)) + sum(diagonal(M))", func(x float64, v []float64, M [4]float64) float64 {
			s := 0.0
			for _, m := range M {
				s += 0.5*m*m + m*m*m
			}
			return s + M[0] + M[3]
		}},
		{"sum(diag_pre_multiply(v[1:2], M)) + sum(diag_post_multiply(M, v[2:3]))", func(x float64, v []float64, M [4]float64) float64 {
			return v[0]*(M[0]+M[1]) + v[1]*(M[2]+M[3]) + (M[0]+M[2])*v[1] + (M[1]+M[3])*v[2]
		}},
		{"quad_form(M, v[1:2]) + sum(quad_form(M, M))", func(x float64, v []float64, M [4]float64) float64 {
			a, b := v[0], v[1]
			q := a*(M[0]*a+M[1]*b) + b*(M[2]*a+M[3]*b)
			Q := mul(tr(M), mul(M, M))
			return q + Q[0] + Q[1] + Q[2] + Q[3]
		}},
		{"S[1,1] + 2 * S[1,2] - S[2,1] + 0.5 * S[2,2]", func(x float64, v []float64, M [4]float64) float64 {
			L := [4]float64{M[0], 0, M[2], M[3]}
			return msum(mul(L, tr(L)))
		}},
		// forward substitution by hand: x1 = b1/L11, x2 = (b2 - L21 x1)/L22
		{"dot_product(w[1:2], mdivide_left_tri_low(P, v[1:2])) + log_determinant(S2)", func(x float64, v []float64, M [4]float64) float64 {
			P := [4]float64{math.Exp(M[0]), 0, M[2], math.Exp(M[3])}
			x1 := v[0] / P[0]
			x2 := (v[1] - P[2]*x1) / P[3]
			S2 := mul(P, tr(P))
			return w[0]*x1 + w[1]*x2 + math.Log(S2[0]*S2[3]-S2[1]*S2[2])
		}},
		// a non-symmetric matrix with a negative determinant: log|det|
		{"log_determinant(M + diag_matrix(d2))", func(x float64, v []float64, M [4]float64) float64 {
			return math.Log(math.Abs((M[0]+3)*(M[3]-3) - M[1]*M[2]))
		}},
		{"log_determinant(P) * 0 + log_determinant(W)", func(x float64, v []float64, M [4]float64) float64 {
			return math.Log(6) // |det [[0, 2], [3, 1]]| = 6: needs a row exchange
		}},
		// the inverse of [[a, b], [c, d]] is [[d, -b], [-c, a]] / (ad - bc)
		{"sum(inverse(M + diag_matrix(d2)) * [1, 2]')", func(x float64, v []float64, M [4]float64) float64 {
			a, b, c, d := M[0]+3, M[1], M[2], M[3]-3
			det := a*d - b*c
			return (d - 2*b - c + 2*a) / det
		}},
		// back substitution by hand: x L = b, x2 = b2/L22, x1 = (b1 - x2 L21)/L11
		{"dot_product(w[1:2], mdivide_right_tri_low(v[1:2]', P))", func(x float64, v []float64, M [4]float64) float64 {
			P := [4]float64{math.Exp(M[0]), 0, M[2], math.Exp(M[3])}
			x2 := v[1] / P[3]
			x1 := (v[0] - x2*P[2]) / P[0]
			return w[0]*x1 + w[1]*x2
		}},
		{"log_mix(softmax(v), w)", func(x float64, v []float64, M [4]float64) float64 {
			s := 0.0
			for i, u := range v {
				s += math.Exp(u-lse(v)) * math.Exp(w[i])
			}
			return math.Log(s)
		}},
	}
	rng := rand.New(rand.NewPCG(61, 62))
	for _, f := range fns {
		t.Run(f.expr, func(t *testing.T) {
			src := `data { vector[3] w; matrix[2, 2] W; vector[2] d2; }
parameters { real x; vector[3] v; vector[4] z; }
model {
  matrix[2, 2] M;
  matrix[2, 2] P;
  M[1, 1] = z[1]; M[1, 2] = z[2]; M[2, 1] = z[3]; M[2, 2] = z[4];
  P[1, 1] = exp(z[1]); P[1, 2] = 0; P[2, 1] = z[3]; P[2, 2] = exp(z[4]);
  matrix[2, 2] S = multiply_lower_tri_self_transpose(M);
  matrix[2, 2] S2 = multiply_lower_tri_self_transpose(P);
  target += ` + f.expr + `;
}
`
			m := compileSource(t, src, fmt.Sprintf(`{"w": %s, "W": [[0, 2], [3, 1]], "d2": [3, -3]}`, jsonList(w)))
			checkModel(t, m, func(q []float64) float64 {
				return f.ref(q[0], q[1:4], [4]float64{q[4], q[5], q[6], q[7]})
			}, rng)
		})
	}
}

// TestBreadthMultivariateFromModels checks the multivariate families
// lowered from the library's formulas against references computed here:
// categorical against gonum's distuv.Categorical, multinomial from softmax
// probabilities, ordered_logistic
// from differences of inv_logit (Functions Reference, "Ordered logistic
// distribution"), multi_normal through gonum's mat.Cholesky.
func TestBreadthMultivariateFromModels(t *testing.T) {
	ks := []float64{1, 3, 3, 2, 1}
	counts := []float64{2, 0, 5}
	softmax := func(v []float64) []float64 {
		m := math.Max(v[0], math.Max(v[1], v[2]))
		s := 0.0
		out := make([]float64, 3)
		for i, u := range v {
			out[i] = math.Exp(u - m)
			s += out[i]
		}
		for i := range out {
			out[i] /= s
		}
		return out
	}
	lg := func(z float64) float64 { r, _ := math.Lgamma(z); return r }
	sigma := []float64{1.0, 0.3, 0.3, 0.5}
	ko := []float64{1, 3, 4, 2, 3}
	xo := []float64{0.5, -1, 2, 0.1, 1.5}
	// cutpoints a < a + exp(b) < a + exp(b) + exp(v[3]): K = 4 categories
	cut4 := "vector[3] cut; cut[1] = a; cut[2] = a + exp(b); cut[3] = cut[2] + exp(v[3]);\n  "
	olRef := func(q []float64, eta func(i int) float64) float64 {
		c := []float64{q[3], q[3] + math.Exp(q[4]), q[3] + math.Exp(q[4]) + math.Exp(q[2])}
		s := 0.0
		for i, k := range ko {
			e := eta(i)
			// P(y = k) = P(η + ε > c_{k-1}) - P(η + ε > c_k), ε standard logistic
			above := func(j int) float64 {
				switch {
				case j == 0:
					return 1
				case j == 4:
					return 0
				}
				return library.InvLogit(e - c[j-1])
			}
			s += math.Log(above(int(k)-1) - above(int(k)))
		}
		return s
	}
	y2 := []float64{0.4, -0.8}
	mvnRef := func(y2 []float64, q []float64) float64 {
		// -r'Σ⁻¹r/2 - log det Σ/2 - log(2π), Σ factored by gonum's mat.Cholesky
		// (distmv.Normal would need golang.org/x/tools in go.sum)
		S := mat.NewSymDense(2, []float64{sigma[0], sigma[1], sigma[2], sigma[3]})
		S.ScaleSym(math.Exp(2*q[3]), S)
		var ch mat.Cholesky
		if !ch.Factorize(S) {
			return math.NaN()
		}
		r := mat.NewVecDense(2, []float64{y2[0] - q[0], y2[1] - q[1]})
		var z mat.VecDense
		if err := ch.SolveVecTo(&z, r); err != nil {
			return math.NaN()
		}
		return -0.5*mat.Dot(r, &z) - 0.5*ch.LogDet() - 2*library.HalfLog2Pi
	}
	tests := []struct {
		name, model string
		ref         func(q []float64) float64
	}{
		{"categorical", "target += categorical_lpmf(k | softmax(v));", func(q []float64) float64 {
			c, s := distuv.NewCategorical(softmax(q[0:3]), nil), 0.0
			for _, k := range ks {
				s += c.LogProb(k - 1) // distuv.Categorical counts from 0
			}
			return s
		}},
		{"categorical_logit", "k ~ categorical_logit(v);", func(q []float64) float64 {
			p, s := softmax(q[0:3]), 0.0
			for _, k := range ks {
				s += math.Log(p[int(k)-1])
			}
			return s
		}},
		{"multinomial", "target += multinomial_lpmf(c | softmax(v));", func(q []float64) float64 {
			p, s := softmax(q[0:3]), lg(8)
			for i, c := range counts {
				s += c*math.Log(p[i]) - lg(c+1)
			}
			return s
		}},
		{"multinomial ~", "c ~ multinomial(softmax(v));", func(q []float64) float64 {
			p, s := softmax(q[0:3]), 0.0
			for i, c := range counts {
				s += c * math.Log(p[i])
			}
			return s
		}},
		{"ordered_logistic vector", cut4 + "ko ~ ordered_logistic(xo * v[1] + v[2], cut);", func(q []float64) float64 {
			return olRef(q, func(i int) float64 { return xo[i]*q[0] + q[1] })
		}},
		{"ordered_logistic scalar", cut4 + "target += ordered_logistic_lpmf(ko | v[1], cut);", func(q []float64) float64 {
			return olRef(q, func(i int) float64 { return q[0] })
		}},
		{"ordered_logistic loop", cut4 + "for (i in 1:5) ko[i] ~ ordered_logistic(xo[i] * v[1] + v[2], cut);", func(q []float64) float64 {
			return olRef(q, func(i int) float64 { return xo[i]*q[0] + q[1] })
		}},
		{"categorical loop", "for (i in 1:5) k[i] ~ categorical(softmax(v));", func(q []float64) float64 {
			p, s := softmax(q[0:3]), 0.0
			for _, k := range ks {
				s += math.Log(p[int(k)-1])
			}
			return s
		}},
		{"multi_normal array", "array[2] vector[2] ys; ys[1] = y2; ys[2] = y2 * 2;\n  target += multi_normal_lpdf(ys | v[1:2], exp(2 * a) * Sigma);", func(q []float64) float64 {
			return mvnRef(y2, q) + mvnRef([]float64{2 * y2[0], 2 * y2[1]}, q)
		}},
		{"multi_normal", "target += multi_normal_lpdf(y2 | v[1:2], exp(2 * a) * Sigma);", func(q []float64) float64 {
			return mvnRef(y2, q)
		}},
		{"multi_normal_cholesky array", "array[2] vector[2] ys; ys[1] = y2; ys[2] = y2 * 2;\n  target += multi_normal_cholesky_lpdf(ys | v[1:2], exp(a) * cholesky_decompose(Sigma));", func(q []float64) float64 {
			return mvnRef(y2, q) + mvnRef([]float64{2 * y2[0], 2 * y2[1]}, q)
		}},
	}
	rng := rand.New(rand.NewPCG(71, 72))
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			src := fmt.Sprintf(`data { array[5] int k; array[5] int ko; vector[5] xo; array[3] int c; vector[2] y2; matrix[2, 2] Sigma; }
parameters { vector[3] v; real a; real b; }
model {
  %s
}
`, tc.model)
			data := fmt.Sprintf(`{"k": %s, "ko": %s, "xo": %s, "c": %s, "y2": %s, "Sigma": [[1.0, 0.3], [0.3, 0.5]]}`,
				jsonList(ks), jsonList(ko), jsonList(xo), jsonList(counts), jsonList(y2))
			checkModel(t, compileSource(t, src, data), tc.ref, rng)
		})
	}
}

// TestLkjFromModels checks lkj_corr and lkj_corr_cholesky of data matrices
// with a parameter shape η = exp(a) against the normalising constant
// integrated numerically here: for K = 2, c_2(η) = ∫_{-1}^{1} (1-r²)^(η-1) dr
// (Simpson's rule on r = sin θ, which removes the endpoint singularity).
// (The library's table test checks c_3 against the volume of the 3 x 3
// correlation matrices.)
func TestLkjFromModels(t *testing.T) {
	c2 := func(eta float64) float64 { // ∫ cos(θ)^(2η-1) dθ over (-π/2, π/2)
		const n = 2000
		h := math.Pi / n
		s := 0.0
		for i := 0; i <= n; i++ {
			th := -math.Pi/2 + float64(i)*h
			f := math.Pow(math.Cos(th), 2*eta-1)
			switch {
			case i == 0 || i == n:
			case i%2 == 1:
				s += 4 * f
			default:
				s += 2 * f
			}
		}
		return s * h / 3
	}
	r := 0.35
	src := `data { matrix[2, 2] O; matrix[2, 2] L; }
parameters { real a; }
model {
  target += lkj_corr_lpdf(O | exp(a)) + lkj_corr_cholesky_lpdf(L | exp(a));
}
`
	data := fmt.Sprintf(`{"O": [[1, %v], [%v, 1]], "L": [[1, 0], [%v, %v]]}`, r, r, r, math.Sqrt(1-r*r))
	m := compileSource(t, src, data)
	k := m.NewKernel()
	g := make([]float64, 1)
	// η = 1, 1.5, 2.5: cos^(2η-1) is smooth and periodic, so Simpson's rule
	// converges geometrically.
	for _, eta := range []float64{1, 1.5, 2.5} {
		a := math.Log(eta)
		// lkj_corr: (η-1) log(1-r²) - log c_2; lkj_corr_cholesky: (2η-2) log L_22 - log c_2
		want := 2 * ((eta-1)*math.Log(1-r*r) - math.Log(c2(eta)))
		if lp := k.LogDensityGrad(g, []float64{a}); math.Abs(lp-want) > 1e-6 {
			t.Errorf("η = %v: lp %.12g, numerical integration %.12g", eta, lp, want)
		}
		lpAt := func(q []float64) float64 { return k.LogDensityGrad(make([]float64, 1), q) }
		if fd := centralFD(lpAt, []float64{a}, 0); math.Abs(g[0]-fd) > 1e-6*math.Max(1, math.Abs(fd)) {
			t.Errorf("η = %v: d/da = %.12g, finite difference %.12g", eta, g[0], fd)
		}
	}
}

// TestBreadthLoopMatchesVectorised: a `~` statement inside a loop over the
// outcomes (which the lowering vectorises, or unrolls) gives the same log
// density and gradient as the vectorised statement.
func TestBreadthLoopMatchesVectorised(t *testing.T) {
	tests := []struct{ vectorised, loop string }{
		{"y ~ neg_binomial_2_log(v, exp(a));", "for (i in 1:4) y[i] ~ neg_binomial_2_log(v[i], exp(a));"},
		{"y ~ binomial(T, inv_logit(v));", "for (i in 1:4) y[i] ~ binomial(T[i], inv_logit(v[i]));"},
		{"yr ~ weibull(exp(a), exp(v));", "for (i in 1:4) yr[i] ~ weibull(exp(a), exp(v[i]));"},
		{"yr ~ scaled_inv_chi_square(exp(v), exp(a));", "for (i in 1:4) yr[i] ~ scaled_inv_chi_square(exp(v[i]), exp(a));"},
		{"y ~ ordered_logistic(v, c);", "for (i in 1:4) y[i] ~ ordered_logistic(v[i], c);"},
	}
	data := fmt.Sprintf(`{"y": [1, 3, 2, 5], "T": %s, "yr": %s}`, jsonList(yTrial), jsonList(yReal))
	rng := rand.New(rand.NewPCG(81, 82))
	for _, tc := range tests {
		t.Run(tc.vectorised, func(t *testing.T) {
			src := func(stmt string) string {
				return `data { array[4] int y; array[4] int T; vector[4] yr; }
parameters { real a; vector[4] v; }
model {
  vector[5] c = [-1, 0, 0.5, 1.5, 2]';
  ` + stmt + `
}
`
			}
			kv := compileSource(t, src(tc.vectorised), data).NewKernel()
			kl := compileSource(t, src(tc.loop), data).NewKernel()
			gv, gl := make([]float64, 5), make([]float64, 5)
			for point := 0; point < 3; point++ {
				q := randomPoint(rng, 5)
				lv, ll := kv.LogDensityGrad(gv, q), kl.LogDensityGrad(gl, q)
				if math.IsNaN(lv) || math.Abs(lv-ll) > 1e-11*math.Max(1, math.Abs(lv)) {
					t.Errorf("q %v: vectorised lp %.15g, loop %.15g", q, lv, ll)
				}
				for i := range gv {
					if math.Abs(gv[i]-gl[i]) > 1e-11*math.Max(1, math.Abs(gv[i])) {
						t.Errorf("q %v: d/dq[%d] vectorised %.15g, loop %.15g", q, i, gv[i], gl[i])
					}
				}
			}
		})
	}
}

// TestLkjCholeskyJacobian: lkj_corr_cholesky_lpdf(L | η) is
// lkj_corr_lpdf(L L' | η) plus the log Jacobian Σ_i (K - i) log L_ii of
// Ω -> L (1-based i; Stan Reference Manual, "Cholesky factors of
// correlation matrices"), for every η; and with L and Ω parameters the
// gradient (transforms included) agrees with finite differences.
func TestLkjCholeskyJacobian(t *testing.T) {
	r, s, u := 0.3, -0.2, 0.5
	L := []float64{1, 0, 0, r, math.Sqrt(1 - r*r), 0, s, u, math.Sqrt(1 - s*s - u*u)}
	src := `data { matrix[3, 3] L; }
parameters { real a; }
model {
  target += lkj_corr_cholesky_lpdf(L | exp(a)) - lkj_corr_lpdf(multiply_lower_tri_self_transpose(L) | exp(a));
}
`
	data := fmt.Sprintf(`{"L": [[%v, %v, %v], [%v, %v, %v], [%v, %v, %v]]}`, L[0], L[1], L[2], L[3], L[4], L[5], L[6], L[7], L[8])
	k := compileSource(t, src, data).NewKernel()
	want := 1 * math.Log(L[4]) // (K - 2) log L_22 + (K - 3) log L_33
	g := make([]float64, 1)
	for _, a := range []float64{-0.5, 0, 1.1} {
		if lp := k.LogDensityGrad(g, []float64{a}); math.Abs(lp-want) > 1e-12 || math.Abs(g[0]) > 1e-12 {
			t.Errorf("a = %v: difference %.15g (gradient %v), want %.15g (gradient 0)", a, lp, g[0], want)
		}
	}
	m := compileSource(t, `parameters { cholesky_factor_corr[3] Lp; corr_matrix[3] O; real a; }
model {
  Lp ~ lkj_corr_cholesky(exp(a));
  O ~ lkj_corr(exp(a));
  a ~ normal(0, 1);
}
`, "{}")
	kp := m.NewKernel()
	rng := rand.New(rand.NewPCG(91, 92))
	gp := make([]float64, kp.Dim())
	f := func(q []float64) float64 { return kp.LogDensityGrad(make([]float64, len(q)), q) }
	for point := 0; point < 3; point++ {
		q := randomPoint(rng, kp.Dim())
		if lp := kp.LogDensityGrad(gp, q); math.IsNaN(lp) || math.IsInf(lp, 0) {
			t.Fatalf("lp at %v is %v", q, lp)
		}
		g := append([]float64(nil), gp...)
		for i := range q {
			if fd := centralFD(f, q, i); math.Abs(g[i]-fd) > 1e-6*math.Max(1, math.Abs(fd)) {
				t.Errorf("q %v: d/dq[%d] = %.12g, finite difference %.12g", q, i, g[i], fd)
			}
		}
	}
}
