package main

import (
	"os"
	"strings"
)

// Unusual but valid syntax: labels, goto, generics, raw strings with braces.
func first[T any](xs []T) (T, bool) {
	var zero T
	if len(xs) == 0 {
		return zero, false
	}
	return xs[0], true
}

type options struct {
	retries *int
	name    *string
}

// Go 1.26: new takes an expression, and its variable starts with that value.
func defaults() options {
	return options{retries: new(3), name: new(strings.TrimSpace(" main "))}
}

// A local function may be named like a builtin.
func countdown(n int) int {
	make := func(n int) int { return n }
	return make(n - 1)
}

func main() {
	s := `{ ( [ not code ] ) }`
	_, _ = first([]string{s})
	i := 0
loop:
	if i < 3 {
		i++
		goto loop
	}
	opts := defaults()
	if len(os.Args) > 5 || *opts.retries > countdown(9) {
		os.Exit(1)
	}
}
