package main

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/bayes-dev/bayes/lang"
)

// TestFunctionsMDUpToDate fails when docs/functions.md is not what funcref
// writes from the registry: run go generate ./internal/funcref.
func TestFunctionsMDUpToDate(t *testing.T) {
	have, err := os.ReadFile("../../docs/functions.md")
	if err != nil {
		t.Fatal(err)
	}
	if want := reference(); !bytes.Equal(have, want) {
		t.Error("docs/functions.md is stale: run go generate ./internal/funcref")
	}
}

// TestEveryFunctionListed: each built-in has its section, and every
// overload its line.
func TestEveryFunctionListed(t *testing.T) {
	text := string(reference())
	for _, name := range lang.FuncNames() {
		sec := "\n## `" + name + "`\n"
		i := strings.Index(text, sec)
		if i < 0 {
			t.Errorf("%s: no section", name)
			continue
		}
		body := text[i+len(sec):]
		if j := strings.Index(body, "\n## "); j >= 0 {
			body = body[:j]
		}
		if n, want := strings.Count(body, "\n- `"), len(lang.LookupFunc(name).Overloads); n != want {
			t.Errorf("%s: %d signatures listed, %d overloads", name, n, want)
		}
	}
}
