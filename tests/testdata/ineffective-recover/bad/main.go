package main

import (
	"fmt"
	"log"
	"os"
)

func handle(r any) {
	if r != nil {
		log.Print(r)
	}
}

func protect() {
	if r := recover(); r != nil {
		log.Print("recovered: ", r)
	}
}

func deferRecover() {
	defer recover() // want GX302 "defer recover\(\) has no effect"
	panic("a")
}

func deferArgs() {
	defer handle(recover()) // want GX302 "arguments of a deferred call"
	panic("b")
}

func nested() {
	defer func() {
		func() { // the literal is called, not deferred
			if r := recover(); r != nil { // want GX302 "function literal that is called, not deferred"
				fmt.Println(r)
			}
		}()
	}()
	panic("c")
}

func helperFromLiteral() {
	defer func() {
		protect() // want GX302 "protect calls recover\(\), but here it is called by a deferred function"
	}()
	panic("d")
}

// cleanup is deferred by name below: it runs as the deferred function, and protect, called
// by it, is one call too deep for its recover() to stop the panic.
func cleanup() {
	protect() // want GX302 "protect calls recover\(\), but here it is called by a deferred function"
}

func namedDeferred() {
	defer cleanup()
	panic("f")
}

type job struct{}

func (j *job) finish() {
	protect() // want GX302 "protect calls recover\(\), but here it is called by a deferred function"
}

func (j *job) run() {
	defer j.finish()
	panic("g")
}

func passedToDeferred(run func(func())) {
	defer run(func() {
		recover() // want GX302 "passed to a deferred call"
	})
	panic("e")
}

func main() {
	switch os.Args[len(os.Args)-1] {
	case "defer":
		deferRecover()
	case "args":
		deferArgs()
	case "nested":
		nested()
	case "helper":
		helperFromLiteral()
	case "named":
		namedDeferred()
	case "method":
		(&job{}).run()
	case "passed":
		passedToDeferred(func(f func()) { f() })
	}
}
