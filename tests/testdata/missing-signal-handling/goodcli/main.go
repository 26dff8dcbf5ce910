package main

import (
	"bufio"
	"fmt"
	"os"
)

// A command-line tool that reads its input and ends: no signal handling needed.
func main() {
	scanner := bufio.NewScanner(os.Stdin)
	count := 0
	for {
		if !scanner.Scan() {
			break
		}
		count++
	}
	for i := 0; i < count; i++ {
		fmt.Println(i)
	}
	done := make(chan struct{})
	go func() {
		for {
			select {} // in a goroutine of its own, not main
		}
	}()
	close(done)
}
