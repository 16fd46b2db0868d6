package lang

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
)

// LoadModel reads, parses and checks the model at path. Every error of the
// file comes back together as a *FileError.
func LoadModel(path string) (*Program, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, ReadError("model", path, err)
	}
	return ParseAndCheck(path, src)
}

// ParseAndCheck parses and type-checks src, reporting errors as a *FileError.
func ParseAndCheck(file string, src []byte) (*Program, error) {
	p, err := Parse(file, src)
	if err == nil {
		err = Check(p)
	}
	if err != nil {
		return nil, inFile(file, src, err)
	}
	return p, nil
}

// ParseFile reads and parses the model at path without type-checking it (what
// `bayes fmt` needs). Errors come back as a *FileError.
func ParseFile(path string) (*Program, []byte, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, ReadError("model", path, err)
	}
	p, err := Parse(path, src)
	if err != nil {
		return nil, nil, inFile(path, src, err)
	}
	return p, src, nil
}

// inFile attaches the file's text to an ErrorList so it prints with source lines.
func inFile(file string, src []byte, err error) error {
	var list ErrorList
	if errors.As(err, &list) {
		return &FileError{File: file, Src: src, List: list}
	}
	return err
}

// ReadError says which file could not be read and why, in the one form
// every command uses: "cannot read the model models/x.bym: no such file or
// directory". It wraps err, so errors.Is(err, fs.ErrNotExist) still holds.
func ReadError(what, path string, err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return fmt.Errorf("cannot read the %s %s: %w", what, path, pe.Err)
	}
	return fmt.Errorf("cannot read the %s %s: %w", what, path, err)
}
