// Command report writes a summary file. Errors travel back to main, which exits only
// after every deferred Flush and Close has run.
package main

import (
	"bufio"
	"errors"
	"fmt"
	"os"
)

func writeReport(path string, lines []string) (err error) {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, f.Close()) }()
	w := bufio.NewWriter(f)
	defer func() { err = errors.Join(err, w.Flush()) }()
	for _, line := range lines {
		if line == "" {
			return errors.New("empty line")
		}
		fmt.Fprintln(w, line)
	}
	return nil
}

func run(args []string) int {
	if len(args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: report FILE")
		return 2
	}
	if err := writeReport(args[1], []string{"a", "", "c"}); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return 0
}

func main() {
	os.Exit(run(os.Args))
}
