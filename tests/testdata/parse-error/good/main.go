package main

import "os"

// Unusual but valid syntax: labels, goto, generics, raw strings with braces.
func first[T any](xs []T) (T, bool) {
	var zero T
	if len(xs) == 0 {
		return zero, false
	}
	return xs[0], true
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
	if len(os.Args) > 5 {
		os.Exit(1)
	}
}
