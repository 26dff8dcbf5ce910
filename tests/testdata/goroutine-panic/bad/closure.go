package main

import "fmt"

// The goroutine's literal calls a closure defined outside the go statement.
func closureInGoroutine() {
	check := func(n int) {
		if n < 0 {
			panic(fmt.Sprint("negative: ", n))
		}
	}
	done := make(chan struct{})
	go func() { // want GX301 "goroutine can panic \(func literal → panic\) and has no recover"
		defer close(done)
		check(-1)
	}()
	<-done
}
