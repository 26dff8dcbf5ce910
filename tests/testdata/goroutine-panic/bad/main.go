package main

import (
	"context"
	"log"
	"os"
	"sync"
	"time"

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
	var wg sync.WaitGroup
	g, _ := errgroup.WithContext(context.Background())
	var g2 errgroup.Group
	switch os.Args[len(os.Args)-1] {
	case "worker":
		go worker(&jobs[1]) // want GX301 "goroutine can panic \(worker → job.process → panic\) and has no recover"
		time.Sleep(time.Second)
	case "wggo":
		wg.Go(func() { // want GX301 "goroutine started by sync.WaitGroup.Go can panic \(validate → log.Panicf\)"
			validate("")
		})
	case "errgroup":
		g.Go(func() error { // want GX301 "errgroup.Group.Go"
			validate("")
			return nil
		})
	case "trygo":
		g2.TryGo(func() error { // want GX301
			panic("boom")
		})
	case "closure":
		check := func(s string) { validate(s) } // defined outside the go statement
		go check("")                            // want GX301 "goroutine can panic \(validate → log.Panicf\) and has no recover"
		time.Sleep(time.Second)
	case "generic":
		startGeneric()
	case "generic-caller":
		startGenericCaller()
	case "closure-call":
		closureInGoroutine()
	case "constructed":
		startServer()
	case "constructed-literal":
		startServerInLiteral()
	case "direct":
		wg.Add(1)
		go func() { // want GX301 "goroutine can panic \(panic\)"
			defer wg.Done() // a defer that does not recover does not help
			panic("direct")
		}()
	}
	wg.Wait()
	_ = g.Wait()
	_ = g2.Wait()
}
