package main

import (
	"os"
	"os/signal"
	"syscall"
)

func capacity() int { return 4 }

func main() {
	c := make(chan os.Signal, 1)
	signal.Notify(c, os.Interrupt, syscall.SIGTERM)
	n := make(chan os.Signal, capacity()) // not a constant: assume buffered
	signal.Notify(n, syscall.SIGTERM, os.Interrupt)
	other := make(chan int) // unbuffered, but not a signal channel
	go func() { other <- 1 }()
	<-other
	if len(os.Args) > 1 {
		c := make(chan os.Signal) // shadows c in this block only
		_ = c
	}
	signal.Notify(c, syscall.SIGHUP) // the outer, buffered c
	select {
	case <-c:
	case <-n:
	}
}
