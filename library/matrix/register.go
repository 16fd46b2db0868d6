package matrix

import "github.com/bayes-dev/bayes/library"

// registerFunc adds the function f to the library's registry, as an entry
// of this package, which its tests walk (library.EntriesOf).
func registerFunc(f *library.Func) { library.RegisterFunc("matrix", f) }
