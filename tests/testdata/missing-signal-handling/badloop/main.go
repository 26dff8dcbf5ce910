package main

import (
	"fmt"
	"time"
)

func main() {
	defer fmt.Println("flush metrics")
	for { // want GX401 "for loop with no way out"
		select {
		case <-time.After(time.Second):
			fmt.Println("tick")
			break // leaves the select, not the loop
		}
	}
}
