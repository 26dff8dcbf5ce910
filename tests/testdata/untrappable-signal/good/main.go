package main

import (
	"os"
	"os/signal"
	"syscall"
)

// Sending SIGKILL to a child is fine; only trapping it is pointless.
func stopChild(p *os.Process) error {
	return p.Signal(os.Kill)
}

func main() {
	c := make(chan os.Signal, 1)
	signal.Notify(c, os.Interrupt, syscall.SIGTERM)
	signal.Ignore(syscall.SIGPIPE)
	signal.Reset(syscall.SIGHUP)
	kill := syscall.SIGKILL
	_ = kill
	if p, err := os.FindProcess(1 << 30); err == nil {
		_ = stopChild(p)
	}
	<-c
}
