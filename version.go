package bayes

import "runtime/debug"

// modulePath is this module's path, to find its version among a program's
// dependencies when bayes is used as a library.
const modulePath = "github.com/bayes-dev/bayes"

// version, when set at build time (-ldflags "-X
// github.com/bayes-dev/bayes.version=v1.2.0"), overrides the version that
// the Go build information gives.
var version string

// Version is the version of bayes that is running: the one set at build
// time, else the module version the Go build information records (a
// release installed with go install ...@v1.2.0, or a dependency's
// version), else "dev" for a build from a checkout. Files that bayes
// writes record it, so that a result can be traced to the code that made
// it.
func Version() string {
	if version != "" {
		return version
	}
	if info, ok := debug.ReadBuildInfo(); ok {
		v := info.Main.Version
		if info.Main.Path != modulePath {
			v = ""
			for _, d := range info.Deps {
				if d.Path == modulePath {
					v = d.Version
				}
			}
		}
		if v != "" && v != "(devel)" {
			return v
		}
	}
	return "dev"
}

// Commit is the VCS revision bayes was built from, with "-dirty" when the
// checkout had uncommitted changes, as the Go build information records
// them (go build in a git checkout stamps them; go test does not);
// "unknown" without it.
func Commit() string {
	info, ok := debug.ReadBuildInfo()
	if !ok || info.Main.Path != modulePath {
		return "unknown"
	}
	rev, dirty := "", false
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			dirty = s.Value == "true"
		}
	}
	if rev == "" {
		return "unknown"
	}
	if dirty {
		rev += "-dirty"
	}
	return rev
}
