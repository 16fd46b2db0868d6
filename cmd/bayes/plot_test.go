package main

import (
	"bytes"
	"encoding/xml"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestPlotWritesFiles draws every kind from the funnel fixture and checks
// that bayes plot prints one path per kind and that each file decodes: a
// PNG of a plausible size, or an SVG document.
func TestPlotWritesFiles(t *testing.T) {
	run := filepath.Join(repoRoot, summaryFixtures, "funnel")
	tests := []struct {
		name   string
		args   []string
		format string
		kinds  []string
	}{
		{"all_png", []string{"--kind", "trace,rank,density,pairs,energy,acf", "--vars", "theta[1],log(tau)"},
			"png", []string{"trace", "rank", "density", "pairs", "energy", "acf"}},
		{"defaults", nil, "png", []string{"trace", "rank", "density", "pairs", "energy", "acf"}},
		{"svg", []string{"--kind", "pairs", "--vars", "theta[1],log(tau)", "--image-format", "svg"}, "svg", []string{"pairs"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := t.TempDir()
			args := append([]string{"plot", run, "--output-dir", out}, tt.args...)
			stdout, stderr, code := bayes(args...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			var want []string
			for _, k := range tt.kinds {
				want = append(want, filepath.Join(out, k+"."+tt.format))
			}
			if got := strings.Fields(stdout); !slices.Equal(got, want) {
				t.Errorf("printed %q; want %q", got, want)
			}
			for _, path := range want {
				checkImage(t, path, tt.format)
			}
		})
	}
}

// TestPlotDefaultOut checks that without --output-dir the plots go beside the
// CSV files.
func TestPlotDefaultOut(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"ok_1.csv", "ok_2.csv"} {
		data, err := os.ReadFile(filepath.Join(repoRoot, summaryFixtures, "ok", f))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, f), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	stdout, stderr, code := bayes("plot", dir, "--kind", "trace")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	want := filepath.Join(dir, "trace.png")
	if strings.TrimSpace(stdout) != want {
		t.Errorf("printed %q; want %q", stdout, want)
	}
	checkImage(t, want, "png")
}

// checkImage decodes the file at path: a PNG at least 600x200 px (figures
// are 8 in wide or more at 96 dpi, 768 px; a row of panels is less high),
// or an XML document whose root is <svg>.
func checkImage(t *testing.T, path, format string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	switch format {
	case "png":
		img, err := png.Decode(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		if b := img.Bounds(); b.Dx() < 600 || b.Dy() < 200 {
			t.Errorf("%s: %dx%d px; want at least 600x200", path, b.Dx(), b.Dy())
		}
	case "svg":
		dec := xml.NewDecoder(bytes.NewReader(data))
		for {
			tok, err := dec.Token()
			if err == io.EOF {
				t.Fatalf("%s: no <svg> element", path)
			}
			if err != nil {
				t.Fatalf("%s: not XML: %v", path, err)
			}
			if el, ok := tok.(xml.StartElement); ok {
				if el.Name.Local != "svg" {
					t.Errorf("%s: root element <%s>; want <svg>", path, el.Name.Local)
				}
				break
			}
		}
	}
}

func TestPlotGolden(t *testing.T) {
	fx := func(p string) string { return summaryFixtures + "/" + p }
	runCLIGoldens(t, "plot", []cliCase{
		{"unknown_kind", []string{"plot", fx("ok"), "--kind", "trace,histogram"}},
		{"bad_format", []string{"plot", fx("ok"), "--image-format", "jpg"}},
		{"unknown_var", []string{"plot", fx("funnel"), "--kind", "trace", "--vars", "thetta"}},
		{"log_of_negative", []string{"plot", fx("funnel"), "--kind", "pairs", "--vars", "tau,log(mu)"}},
		{"missing_file", []string{"plot", fx("nope")}},
		{"no_args", []string{"plot"}},
	})
}

func TestSplitSpecs(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"", nil},
		{"tau", []string{"tau"}},
		{"theta[1],log(tau)", []string{"theta[1]", "log(tau)"}},
		{"Sigma[1,2],log(Sigma[2,2]),mu", []string{"Sigma[1,2]", "log(Sigma[2,2])", "mu"}},
		{"a,,b,", []string{"a", "b"}},
	}
	for _, tt := range tests {
		if got := splitSpecs(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("splitSpecs(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}
