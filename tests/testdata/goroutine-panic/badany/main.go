package main

import "fmt"

func quiet() { fmt.Println("no explicit panic, but an index out of range would still crash") }

func main() {
	done := make(chan bool)
	go func() { // want GX301 "runs without a recover"
		quiet()
		done <- true
	}()
	<-done
}
