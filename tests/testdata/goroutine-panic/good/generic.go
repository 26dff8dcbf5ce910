package main

import "sync"

// A generic function with its own recover, started with its type argument written out.
func safeCrunch[T int | float64](wg *sync.WaitGroup, n T) {
	defer wg.Done()
	defer protect()
	if n < 0 {
		panic("negative")
	}
}

// A function held in a slice, indexed and started: no generic function of that name.
func startIndexed(wg *sync.WaitGroup) {
	quietSteps := []func(){quiet}
	wg.Add(1)
	go safeCrunch[int](wg, -1)
	go quietSteps[0]()
}
