package main

import "fmt"

// osExit is declared in another file of the package.
func shutdown() {
	fmt.Println("shutting down")
	osExit(6)
}

func aliasOtherFile() {
	defer fmt.Println("cleanup")
	osExit(7) // want GX101 "os.Exit exits without running 1 pending defer"
}
