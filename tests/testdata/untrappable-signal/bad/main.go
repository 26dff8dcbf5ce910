package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"golang.org/x/sys/unix"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM, syscall.SIGKILL) // want GX403 "syscall.SIGKILL cannot be caught"
	defer stop()
	c := make(chan os.Signal, 1)
	signal.Notify(c, syscall.SIGTERM, os.Kill) // want GX403 "os.Kill"
	signal.Ignore(unix.SIGSTOP)                // want GX403 "unix.SIGSTOP cannot be caught, ignored or reset: signal.Ignore"
	signal.Reset(syscall.SIGKILL)              // want GX403
	<-ctx.Done()
}
