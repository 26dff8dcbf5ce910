package work

import (
	"sync"
	"testing"
)

func TestErrorInGoroutine(t *testing.T) {
	errs := make(chan error, 1)
	go func() {
		errs <- nil
		t.Error("Error is safe from any goroutine")
	}()
	if err := <-errs; err != nil {
		t.Fatal(err) // on the test goroutine
	}
}

// A subtest's own t is fine in its own function.
func TestSubtests(t *testing.T) {
	t.Run("sub", func(t *testing.T) {
		t.Fatal("fine: the subtest's goroutine")
	})
}

// A goroutine that declares its own *testing.T parameter belongs to that T.
func TestParallelHelper(t *testing.T) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t.Run("inner", func(t *testing.T) {
			t.Skip("skips the subtest")
		})
	}()
	wg.Wait()
}
