// Command resize processes images in parallel. One bad input panics a worker and the
// whole process dies with status 2; the recover meant to stop it does nothing.
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
	defer recover() // GX302: recover must be called by a deferred function
	sizes := []int{640, 0, 1024}
	var wg sync.WaitGroup
	for _, s := range sizes {
		wg.Add(1)
		go func() { // GX301: resize can panic, nothing recovers
			defer wg.Done()
			fmt.Println(resize(s))
		}()
	}
	wg.Wait()
}
