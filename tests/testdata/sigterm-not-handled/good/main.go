package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"golang.org/x/sys/unix"
)

func signals() []os.Signal { return []os.Signal{os.Interrupt, syscall.SIGTERM} }

func main() {
	all := make(chan os.Signal, 1)
	signal.Notify(all) // every signal
	term := make(chan os.Signal, 1)
	signal.Notify(term, os.Interrupt, unix.SIGTERM)
	some := make(chan os.Signal, 1)
	signal.Notify(some, signals()...) // not a literal list: unknown
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP) // no SIGINT: a reload handler
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	<-ctx.Done()
	fmt.Println("cleanup")
}
