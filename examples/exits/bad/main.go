// Command report writes a summary file. It loses data on every error path: log.Fatal
// and os.Exit end the process before the deferred Flush and Close run.
package main

import (
	"bufio"
	"fmt"
	"log"
	"os"
	"syscall"
)

func writeReport(path string, lines []string) {
	f, err := os.Create(path)
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	w := bufio.NewWriter(f)
	defer w.Flush()
	for _, line := range lines {
		if line == "" {
			fail("empty line") // GX101: fail exits, Flush and Close never run
		}
		fmt.Fprintln(w, line)
	}
}

func fail(msg string) {
	fmt.Fprintln(os.Stderr, msg)
	os.Exit(-1) // GX103: the parent sees 255
}

func main() {
	if len(os.Args) < 2 {
		syscall.Exit(2) // GX201: no coverage flush, no race report
	}
	writeReport(os.Args[1], []string{"a", "", "c"})
}
