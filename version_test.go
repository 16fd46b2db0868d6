package bayes

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSampleCSVNamesBayes: the Stan CSV header says which bayes wrote it,
// as CmdStan's says which Stan did.
func TestSampleCSVNamesBayes(t *testing.T) {
	req := schools(t)
	req.OutputDir = t.TempDir()
	if _, err := Sample(context.Background(), req); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(req.OutputDir, "eight_schools_noncentered_1.csv"))
	if err != nil {
		t.Fatal(err)
	}
	want := "# stan_version_patch = 0\n# bayes_version = " + Version() + "\n# bayes_commit = " + Commit() + "\n# model = "
	if !strings.Contains(string(b), want) || Version() == "" || Commit() == "" {
		t.Errorf("the CSV header lacks\n%s\nit begins\n%.300s", want, b)
	}
}
