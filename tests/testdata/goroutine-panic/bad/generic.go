package main

import "time"

// Generic functions called with their type arguments written out: tree-sitter-go reads
// `go crunch[int](n)` and `validated[int](n)` as conversions, Go as calls.
func crunch[T int | float64](n T) {
	if n < 0 {
		panic("negative")
	}
}

func validated[T int | float64](n T) T {
	if n < 0 {
		panic("negative")
	}
	return n
}

func sum(ns []int) (total int) {
	for _, n := range ns {
		total += validated[int](n)
	}
	return total
}

func startGeneric() {
	go crunch[int](-1) // want GX301 "goroutine can panic \(crunch → panic\) and has no recover"
	time.Sleep(time.Second)
}

func startGenericCaller() {
	go sum([]int{-2}) // want GX301 "goroutine can panic \(sum → validated → panic\)"
	time.Sleep(time.Second)
}
