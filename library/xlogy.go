package library

import "math"

// Xlogy is x log y with 0 log 0 = 0 (Stan's multiply_log).
func Xlogy(x, y float64) float64 {
	if x == 0 && y == 0 {
		return 0
	}
	return x * math.Log(y)
}

func init() {
	registerC("xlogy", `
/* Xlogy (library/xlogy.go): x log y with 0 log 0 = 0. */
BAYES_FN bayes_real bayes_xlogy(bayes_real x, bayes_real y)
{
	if (x == 0 && y == 0) return BAYES_R(0.0);
	return x * BAYES_M(log)(y);
}`)
}
