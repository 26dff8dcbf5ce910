package main

import (
	"fmt"
	"os"
)

// Generic helpers called with their type arguments written out. tree-sitter-go reads
// `die[error](err)` (one argument) as a conversion to the generic type `die[error]`,
// and `pick[int](a, b)` as a call of the index expression `pick[int]`: both are calls
// of the function, as the Go type checker resolves them.

func die[T any](v T) {
	fmt.Fprintln(os.Stderr, v)
	os.Exit(1)
}

func pick[T comparable](a, b T) T {
	if a == b {
		os.Exit(2)
	}
	return a
}

func both[K comparable, V any](k K, v V) {
	fmt.Println(k, v)
	os.Exit(3)
}

func genericConversion(err error) {
	defer fmt.Println("cleanup")
	die[error](err) // want GX101 "call to die may exit \(die → os.Exit\) without running 1 pending defer"
}

func genericIndex() {
	defer fmt.Println("cleanup")
	_ = pick[int](1, 1) // want GX101 "call to pick may exit \(pick → os.Exit\)"
}

func genericParenthesized(err error) {
	defer fmt.Println("cleanup")
	(die[error])(err) // want GX101 "call to die may exit"
}

func genericTwoArguments() {
	defer fmt.Println("cleanup")
	both[string, int]("k", 1) // want GX101 "call to both may exit"
}
