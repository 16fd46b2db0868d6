package library

import (
	"fmt"
	"strings"
	"testing"
)

// TestRegistryWiring: in this package's test nothing registers (the
// entries are other packages'), so every read of the registry must panic
// and name library/all rather than hand out an empty table; and a
// registration after a read must panic too, as the compiler numbers its
// ops from the first read.
func TestRegistryWiring(t *testing.T) {
	reads := map[string]func(){
		"Dists":      func() { Dists() },
		"LookupDist": func() { LookupDist("normal") },
		"Kernels":    func() { Kernels() },
		"MvDists":    func() { MvDists() },
		"Funcs":      func() { Funcs() },
		"CPrelude":   func() { CPrelude() },
	}
	for name, read := range reads {
		t.Run(name, func(t *testing.T) {
			if msg := panicOf(read); !strings.Contains(msg, "library/all") {
				t.Errorf("panic %q, want one that names library/all", msg)
			}
		})
	}
	t.Run("RegisterAfterRead", func(t *testing.T) {
		read = true
		defer func() { read = false }()
		if msg := panicOf(func() { RegisterFunc("funcs", &Func{Name: "late"}) }); !strings.Contains(msg, "after the registry was read") {
			t.Errorf("panic %q, want one about a registration after a read", msg)
		}
	})
}

// panicOf is what f panics with, or "" when it returns.
func panicOf(f func()) (msg string) {
	defer func() {
		if r := recover(); r != nil {
			msg = fmt.Sprint(r)
		}
	}()
	f()
	return ""
}
