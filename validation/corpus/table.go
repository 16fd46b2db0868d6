package main

import (
	"bytes"
	"fmt"
	"os"
	"strings"
)

// section is a generated part of VALIDATION.md: the text between its two
// markers is the harness's; heading introduces it in a file that has no
// markers yet.
type section struct{ begin, end, heading string }

// corpusSection holds the table of results; analysisSection, after it,
// the variants and modes of the kept runs (analyse.go).
var (
	corpusSection = section{
		begin:   "<!-- corpus:begin (written by make corpus: validation/corpus) -->",
		end:     "<!-- corpus:end -->",
		heading: "## The posteriordb corpus (`make corpus`)\n\n",
	}
	analysisSection = section{
		begin:   "<!-- corpus-variants:begin (written by make corpus with -keep, or -analyse DIR: validation/corpus) -->",
		end:     "<!-- corpus-variants:end -->",
		heading: "### Variants and modes of the corpus (`make corpus`, `-keep` or `-analyse DIR`)\n\n",
	}
)

// replaceSection puts text between the markers of sec in the file at path,
// leaving the rest of the file as it is; a file without the markers gets
// them, with sec's heading, at its end. A file with one marker, or with
// them out of order, is an error, not a guess.
func replaceSection(path string, sec section, text string) error {
	old, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	begin, end := bytes.Index(old, []byte(sec.begin)), bytes.Index(old, []byte(sec.end))
	var b bytes.Buffer
	switch {
	case begin < 0 && end < 0:
		b.Write(bytes.TrimRight(old, "\n"))
		b.WriteString("\n\n" + sec.heading + sec.begin + "\n" + text + sec.end + "\n")
	case begin < 0 || end < begin:
		return fmt.Errorf("%s: the markers %q and %q must both be there, in that order, or neither", path, sec.begin, sec.end)
	default:
		b.Write(old[:begin+len(sec.begin)])
		b.WriteString("\n" + text)
		b.Write(old[end:])
	}
	if bytes.Equal(b.Bytes(), old) {
		return nil
	}
	return os.WriteFile(path, b.Bytes(), 0o644)
}

// renderSection writes the summary line and the table of the results of
// key for the corpus's posteriors; results[i] is names[i]'s, nil where it
// has not run at this commit. It depends on nothing else (no clock), so
// that a run that skips everything leaves the file unchanged.
func renderSection(key string, names []string, results []*result) string {
	var checked, checkOK, sampled, sampleOK, timedOut, refs, pass, fail int
	for _, r := range results {
		if r == nil {
			continue
		}
		checked++
		if r.Check == "ok" {
			checkOK++
		}
		if r.Sample != "" {
			sampled++
		}
		if r.Sample == "ok" {
			sampleOK++
		}
		if r.TimedOut {
			timedOut++
		}
		if r.HasReference {
			refs++
		}
		if r.Rule != nil && r.Rule.Passed {
			pass++
		} else if r.Rule != nil {
			fail++
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "\nResults at commit `%s`, of %d posteriors: %d checked, %d not run. "+
		"bayes check: %d ok, %d failed. bayes sample: %d run (%d to the end, %d timed out), "+
		"%d that check not sampled. Reference rule: %d passed, %d failed, %d of the %d with a reference (among those run) not compared.\n\n",
		key, len(names), checked, len(names)-checked, checkOK, checked-checkOK, sampled, sampleOK, timedOut,
		checkOK-sampled, pass, fail, refs-pass-fail, refs)
	b.WriteString("| posterior | ref | check | sample | reference rule | wall s | min bulk ESS | max R-hat | divergences | settings |\n")
	b.WriteString("|---|---|---|---|---|---:|---:|---:|---:|---|\n")
	for i, name := range names {
		cells := []string{"`" + name + "`", "", "not run", "not run", "not run", "", "", "", "", ""}
		if r := results[i]; r != nil {
			cells = append([]string{"`" + name + "`", yes(r.HasReference), code(r.Check), r.sampleCell(), r.ruleCell(),
				fmt.Sprintf("%.1f", r.Wall.Seconds())}, r.statsCells()...)
		}
		b.WriteString("| " + strings.Join(cells, " | ") + " |\n")
	}
	b.WriteString("\n")
	return b.String()
}

func yes(ok bool) string {
	if ok {
		return "yes"
	}
	return ""
}

// code writes a message as a Markdown code span, which keeps its <, > and
// * as they are; a | would still end the table cell, so it is escaped.
func code(s string) string {
	if s == "ok" || s == "time-out" {
		return s
	}
	return "`` " + strings.ReplaceAll(s, "|", `\|`) + " ``"
}

func (r *result) sampleCell() string {
	switch {
	case r.Sample == "" && r.Check == "ok":
		return "not run"
	case r.Sample == "":
		return ""
	case r.Sample == "time-out":
		return fmt.Sprintf("time-out (%v)", r.Cap)
	}
	return code(r.Sample)
}

func (r *result) ruleCell() string {
	switch {
	case r.Rule != nil:
		return r.Rule.verdict()
	case !r.HasReference:
		return ""
	case r.Sample == "" && r.Check == "ok":
		return "not run"
	}
	return "" // nothing sampled to compare
}

// verdict words the rule's outcome.
func (u *rule) verdict() string {
	if u.Error != "" {
		return "error: " + code(u.Error)
	}
	s := fmt.Sprintf("%d checks, max ratio %.2f", u.Checks, u.MaxRatio)
	if u.Passed {
		return "pass (" + s + ")"
	}
	s = fmt.Sprintf("fail: %d of %s", u.Failed, s)
	if !u.Converged {
		s += ", not converged"
	}
	if u.Marginal {
		s += "; marginal, to confirm with a second seed"
	}
	return s
}

// statsCells are the cells min bulk ESS, max R-hat, divergences and
// settings.
func (r *result) statsCells() []string {
	cells := []string{"", "", "", strings.Join(r.Settings, " ")}
	if r.Stats != nil {
		cells[2] = fmt.Sprint(r.Stats.Divergences)
		if r.Stats.Quantities > 0 {
			cells[0], cells[1] = fmt.Sprintf("%.0f", r.Stats.MinESSBulk), fmt.Sprintf("%.4f", r.Stats.MaxRhat)
		}
	}
	return cells
}
