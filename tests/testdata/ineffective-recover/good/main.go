package main

import "log"

func protect() {
	if r := recover(); r != nil {
		log.Print("recovered: ", r)
	}
}

func direct() {
	defer func() {
		if r := recover(); r != nil {
			log.Print("recovered: ", r)
		}
	}()
	panic("a")
}

// A helper that calls recover works when it is itself the deferred call.
func deferHelper() {
	defer protect()
	panic("b")
}

type guard struct{}

func (guard) recoverPanic() {
	if r := recover(); r != nil {
		log.Print(r)
	}
}

func deferMethod() {
	var g guard
	defer g.recoverPanic()
	panic("c")
}

// A literal held in a variable and deferred later is the deferred function.
func deferVariable() {
	handler := func() {
		if r := recover(); r != nil {
			log.Print(r)
		}
	}
	defer handler()
	panic("d")
}

func main() {
	direct()
	deferHelper()
	deferMethod()
	deferVariable()
}
