// Command resize processes images in parallel. Each worker turns a panic into an error
// so one bad input cannot end the process.
package main

import (
	"fmt"
	"sync"
)

func resize(size int) int {
	if size <= 0 {
		panic(fmt.Sprintf("invalid size %d", size))
	}
	return size / 2
}

func main() {
	sizes := []int{640, 0, 1024}
	var wg sync.WaitGroup
	errs := make(chan error, len(sizes))
	for _, s := range sizes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() {
				if r := recover(); r != nil {
					errs <- fmt.Errorf("resize %d: %v", s, r)
				}
			}()
			fmt.Println(resize(s))
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		fmt.Println("error:", err)
	}
}
