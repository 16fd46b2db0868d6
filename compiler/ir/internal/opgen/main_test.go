package main

import (
	"bytes"
	"os"
	"strings"
	"testing"
)

// TestOpsGenUpToDate fails when ir's ops_gen.go is not what opgen writes
// from ops.go: a row added, removed or moved without `go generate`.
func TestOpsGenUpToDate(t *testing.T) {
	src, err := os.ReadFile("../../ops.go")
	if err != nil {
		t.Fatal(err)
	}
	want, err := generate("../../ops.go", src)
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("../../ops_gen.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("ops_gen.go is stale: run go generate ./compiler/ir")
	}
}

// TestGenerate checks the constants and comments opgen writes, and its
// refusals, on small tables.
func TestGenerate(t *testing.T) {
	for _, c := range []struct {
		name, rows string
		want       string // lines of the const block, or the error's text
	}{
		{"rows in order", `
		OpInvalid: {Name: "invalid"},

		// Leaves.
		OpConst: {Name: "const"}, // a constant
		OpAdd: {Name: "add",
			C: "($0 + $1)"}, // not a comment of OpAdd's line
		// a comment between rows
		OpSum: {Name: "sum"},`,
			"\tOpInvalid Op = iota\n\n\t// Leaves.\n\tOpConst // a constant\n\tOpAdd\n\t// a comment between rows\n\tOpSum\n\tnumCoreOps\n"},
		{"zero op", `OpConst: {Name: "const"},`, "the first row is OpConst, want OpInvalid"},
		{"two rows", `OpInvalid: {}, OpAdd: {}, OpAdd: {},`, "OpAdd has two rows"},
		{"not a constant", `OpInvalid: {}, 3: {},`, "the key must be a constant named Op"},
	} {
		t.Run(c.name, func(t *testing.T) {
			src := "package ir\n\nfunc init() {\n\topTable = [MaxOps]OpInfo{\n" + c.rows + "\n\t}\n}\n"
			out, err := generate("ops.go", []byte(src))
			if err != nil {
				if !strings.Contains(err.Error(), c.want) {
					t.Errorf("error %q, want %q", err, c.want)
				}
				return
			}
			block := string(out)
			block = block[strings.Index(block, "const (\n")+len("const (\n"):]
			block = block[:strings.Index(block, ")\n")]
			if block != c.want {
				t.Errorf("const block\n%s\nwant\n%s", block, c.want)
			}
		})
	}
}
