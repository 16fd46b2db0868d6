package mvdists

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/bayes-dev/bayes/library"
	"github.com/bayes-dev/bayes/library/librarytest"
)

// TestBernoulliLogitGlmRngRowVector: bernoulli_logit_glm_rng of a row
// vector x is one draw, that of the 1 x K matrix with the same row (Stan
// Math's M = x.rows() = 1), from the same stream the same draw; more
// intercepts than that one row is the size error of glmEta.
func TestBernoulliLogitGlmRngRowVector(t *testing.T) {
	row := librarytest.Vec(1, -2, 0.5)
	mat := library.Tensor{Dims: []int{1, 3}, X: row.X}
	beta := librarytest.Vec(0.3, 0.1, -1)
	for _, alpha := range []library.Tensor{library.Scalar(0.2), librarytest.Vec(-0.4)} {
		for seed := range uint64(20) {
			got, err := BernoulliLogitGlm.Rng(rand.New(rand.NewPCG(seed, 1)), []library.Tensor{row, alpha, beta})
			if err != nil {
				t.Fatal(err)
			}
			want, err := BernoulliLogitGlm.Rng(rand.New(rand.NewPCG(seed, 1)), []library.Tensor{mat, alpha, beta})
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got.Dims, []int{1}) || !slices.Equal(got.X, want.X) {
				t.Errorf("seed %d, α %v: row vector draws %v %v, 1 x 3 matrix %v", seed, alpha.X, got.Dims, got.X, want.X)
			}
		}
	}
	_, err := BernoulliLogitGlm.Rng(rand.New(rand.NewPCG(1, 1)), []library.Tensor{row, librarytest.Vec(1, 2), beta})
	if err == nil || !strings.Contains(err.Error(), "2 intercepts for 1 rows") {
		t.Errorf("two intercepts for a row vector: %v", err)
	}
}
