package main

import (
	"fmt"

	bayeslib "github.com/bayes-dev/bayes"
	"github.com/bayes-dev/bayes/compiler"
	"github.com/bayes-dev/bayes/lang"
	"github.com/spf13/cobra"
)

func newCheckCmd() *cobra.Command {
	var dataFile string
	cmd := &cobra.Command{
		Use:   "check MODEL.bym [--data FILE.json]",
		Short: "Parse and type-check a model, and validate its data",
		Long: `check parses and type-checks MODEL.bym and, with --data, validates the JSON data
against its data block and compiles the model with it, as sample would. It
prints one line ending in OK, or every error found (file:line:col, the source
line and a caret) and exits 1.`,
		Args: exactArgs(1, "MODEL.bym"),
		RunE: func(cmd *cobra.Command, args []string) error {
			prog, err := lang.LoadModel(args[0])
			if err != nil {
				return err
			}
			what := args[0]
			if dataFile != "" {
				data, err := bayeslib.LoadData(prog, dataFile, cmd.ErrOrStderr())
				if err != nil {
					return err
				}
				// With the data bound, the compiler can say what it does
				// not support yet, as sample would.
				model, err := compiler.CompileModel(prog, data)
				if err != nil {
					return err
				}
				for _, n := range model.Notes {
					fmt.Fprintln(cmd.ErrOrStderr(), "note:", n)
				}
				what += " with " + dataFile
			}
			fmt.Fprintf(cmd.OutOrStdout(), "%s: OK\n", what)
			return nil
		},
	}
	cmd.Flags().StringVar(&dataFile, "data", "", "JSON data file (CmdStan format) to validate against the data block")
	return cmd
}

// minArgs is cobra.MinimumNArgs with a message that names what is missing.
func minArgs(n int, names string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) < n {
			return fmt.Errorf("%s: expected %s, got %d argument(s) (see '%s --help')", cmd.Name(), names, len(args), cmd.CommandPath())
		}
		return nil
	}
}

// exactArgs is cobra.ExactArgs with a message that names what is missing.
func exactArgs(n int, names string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) != n {
			return fmt.Errorf("%s: expected %s, got %d argument(s) (see '%s --help')", cmd.Name(), names, len(args), cmd.CommandPath())
		}
		return nil
	}
}
