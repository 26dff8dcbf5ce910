package main

import (
	"fmt"
	"runtime"
)

// Goexit on a goroutine of its own, or in a helper, is what it is for.
func worker(done chan struct{}) {
	defer close(done)
	runtime.Goexit()
}

func main() {
	done := make(chan struct{})
	go worker(done)
	<-done
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		runtime.Goexit()
	}()
	<-finished
	fmt.Println("ok")
}
