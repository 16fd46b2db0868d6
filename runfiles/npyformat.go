package runfiles

import (
	"encoding/binary"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// This file writes and reads NPY headers (numpy.lib.format; NEP 1, "A
// simple file format for NumPy arrays"): the two arrays of a run,
// draws.npy ('<f8', three axes) and draws_written.npy ('<i8', one axis).

// NPY format constants.
const (
	npyMagic       = "\x93NUMPY"
	npyAlign       = 64 // numpy.lib.format.ARRAY_ALIGN
	npyGrowthSpace = 21 // numpy.lib.format.GROWTH_AXIS_MAX_DIGITS
)

// npyHeader returns the NPY 1.0 header of a C-order array of dtype descr
// ('<f8', '<i8') and the given shape, byte for byte as numpy.save writes it
// (numpy.lib.format._write_array_header and _wrap_header, NumPy >= 1.24):
// the dict with the shape as Python prints a tuple ("(5,)" for one axis),
// 21 - len(str(shape[0])) spaces left for the first axis to grow, then
// spaces to a multiple of 64 bytes (64 more when already there) and '\n'.
func npyHeader(descr string, shape []int) []byte {
	dims := make([]string, len(shape))
	for i, n := range shape {
		dims[i] = strconv.Itoa(n)
	}
	tuple := "(" + strings.Join(dims, ", ") + ")"
	if len(shape) == 1 {
		tuple = "(" + dims[0] + ",)"
	}
	dict := fmt.Sprintf("{'descr': '%s', 'fortran_order': False, 'shape': %s, }", descr, tuple)
	if len(shape) > 0 {
		dict += strings.Repeat(" ", max(0, npyGrowthSpace-len(dims[0])))
	}
	prefix := len(npyMagic) + 2 + 2 // magic, version, uint16 header length
	hlen := len(dict) + 1           // with the '\n'
	pad := npyAlign - (prefix+hlen)%npyAlign
	b := make([]byte, 0, prefix+hlen+pad)
	b = append(b, npyMagic...)
	b = append(b, 1, 0)
	b = binary.LittleEndian.AppendUint16(b, uint16(hlen+pad))
	b = append(b, dict...)
	b = append(b, strings.Repeat(" ", pad)...)
	return append(b, '\n')
}

// readNPYHeader reads the NPY header at the start of r, checks that it is
// of a little-endian C-order array of dtype descr with dims axes, and
// returns the shape and the header's length. Only what bayes writes is
// read; numpy.save writes the same for such an array.
func readNPYHeader(r io.Reader, descr string, dims int) ([]int, int64, error) {
	pre := make([]byte, 10)
	if _, err := io.ReadFull(r, pre); err != nil {
		return nil, 0, fmt.Errorf("not an NPY file (too short for its header)")
	}
	if string(pre[:6]) != npyMagic {
		return nil, 0, fmt.Errorf("not an NPY file (it does not start with \\x93NUMPY)")
	}
	// Versions 2.0 and 3.0 differ only in a 4-byte header length (and 3.0
	// in a UTF-8 header, the same for what is read here).
	var hlen, prefix int
	switch pre[6] {
	case 1:
		hlen, prefix = int(binary.LittleEndian.Uint16(pre[8:])), 10
	case 2, 3:
		more := make([]byte, 2)
		if _, err := io.ReadFull(r, more); err != nil {
			return nil, 0, fmt.Errorf("NPY header cut off")
		}
		hlen, prefix = int(binary.LittleEndian.Uint32(append(pre[8:10:10], more...))), 12
	default:
		return nil, 0, fmt.Errorf("NPY format version %d.%d; bayes reads 1.0, 2.0 and 3.0", pre[6], pre[7])
	}
	if hlen > 1<<20 {
		return nil, 0, fmt.Errorf("NPY header of %d bytes is too long", hlen)
	}
	hb := make([]byte, hlen)
	if _, err := io.ReadFull(r, hb); err != nil {
		return nil, 0, fmt.Errorf("NPY header cut off (it says %d bytes)", hlen)
	}
	dict, err := parseNPYDict(string(hb))
	if err != nil {
		return nil, 0, fmt.Errorf("NPY header %q: %w", strings.TrimSpace(string(hb)), err)
	}
	if d := dict["descr"]; d != "'"+descr+"'" {
		what := map[string]string{"<f8": "little-endian float64", "<i8": "little-endian int64"}[descr]
		return nil, 0, fmt.Errorf("unsupported dtype %s: bayes reads %s ('%s')", d, what, descr)
	}
	if fo := dict["fortran_order"]; fo != "False" {
		return nil, 0, fmt.Errorf("fortran_order is %s: bayes reads C order (False)", fo)
	}
	parts := strings.Split(strings.Trim(dict["shape"], "()"), ",")
	if len(parts) > 0 && strings.TrimSpace(parts[len(parts)-1]) == "" {
		parts = parts[:len(parts)-1] // "(2, 3, 4,)", "(5,)"
	}
	if len(parts) != dims {
		want := map[int]string{1: "one dimension (chains)", 3: "three dimensions (chains, draws, columns)"}[dims]
		return nil, 0, fmt.Errorf("shape %s: want %s", dict["shape"], want)
	}
	shape := make([]int, dims)
	for i, d := range parts {
		n, err := strconv.Atoi(strings.TrimSpace(d))
		if err != nil || n < 0 {
			return nil, 0, fmt.Errorf("shape %s: %q is not a size", dict["shape"], strings.TrimSpace(d))
		}
		shape[i] = n
	}
	return shape, int64(prefix + hlen), nil
}

// parseNPYDict splits the header's Python dict literal into its keys and
// the source text of their values. It reads the literals numpy writes:
// 'quoted' keys and strings, True/False, and a tuple of integers.
func parseNPYDict(s string) (map[string]string, error) {
	s = strings.TrimSpace(s)
	if !strings.HasPrefix(s, "{") || !strings.HasSuffix(s, "}") {
		return nil, fmt.Errorf("not a Python dict")
	}
	s = strings.TrimSpace(s[1 : len(s)-1])
	out := map[string]string{}
	for s != "" {
		if s[0] != '\'' {
			return nil, fmt.Errorf("want a quoted key at %q", s)
		}
		end := strings.IndexByte(s[1:], '\'')
		if end < 0 {
			return nil, fmt.Errorf("unterminated key at %q", s)
		}
		key := s[1 : end+1]
		s = strings.TrimSpace(s[end+2:])
		if !strings.HasPrefix(s, ":") {
			return nil, fmt.Errorf("want ':' after key '%s'", key)
		}
		s = strings.TrimSpace(s[1:])
		var n int
		switch {
		case strings.HasPrefix(s, "'"):
			if n = strings.IndexByte(s[1:], '\'') + 2; n < 2 {
				n = 0
			}
		case strings.HasPrefix(s, "("):
			n = strings.IndexByte(s, ')') + 1
		default:
			n = strings.IndexByte(s, ',')
			if n < 0 {
				n = len(s)
			}
		}
		if n <= 0 || n > len(s) {
			return nil, fmt.Errorf("unterminated value of '%s'", key)
		}
		out[key] = strings.TrimSpace(s[:n])
		s = strings.TrimSpace(s[n:])
		if strings.HasPrefix(s, ",") {
			s = strings.TrimSpace(s[1:])
		} else if s != "" {
			return nil, fmt.Errorf("want ',' after the value of '%s'", key)
		}
	}
	for _, k := range []string{"descr", "fortran_order", "shape"} {
		if _, ok := out[k]; !ok {
			return nil, fmt.Errorf("no '%s' key", k)
		}
	}
	return out, nil
}
