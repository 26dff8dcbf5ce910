package main

import (
	"fmt"
	"log"
	"os"
)

// Exit functions held in variables, so that tests can swap them: calling one exits.
var osExit = os.Exit

var (
	fatalf   = log.Fatalf
	exitCode = 4
)

func aliasPackageVar() {
	defer fmt.Println("cleanup")
	osExit(exitCode) // want GX101 "os.Exit exits without running 1 pending defer: fmt.Println\(\"cleanup\"\) \(line 18\)"
}

func aliasInGroup() {
	defer fmt.Println("cleanup")
	fatalf("failed: %d", exitCode) // want GX101 "log.Fatalf exits without running 1 pending defer"
}

func aliasLocal() {
	quit := os.Exit
	defer fmt.Println("cleanup")
	quit(5) // want GX101 "os.Exit exits without running 1 pending defer"
}

func aliasChain() {
	defer fmt.Println("cleanup")
	shutdown() // want GX101 "call to shutdown may exit \(shutdown → os.Exit\)"
}
