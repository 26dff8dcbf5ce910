package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	c := make(chan os.Signal, 1)
	signal.Notify(c, os.Interrupt) // want GX402 "signal.Notify handles os.Interrupt but not SIGTERM"
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGHUP) // want GX402 "syscall.SIGINT"
	defer stop()
	select {
	case <-c:
	case <-ctx.Done():
	}
	fmt.Println("cleanup")
}
