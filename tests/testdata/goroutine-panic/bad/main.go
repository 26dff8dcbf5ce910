package main

import (
	"context"
	"log"
	"sync"

	"golang.org/x/sync/errgroup"
)

type job struct{ n int }

func (j *job) process() {
	if j.n < 0 {
		panic("negative job")
	}
}

func worker(j *job) {
	j.process()
}

func validate(s string) {
	if s == "" {
		log.Panicf("empty input")
	}
}

func main() {
	jobs := []job{{1}, {-1}}
	go worker(&jobs[1]) // want GX301 "goroutine can panic \(worker → job.process → panic\) and has no recover"

	var wg sync.WaitGroup
	wg.Go(func() { // want GX301 "goroutine started by sync.WaitGroup.Go can panic \(validate → log.Panicf\)"
		validate("")
	})
	wg.Wait()

	g, _ := errgroup.WithContext(context.Background())
	g.Go(func() error { // want GX301 "errgroup.Group.Go"
		validate("")
		return nil
	})
	var g2 errgroup.Group
	g2.TryGo(func() error { // want GX301
		panic("boom")
	})
	go func() { // want GX301 "goroutine can panic \(panic\)"
		defer wg.Done() // a defer that does not recover does not help
		panic("direct")
	}()
	_ = g.Wait()
	_ = g2.Wait()
}
