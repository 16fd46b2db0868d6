package printer

import (
	"fmt"
	"reflect"

	"github.com/bayes-dev/bayes/lang"
)

// astDiff compares two trees structurally and returns "" when they are equal,
// else the path to the first difference. It ignores what a round trip through
// the printer cannot keep and what only the checker sets: positions (every
// field of type Pos, DistPos included), expression types (Typed), resolved
// declarations and signatures (Ident.Decl, Sig), a foreach's element type and
// the file name.
func astDiff(a, b any) string {
	return diffValue("", reflect.ValueOf(a), reflect.ValueOf(b))
}

var (
	posType   = reflect.TypeOf(lang.Pos{})
	typedType = reflect.TypeOf(lang.Typed{})
)

// ignoredFields are the checker-set fields and the file name, by struct field name.
var ignoredFields = map[string]bool{"Decl": true, "Sig": true, "Fn": true, "Def": true, "ElemType": true, "File": true, "Src": true}

func diffValue(path string, a, b reflect.Value) string {
	if a.IsValid() != b.IsValid() {
		return fmt.Sprintf("%s: one side is missing", path)
	}
	if !a.IsValid() {
		return ""
	}
	if a.Type() != b.Type() {
		return fmt.Sprintf("%s: %v vs %v", path, a.Type(), b.Type())
	}
	switch a.Kind() {
	case reflect.Pointer, reflect.Interface:
		if a.IsNil() || b.IsNil() {
			if a.IsNil() != b.IsNil() {
				return fmt.Sprintf("%s: nil vs non-nil (%v vs %v)", path, a, b)
			}
			return ""
		}
		return diffValue(path, a.Elem(), b.Elem())
	case reflect.Struct:
		t := a.Type()
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			if f.Type == posType || f.Type == typedType || ignoredFields[f.Name] {
				continue
			}
			if d := diffValue(path+"."+f.Name, a.Field(i), b.Field(i)); d != "" {
				return d
			}
		}
		return ""
	case reflect.Slice, reflect.Array:
		// A nil and an empty slice are the same tree.
		if a.Len() != b.Len() {
			return fmt.Sprintf("%s: length %d vs %d", path, a.Len(), b.Len())
		}
		for i := 0; i < a.Len(); i++ {
			if d := diffValue(fmt.Sprintf("%s[%d]", path, i), a.Index(i), b.Index(i)); d != "" {
				return d
			}
		}
		return ""
	case reflect.String:
		if a.String() != b.String() {
			return fmt.Sprintf("%s: %q vs %q", path, a.String(), b.String())
		}
		return ""
	case reflect.Float32, reflect.Float64:
		x, y := a.Float(), b.Float()
		if x != y && (x == x || y == y) { // NaN equals NaN here
			return fmt.Sprintf("%s: %v vs %v", path, x, y)
		}
		return ""
	default:
		if !a.Equal(b) {
			return fmt.Sprintf("%s: %v vs %v", path, a, b)
		}
		return ""
	}
}
