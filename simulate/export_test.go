package simulate

import "github.com/bayes-dev/bayes/lang"

// MeanVar gives the external tests (package simulate_test, which may
// import package data) the mean and variance of Draws' summaries.
var MeanVar = meanVar

// General makes g run every statement by the interpreter's general path:
// a read hook turns the scalar fast path (fast.go) off, so that a test can
// compare the two.
func General(g *Generator) { g.m.read = func(*lang.VarDecl, []int) {} }
