package main

import (
	"os"
	"os/signal"
	"syscall"
)

func main() {
	c := make(chan os.Signal)
	signal.Notify(c, os.Interrupt, syscall.SIGTERM) // want GX404 "unbuffered channel c"
	zero := make(chan os.Signal, 0)
	signal.Notify(zero, os.Interrupt, syscall.SIGTERM) // want GX404 "unbuffered channel zero"
	signal.Notify(make(chan os.Signal), syscall.SIGTERM, os.Interrupt) // want GX404
	select {
	case <-c:
	case <-zero:
	}
}
