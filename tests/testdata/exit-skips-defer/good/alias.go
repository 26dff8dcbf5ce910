package main

import (
	"fmt"
	"os"
)

// An exit held in a variable, called where no defer is pending.
var stopProcess = os.Exit

// A function value that does not exit.
var say = fmt.Println

func aliasNoDefer(code int) {
	fmt.Println("bye")
	stopProcess(code)
}

// A local variable named like the package variable shadows it.
func aliasShadowed() {
	defer fmt.Println("cleanup")
	stopProcess := func(code int) { fmt.Println("would exit", code) }
	stopProcess(1)
}

func aliasNotExit() {
	defer fmt.Println("cleanup")
	say("not an exit")
}

// Called in a goroutine: the defer is pending on another goroutine's stack.
func aliasInGoroutine(done chan struct{}) {
	defer fmt.Println("cleanup")
	go func() {
		if len(os.Args) > 3 {
			stopProcess(2)
		}
		close(done)
	}()
}
