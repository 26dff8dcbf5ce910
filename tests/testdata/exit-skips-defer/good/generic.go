package main

import (
	"fmt"
	"os"
)

// stop exits, but none of the calls below reaches it with a defer pending.
func stop[T any](v T) {
	fmt.Println(v)
	os.Exit(1)
}

type hooks struct{ stop []func() }

type pair[T any] struct{ a, b T }

type ints struct{ a, b int }

// A local slice named like the generic function shadows it: stop[0]() calls an element.
func shadowedGeneric() {
	defer fmt.Println("cleanup")
	stop := []func(){func() {}}
	stop[0]()
}

// A field indexed and called is no method and no package function.
func indexedField(h hooks) {
	defer fmt.Println("cleanup")
	h.stop[0]()
}

// A conversion to an instantiated generic type calls nothing.
func genericConversion() {
	defer fmt.Println("cleanup")
	p := pair[int](ints{1, 2})
	fmt.Println(p.a + p.b)
}

// No defer pending.
func stopNow() {
	stop[string]("bye")
}
