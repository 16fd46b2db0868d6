// Package zarr writes a run's draws as a Zarr version 2 directory store in
// ArviZ's InferenceData schema, so that xarray (xr.open_zarr) and ArviZ
// open a bayes run without a converter. The format is written by hand:
// uncompressed chunks of little-endian values, JSON metadata.
//
// This file is the Zarr v2 layer (https://zarr.readthedocs.io/en/stable/spec/v2.html):
// groups, array metadata, chunk files and consolidated metadata. arviz.go
// lays the run out in groups and arrays; vars.go maps Stan column names to
// named array variables.
package zarr

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// dtype is the element type of an array, as Zarr v2 names it.
type dtype string

const (
	float64Type dtype = "<f8"
	int64Type   dtype = "<i8"
	boolType    dtype = "|b1"
)

// size is the bytes of one element.
func (d dtype) size() int {
	if d == boolType {
		return 1
	}
	return 8
}

// fill is the fill_value of an array's metadata: what a chunk that was
// never written reads as. Reals have NaN, which xarray also takes for a
// missing value. Integers and booleans have none (null), as xarray itself
// writes them: a fill value there would be its _FillValue, and xarray
// would turn each diverging=false into NaN, and tree depths into floats.
// So in the store of a killed run, where chunks are missing, their
// tree_depth, n_steps and diverging are undefined, and lp's NaN marks the
// draws that are not there.
func (d dtype) fill() any {
	if d == float64Type {
		return "NaN" // Zarr v2's JSON spelling of a NaN fill value
	}
	return nil
}

// fillValue is the value of a written chunk's cells that hold no draw (a
// chain that stopped early), as a float64, the form the writer buffers
// values in: NaN for reals, -1 for the integer statistics (no tree has
// depth -1), false for booleans.
func (d dtype) fillValue() float64 {
	switch d {
	case int64Type:
		return -1
	case boolType:
		return 0
	}
	return math.NaN()
}

// arrayMeta is the content of an array's .zarray file.
type arrayMeta struct {
	Chunks     []int  `json:"chunks"`
	Compressor any    `json:"compressor"` // always null: chunks are raw bytes
	DType      dtype  `json:"dtype"`
	FillValue  any    `json:"fill_value"`
	Filters    any    `json:"filters"`
	Order      string `json:"order"`
	Shape      []int  `json:"shape"`
	ZarrFormat int    `json:"zarr_format"`
}

func newArrayMeta(t dtype, shape, chunks []int) arrayMeta {
	if shape == nil { // a scalar: JSON [], not null
		shape, chunks = []int{}, []int{}
	}
	return arrayMeta{Chunks: chunks, DType: t, FillValue: t.fill(), Order: "C", Shape: shape, ZarrFormat: 2}
}

// metaDoc collects the JSON documents of a store, keyed by their path in
// the store ("posterior/theta/.zarray"), for .zmetadata.
type metaDoc map[string]any

// writeJSON writes v as the store file key under root, and records it in
// docs. The file is written to a temporary name and renamed, so that a
// killed run never leaves half a metadata file.
func writeJSON(root, key string, v any, docs metaDoc) error {
	b, err := marshal(v, "    ")
	if err != nil {
		return err
	}
	if docs != nil {
		docs[key] = v
	}
	return writeFile(filepath.Join(root, filepath.FromSlash(key)), b)
}

// marshal is json.MarshalIndent (json.Marshal with indent "") without the
// HTML escapes: the dtype "<f8" stays "<f8", as other Zarr writers spell it.
func marshal(v any, indent string) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if indent != "" {
		enc.SetIndent("", indent)
	}
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimRight(b.Bytes(), "\n"), nil
}

// writeFile writes b to path through a temporary file and a rename.
func writeFile(path string, b []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, b, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// writeConsolidated writes root/.zmetadata, every metadata document of the
// store in one file, which xarray reads instead of listing the store.
func writeConsolidated(root string, docs metaDoc) error {
	keys := make([]string, 0, len(docs))
	for k := range docs {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	// Written by hand to keep the keys in order: a stable file diffs well.
	var b strings.Builder
	b.WriteString("{\n    \"metadata\": {\n")
	for i, k := range keys {
		v, err := marshal(docs[k], "")
		if err != nil {
			return err
		}
		fmt.Fprintf(&b, "        %s: %s", strconv.Quote(k), v)
		if i < len(keys)-1 {
			b.WriteString(",")
		}
		b.WriteString("\n")
	}
	b.WriteString("    },\n    \"zarr_consolidated_format\": 1\n}\n")
	return writeFile(filepath.Join(root, ".zmetadata"), []byte(b.String()))
}

// encode converts values to t's little-endian bytes.
func encode(t dtype, values []float64) []byte {
	b := make([]byte, len(values)*t.size())
	for i, x := range values {
		switch t {
		case float64Type:
			binary.LittleEndian.PutUint64(b[8*i:], math.Float64bits(x))
		case int64Type:
			binary.LittleEndian.PutUint64(b[8*i:], uint64(int64(x)))
		case boolType:
			if x != 0 {
				b[i] = 1
			}
		}
	}
	return b
}

// chunkKey is the file name of the chunk at grid position idx: the indices
// joined by dots, Zarr v2's default dimension separator.
func chunkKey(idx []int) string {
	parts := make([]string, len(idx))
	for i, n := range idx {
		parts[i] = strconv.Itoa(n)
	}
	return strings.Join(parts, ".")
}
