package main

import (
	"fmt"

	bayeslib "github.com/bayes-dev/bayes"
	"github.com/bayes-dev/bayes/compiler"
	"github.com/bayes-dev/bayes/compiler/emit"
	"github.com/bayes-dev/bayes/compiler/ir"
	"github.com/bayes-dev/bayes/lang"
	"github.com/spf13/cobra"
)

func newCompileCmd() *cobra.Command {
	var dataFile, form string
	cmd := &cobra.Command{
		Use:   "compile MODEL.bym [--data FILE.json] [--emit ir|grad|c]",
		Short: "Compile a model with its data and print its log-density program",
		Long: `compile lowers the model with its data bound to the kernel IR, derives the
gradient symbolically and simplifies both. --emit ir prints the log-density
program, --emit grad the value-and-gradient program, one node per line, so
the derivative that was derived can be read; --emit c prints the same
program as C (the source the CUDA backend builds on).`,
		Args: exactArgs(1, "MODEL.bym"),
		RunE: func(cmd *cobra.Command, args []string) error {
			what := map[string]ir.Emit{"ir": ir.EmitIR, "grad": ir.EmitGrad}
			e, ok := what[form]
			if !ok && form != "c" {
				return fmt.Errorf("--emit %s: must be ir, grad or c", form)
			}
			prog, err := lang.LoadModel(args[0])
			if err != nil {
				return err
			}
			data, err := bayeslib.LoadData(prog, dataFile, cmd.ErrOrStderr())
			if err != nil {
				return err
			}
			// C has no extern ops: reduce_sum is one inlined call there,
			// map_rect its jobs inlined one after another
			model, err := compiler.CompileModelOptions(prog, data, 0, compiler.Options{Serial: form == "c"})
			if err != nil {
				return err
			}
			if form == "c" {
				src, err := model.EmitC(emit.Options{})
				if err != nil {
					return err
				}
				_, err = cmd.OutOrStdout().Write(src.Code)
				return err
			}
			return ir.Fprint(cmd.OutOrStdout(), model.Program, e)
		},
	}
	cmd.Flags().StringVar(&dataFile, "data", "", "JSON data file (CmdStan format)")
	cmd.Flags().StringVar(&form, "emit", "grad", "what to print: ir, grad or c")
	return cmd
}
