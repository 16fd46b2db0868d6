// Command bayes is a command-line Bayesian inference tool: it checks,
// formats, compiles, rewrites and samples models written in a Stan-like
// language, and summarises and plots the draws.
//
// Each subcommand parses its flags, calls the packages that do the work, and
// prints; nothing more. Errors are printed once, by main, and exit 1 (130
// after an interrupt).
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	bayeslib "github.com/bayes-dev/bayes"
	"github.com/bayes-dev/bayes/lang"
	"github.com/spf13/cobra"
)

func main() {
	heapHugePages(heapAdvised)
	os.Exit(runMain())
}

// heapAdvised is how much of the heap heapHugePages backs with huge
// pages: what compiling hmm_drive_0 touches, twice over.
const heapAdvised = 32 << 20

// runMain runs the command line of the process. A reader that stops
// reading stdout early (bayes sample ... | head) would kill bayes with
// SIGPIPE at its next write, before it writes its files; with SIGPIPE
// caught (and dropped), that write fails with EPIPE instead, and run ends
// quietly. Caught, not ignored: a child process (the C compiler of
// --device c) starts with the default action, as ignoring would be
// inherited.
func runMain() int {
	signal.Notify(make(chan os.Signal, 1), syscall.SIGPIPE)
	return run(os.Args[1:], os.Stdout, os.Stderr)
}

// exitInterrupted is the conventional exit status after SIGINT (128 + 2).
const exitInterrupted = 130

// exitBrokenPipe is the shell's status for a command that SIGPIPE ended
// (128 + 13): bayes ends so, with its files written, when its stdout's
// reader has gone.
const exitBrokenPipe = 141

// errInterrupted marks a run stopped by the user; its output is kept.
var errInterrupted = errors.New("interrupted")

// run executes one command line and returns the process exit status.
func run(args []string, stdout, stderr io.Writer) int {
	root := newRootCmd(stdout, stderr)
	root.SetArgs(args)
	err := root.Execute()
	switch {
	case err == nil:
		return 0
	case errors.Is(err, errInterrupted):
		fmt.Fprintln(stderr, "bayes: interrupted; output written so far is kept")
		return exitInterrupted
	case errors.Is(err, syscall.EPIPE):
		return exitBrokenPipe // nobody reads what bayes would print
	default:
		// A file's errors already start with file:line:col; others get the
		// program's name, as Unix tools do.
		var fe *lang.FileError
		switch msg := err.Error(); {
		case errors.As(err, &fe):
			fmt.Fprintln(stderr, msg)
		case strings.HasPrefix(msg, "unknown command"):
			fmt.Fprintf(stderr, "bayes: %s\nRun 'bayes --help' for the list of commands.\n", unknownCommand(msg))
		default:
			fmt.Fprintf(stderr, "bayes: %s\n", msg)
		}
		return 1
	}
}

// unknownCommand folds cobra's multi-line "Did you mean this?" message into one line.
func unknownCommand(msg string) string {
	first, rest, _ := strings.Cut(msg, "\n")
	first = strings.TrimSuffix(first, ` for "bayes"`)
	if _, sugg, ok := strings.Cut(rest, "Did you mean this?"); ok {
		if names := strings.Fields(sugg); len(names) > 0 {
			first += fmt.Sprintf("; did you mean %q?", names[0])
		}
	}
	return first
}

func newRootCmd(stdout, stderr io.Writer) *cobra.Command {
	root := &cobra.Command{
		Use:   "bayes",
		Short: "Bayesian inference from the command line",
		Long: `bayes fits models written in a Stan-like language (.bym files) to JSON data.

  bayes sample models/eight_schools.bym --data data/schools.json --chains 8
  bayes prior-predictive models/eight_schools.bym --data data/schools.json
  bayes reparam models/eight_schools.bym --noncentered theta
  bayes summary out/   and   bayes plot out/ --kind trace,pairs`,
		Version:       bayeslib.Version(),
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetOut(stdout)
	root.SetErr(stderr)
	// A flag error is a user error like any other: one message, exit 1.
	root.SetFlagErrorFunc(func(cmd *cobra.Command, err error) error {
		if !cmd.HasParent() {
			return fmt.Errorf("%w (see 'bayes --help')", err)
		}
		return fmt.Errorf("%s: %w (see '%s --help')", cmd.Name(), err, cmd.CommandPath())
	})
	root.AddCommand(newCheckCmd(), newFmtCmd(), newCompileCmd(), newSampleCmd(), newReparamCmd(), newSummaryCmd(), newLooCmd(), newPlotCmd(), newPriorCmd(), newDevicesCmd(), newConvertCmd(), newGenerateCmd())
	return root
}
