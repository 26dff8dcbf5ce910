package main

import (
	"fmt"
	"os"
	"runtime"
)

func init() {
	if len(os.Args) > 1 {
		runtime.Goexit() // want GX202 "runtime.Goexit in init"
	}
}

func main() {
	defer fmt.Println("done")
	go func() { fmt.Println("worker") }()
	runtime.Goexit() // want GX202 "no goroutines \(main called runtime.Goexit\) - deadlock!"
}
