package library

// Sign is 1 for x > 0, -1 for x < 0; ±0 and NaN unchanged.
func Sign(x float64) float64 {
	switch {
	case x > 0:
		return 1
	case x < 0:
		return -1
	}
	return x
}

func init() {
	registerC("sign", `
/* Sign (library/sign.go): ±0 and NaN unchanged. */
BAYES_FN bayes_real bayes_sign(bayes_real x)
{
	if (x > 0) return BAYES_R(1.0);
	if (x < 0) return -BAYES_R(1.0);
	return x;
}`)
}
