package simulate

// MeanVar gives the external tests (package simulate_test, which may
// import package data) the mean and variance of Draws' summaries.
var MeanVar = meanVar
