package printer

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bayes-dev/bayes/lang"
	"github.com/bayes-dev/bayes/lang/internal/grammar"
)

// trailingComments lists the comments of src that follow code on their
// line, in order.
func trailingComments(src []byte) []string {
	var out []string
	for _, c := range grammar.Comments("", src) {
		if c.Trailing {
			out = append(out, c.Text)
		}
	}
	return out
}

// TestFormatKeepsTrailingComments formats the Stan programs of the corpus
// (../shared/corpus/posteriordb/*/model.stan, written by people, with
// comments at the ends of hundreds of lines: `int N; // observations`,
// `} // prior`) and requires every comment that ends a line of code to end
// a line of code in the output too, in the same order, besides the
// printer's round trip (same tree, fixed point).
func TestFormatKeepsTrailingComments(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(sharedDir(t), "corpus", "posteriordb", "*", "model.stan"))
	if len(files) == 0 {
		t.Skip("skipping: no corpus programs under ../shared/corpus/posteriordb")
	}
	total := 0
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		p, err := lang.Parse(f, src)
		if err != nil {
			continue // a program the parser does not take (functions, old syntax): TestBad's business
		}
		t.Run(filepath.Base(filepath.Dir(f)), func(t *testing.T) {
			out := checkRoundTrip(t, f, p)
			want, got := trailingComments(src), trailingComments(out)
			total += len(want)
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("comments at the ends of lines:\n got %q\nwant %q\n%s", got, want, out)
			}
		})
	}
	t.Logf("%d comments kept at the ends of their lines", total)
}
