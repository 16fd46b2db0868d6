//go:build validate

package emit_test

// Under -tags validate the C equivalence test also compiles the models
// whose emitted C is slow to compile (slowCSource).
func init() { emitCAll = true }
