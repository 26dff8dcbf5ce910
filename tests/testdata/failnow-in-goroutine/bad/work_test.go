package work

import (
	"sync"
	"testing"
)

func check(t *testing.T, ok bool) {
	if !ok {
		t.Fatal("not ok")
	}
}

func TestGoroutine(t *testing.T) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		t.Fatalf("failed: %d", 1) // want GX303 "t.Fatalf in a goroutine started at line 16"
	}()
	<-done
}

func TestNested(t *testing.T) {
	var wg sync.WaitGroup
	wg.Go(func() {
		func() {
			t.FailNow() // want GX303
		}()
	})
	wg.Wait()
}

func TestHelper(t *testing.T) {
	var wg sync.WaitGroup
	wg.Add(1)
	go check(t, false) // want GX303 "check calls t.Fatal \(line 10\) and runs as a goroutine here"
	wg.Done()
}

func BenchmarkSkip(b *testing.B) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		b.SkipNow() // want GX303
	}()
	<-done
}
