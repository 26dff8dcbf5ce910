package main

import (
	"fmt"
	"log"
	"sync"
)

func work(n int) {
	if n < 0 {
		panic("negative")
	}
}

func protect() {
	if r := recover(); r != nil {
		log.Print("recovered: ", r)
	}
}

// A helper with its own recover absorbs its panics.
func safeWork(n int) {
	defer protect()
	work(n)
}

func quiet() { fmt.Println("no panic here") }

// An invariant check three calls down is not counted as the goroutine's own panic.
func level1() { level2() }
func level2() { level3() }
func level3() {
	if len(fmt.Sprint()) > 0 {
		panic("unreachable")
	}
}

func main() {
	var wg sync.WaitGroup
	wg.Add(4)
	go func() {
		defer wg.Done()
		defer func() {
			if r := recover(); r != nil {
				log.Print("recovered: ", r)
			}
		}()
		work(-1)
	}()
	go func() {
		defer wg.Done()
		defer protect()
		work(-2)
	}()
	go func() {
		defer wg.Done()
		safeWork(-3)
	}()
	go func() {
		defer wg.Done()
		quiet()
	}()
	wg.Wait()
	// A recover in a closure held by a variable, deferred by that variable.
	handler := func() {
		if r := recover(); r != nil {
			log.Print("recovered: ", r)
		}
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer handler()
		work(-4)
	}()
	wg.Wait()
	go quiet()
	go level1()
	startIndexed(&wg)
}
