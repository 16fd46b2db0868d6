package runfiles

import "strings"

// CSVName converts a Stan element name to the column name CmdStan writes in
// its CSV files: brackets become dots, "theta[1]" -> "theta.1",
// "Sigma[1,2]" -> "Sigma.1.2" (CmdStan User's Guide, "Stan CSV File
// Format", column names). Names without indices are unchanged.
func CSVName(stan string) string {
	i := strings.IndexByte(stan, '[')
	if i < 0 || !strings.HasSuffix(stan, "]") {
		return stan
	}
	idx := strings.ReplaceAll(stan[i+1:len(stan)-1], " ", "")
	return stan[:i] + "." + strings.ReplaceAll(idx, ",", ".")
}

// StanName converts a CmdStan CSV column name back to the Stan element name:
// "theta.1" -> "theta[1]", "Sigma.1.2" -> "Sigma[1,2]". Only a trailing run
// of dot-separated integers is an index, so sampler columns (lp__) and
// names without indices are unchanged.
func StanName(csv string) string {
	parts := strings.Split(csv, ".")
	k := len(parts)
	for k > 1 && isDigits(parts[k-1]) {
		k--
	}
	if k == len(parts) {
		return csv
	}
	return strings.Join(parts[:k], ".") + "[" + strings.Join(parts[k:], ",") + "]"
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
