package emit

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"

	"github.com/bayes-dev/bayes/compiler/ir"
)

// Single-precision emission (Options.Float32), for `bayes sample
// --precision 32` on the GPU: an H100 runs float arithmetic at twice the
// double rate, and a large-data model (cnuts.RegimeData) moves half the bytes.
// The unit's values, data, workspace and reduction scratch are float; its
// entry points keep their double interfaces, so the sampler stays in
// double: each function converts q into the first Dim floats of ws
// (convertQ) and writes grad, out and the log density back as double.
//
// The prelude is shared: it is written over bayes_real, BAYES_R(literal)
// and BAYES_M(function) (emit_c_prelude.h), which the #define
// BAYES_FLOAT32 before it turns to float, 0.5f and expf. The op table's
// templates are written for double (ir's ops.go, field C); setPrecision
// rewrites each once per unit: its math.h calls by cFloatCalls, its
// decimal literals with the f suffix. A template that calls a function
// outside that table and the prelude's bayes_* is an emitter error, not a
// silent promotion to double.

// cFloatCalls maps each math.h function or constant that a template may
// name to its float form. C99 has every one (7.12); so has CUDA's device
// library, which is why the names are explicit rather than <tgmath.h>'s.
// lgammaf is the prelude's macro over bayes_lgamma, as lgamma is in double.
var cFloatCalls = map[string]string{
	"exp": "expf", "log": "logf", "log1p": "log1pf", "expm1": "expm1f",
	"sqrt": "sqrtf", "fabs": "fabsf", "lgamma": "lgammaf", "tanh": "tanhf",
	"pow": "powf", "sin": "sinf", "cos": "cosf", "tan": "tanf", "atan": "atanf",
	"erf": "erff", "erfc": "erfcf",
	"M_SQRT1_2": "((float)M_SQRT1_2)", "M_LN2": "((float)M_LN2)", "M_PI": "((float)M_PI)",
}

var (
	cIdentRx   = regexp.MustCompile(`\b[A-Za-z_][A-Za-z0-9_]*\b`)
	cDecimalRx = regexp.MustCompile(`(^|[^\w.$])([0-9]+\.[0-9]*(?:[eE][-+]?[0-9]+)?)`)
	cCallRx    = regexp.MustCompile(`\b([A-Za-z_][A-Za-z0-9_]*)\(`)
)

// setPrecision fixes the emitter's C type and rewrites the op templates.
func (e *cEmitter) setPrecision(float32 bool) {
	e.real, e.realSize, e.zero, e.qv = "double", 8, "0.0", "q"
	if float32 {
		e.real, e.realSize, e.zero, e.qv = "float", 4, "0.0f", "qf"
	}
	for op := range e.tmpl {
		info := ir.Op(op).Info()
		e.tmpl[op] = info.C
		if float32 && e.tmpl[op] != "" {
			e.tmpl[op] = floatTemplate(info.Name, info.C)
		}
	}
}

// floatTemplate is the double template code rewritten for float.
func floatTemplate(name, code string) string {
	code = cIdentRx.ReplaceAllStringFunc(code, func(id string) string {
		if f, ok := cFloatCalls[id]; ok {
			return f
		}
		return id
	})
	code = cDecimalRx.ReplaceAllString(code, "${1}${2}f")
	for _, m := range cCallRx.FindAllStringSubmatch(code, -1) {
		if !strings.HasPrefix(m[1], "bayes_") && !isFloatCall(m[1]) {
			ir.Bailf("%s: its C template calls %s, which has no float form (cFloatCalls)", name, m[1])
		}
	}
	return code
}

func isFloatCall(name string) bool {
	for _, f := range cFloatCalls {
		if f == name {
			return true
		}
	}
	return false
}

// lit is x as a literal of the unit's type.
func (e *cEmitter) lit(x float64) string {
	if e.realSize == 8 {
		return cLiteral(x)
	}
	return cLiteral32(x)
}

// cLiteral32 writes x rounded to float32 (to nearest; beyond float's
// range, ±Inf) as a C float literal that reads back exactly: the shortest
// round-trip decimal for float32 with the f suffix, negatives in
// parentheses, the non-finite as the prelude's macros.
func cLiteral32(x float64) string {
	y := float64(float32(x))
	if math.IsNaN(y) || math.IsInf(y, 0) {
		return cLiteral(y)
	}
	s := strconv.FormatFloat(y, 'g', -1, 32)
	if !strings.ContainsAny(s, ".e") {
		s += ".0"
	}
	s += "f"
	if y < 0 || (y == 0 && math.Signbit(y)) {
		return "(" + s + ")"
	}
	return s
}

// widen is a float expression converted explicitly to double where the
// unit writes grad, out or the return value; in double, expr itself.
func (e *cEmitter) widen(expr string) string {
	if e.realSize == 8 {
		return expr
	}
	return "(double)" + expr
}

// convertQ starts a float function: q, converted, becomes ws[0..dim),
// which the node code reads as qf. A group converts it strided and meets
// at a barrier, since a node may read any element of qf.
func (f *cFunc) convertQ(dim int) {
	if f.e.realSize == 8 {
		return
	}
	f.size = dim
	if f.coop != nil {
		fmt.Fprintf(f.w, "\tfloat *qf = ws;\n\tfor (int i = BAYES_TID; i < %d; i += BAYES_NT) qf[i] = (float)q[i];\n", dim)
		f.sync()
		return
	}
	fmt.Fprintf(f.w, "\tfloat *qf = ws;\n\tfor (int i = 0; i < %d; i++) qf[i] = (float)q[i];\n", dim)
}

// cFloat32Header starts a float unit: the #define that turns the prelude
// to float, or, where the caller writes the prelude (NoPrelude), a check
// that it has done so.
func cFloat32Header(noPrelude bool) string {
	if noPrelude {
		return "#ifndef BAYES_FLOAT32\n#error \"single-precision bayes code needs #define BAYES_FLOAT32 before the prelude\"\n#endif\n"
	}
	return "#define BAYES_FLOAT32 1\n"
}
