package main

import (
	"fmt"
	"testing"
)

// Fields whose Fatal does not exit: a type of this package, and testing's (it ends the
// test's goroutine, and runs its defers).
type quietLog struct{}

func (quietLog) Fatal(v ...any) { fmt.Println(v...) }

type worker struct {
	log quietLog
	t   *testing.T
}

func (w *worker) run() {
	defer fmt.Println("cleanup")
	w.log.Fatal("not an exit")
}

func (w *worker) check(ok bool) {
	defer fmt.Println("cleanup")
	if !ok {
		w.t.Fatal("not an exit of the process")
	}
}
