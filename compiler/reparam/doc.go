// Package reparam works on the typed AST before lowering: it rewrites a
// model into its non-centered form and finds what in a model makes a
// posterior hard to sample.
//
// Input: a *lang.Program that lang.Check has checked (identifiers resolved,
// types annotated), with its data for `--noncentered auto`. Output: a new
// checked *lang.Program with the chosen location-scale priors non-centered
// and a Note per parameter (NonCenter), or facts about the program: the
// parameters whose prior is a hierarchical location-scale family
// (LocationScaleCandidates) and those that nothing in the model involves
// (ImproperParameters). The caller's tree is never changed: passes work on
// deep copies (CopyProgram).
//
// Files: reparam.go (NonCenter, the families, the candidates),
// reparam_build.go (the new declarations and statements),
// reparam_data.go (what the data say about each group),
// reparam_auto.go (the choice that `auto` makes from them), astcopy.go (deep
// copies of the AST), improper.go (parameters with an improper posterior).
package reparam
