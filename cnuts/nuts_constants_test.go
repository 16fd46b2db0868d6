package cnuts

import (
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestNUTSConstants: every constant of nutsConstants is written once, by
// nutsDefines, and used by the headers; nuts.h defines none of them
// itself (a second #define would silently win over package sampler's
// value) nor do chain.h, nutpie.h and dense.h; and each float is written as a C double literal that reads back
// as the same float64.
func TestNUTSConstants(t *testing.T) {
	defines := nutsDefines()
	headers := nutsH + denseH + nutpieH + chainH + entryH
	for _, c := range nutsConstants {
		t.Run(c.name, func(t *testing.T) {
			if regexp.MustCompile(`#\s*define\s+` + c.name + `\b`).MatchString(headers) {
				t.Errorf("a header (nuts.h, dense.h, nutpie.h, chain.h, entry.h) defines %s itself: leave it to nuts_constants.go", c.name)
			}
			if !regexp.MustCompile(`\b` + c.name + `\b`).MatchString(headers) {
				t.Errorf("no header (nuts.h, dense.h, nutpie.h, chain.h, entry.h) uses %s: drop the row", c.name)
			}
			m := regexp.MustCompile(`(?m)^#define ` + c.name + ` (.+)$`).FindStringSubmatch(defines)
			if m == nil {
				t.Fatalf("nutsDefines has no #define %s:\n%s", c.name, defines)
			}
			lit := strings.Trim(m[1], "()")
			switch want := c.value.(type) {
			case float64:
				got, err := strconv.ParseFloat(lit, 64)
				if err != nil || got != want || !strings.ContainsAny(lit, ".e") {
					t.Errorf("#define %s %s: want a double literal of %v", c.name, m[1], want)
				}
			case int:
				if got, err := strconv.Atoi(lit); err != nil || got != want {
					t.Errorf("#define %s %s: want the int %d", c.name, m[1], want)
				}
			}
		})
	}
}

// TestCDouble: C double literals for the kinds of values a constant takes.
func TestCDouble(t *testing.T) {
	for _, c := range []struct {
		x    float64
		want string
	}{
		{1000, "1000.0"},
		{0.05, "0.05"},
		{1e7, "1e+07"},
		{1e-3, "0.001"},
		{math.Log(0.8), "(-0.2231435513142097)"},
		{-2, "(-2.0)"},
	} {
		if got := cDouble(c.x); got != c.want {
			t.Errorf("cDouble(%v) = %s, want %s", c.x, got, c.want)
		}
	}
}
