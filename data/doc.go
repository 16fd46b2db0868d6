// Package data binds a data file to a model: it reads JSON (CmdStan's
// format) and checks each value against its declaration in the data block,
// or in the parameters block for an init file. It is the one place where
// data meet their declarations; the interpreter (package simulate)
// evaluates the declared sizes and bounds, so that `vector[N - 1]` means
// what it means in every block.
//
// Input: a program checked by lang.Check, and a JSON file. Output: *Data,
// each variable a *simulate.Value (the interpreter's values, which the
// compiler reads too), or a *lang.FileError listing every problem at its
// line and column in the file.
package data
