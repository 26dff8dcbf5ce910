package main

import (
	"fmt"
	. "os"
)

func dotImport() {
	defer fmt.Println("cleanup")
	Exit(4) // want GX101 "os.Exit exits"
}

type logger struct{ prefix string }

func (l *logger) fatal(msg string) {
	fmt.Println(l.prefix, msg)
	Exit(5)
}

func (l *logger) process() {
	defer fmt.Println("closing")
	l.fatal("bad") // want GX101 "call to logger.fatal may exit"
}
