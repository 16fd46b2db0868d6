// Package plot draws the MCMC diagnostic plots of a run: trace, rank
// histograms, per-chain marginal densities, pairs (with divergent draws
// marked), energy and autocorrelation, using gonum.org/v1/plot.
//
// Input is plain data, a Run: the draws of each scalar quantity as
// [chain][iteration] with its Stan name ("theta[1]", "tau"), and the
// sampler's per-draw divergent__ and energy__ values. RunFromStanCSV builds
// a Run from Stan CSV files. Output is a Figure: a grid of gonum plots
// (at most 4 columns and MaxPanels panels) under one title and one shared
// legend, which Save writes as PNG or SVG.
//
// Quantities are chosen by spec: a Stan name ("theta[1]"), a base name that
// stands for all its elements ("theta"), or the log of either ("log(tau)"),
// the axis on which a hierarchical model's funnel is seen (Betancourt and
// Girolami 2015, "Hamiltonian Monte Carlo for Hierarchical Models").
//
// User mistakes (mismatched lengths, an unknown name, the log of a
// non-positive draw, non-finite draws) are returned as errors that name the
// quantity, chain and iteration; nothing here panics on bad input.
package plot
