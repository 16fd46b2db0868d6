package funcs

import "github.com/bayes-dev/bayes/library"

// registerFunc adds the function f to the library's registry, as an entry
// of this package, which its tests walk (library.EntriesOf); a function
// that Stan vectorises over two containers gets its vectorised overloads
// (vectorised.go) here, by one rule.
func registerFunc(f *library.Func) {
	if vectorisedBinary[f.Name] {
		vectorise(f)
	}
	library.RegisterFunc("funcs", f)
}

// registerKernel adds the kernel k, the op of a function's formula, as an
// entry of this package.
func registerKernel(k *library.Kernel) { library.RegisterKernel("funcs", k) }
