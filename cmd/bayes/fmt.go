package main

import (
	"bytes"
	"fmt"
	"os"

	"github.com/bayes-dev/bayes/lang"
	"github.com/bayes-dev/bayes/lang/printer"
	"github.com/spf13/cobra"
)

func newFmtCmd() *cobra.Command {
	var write bool
	cmd := &cobra.Command{
		Use:   "fmt MODEL.bym...",
		Short: "Print models in canonical form (modern Stan syntax)",
		Long: `fmt prints each model in canonical form: modern array syntax, two-space
indentation, minimal parentheses, comments kept. With -w it rewrites the files
in place instead (only those that change).`,
		Args: minArgs(1, "MODEL.bym..."),
		RunE: func(cmd *cobra.Command, args []string) error {
			for _, path := range args {
				prog, src, err := lang.ParseFile(path)
				if err != nil {
					return err
				}
				out := printer.Format(prog)
				if !write {
					cmd.OutOrStdout().Write(out)
					continue
				}
				if !bytes.Equal(out, src) {
					if err := os.WriteFile(path, out, 0o644); err != nil {
						return fmt.Errorf("cannot write %s: %w", path, err)
					}
				}
			}
			return nil
		},
	}
	cmd.Flags().BoolVarP(&write, "write", "w", false, "write the result to the file instead of stdout")
	return cmd
}
