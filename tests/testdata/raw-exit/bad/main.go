package main

import (
	"os"
	"syscall"

	"golang.org/x/sys/unix"
)

func main() {
	if len(os.Args) > 3 {
		syscall.Exit(1) // want GX201 "syscall.Exit ends the process below the Go runtime: no deferred call runs"
	}
	if len(os.Args) > 2 {
		unix.Exit(2) // want GX201 "unix.Exit"
	}
	if len(os.Args) > 1 {
		syscall.Syscall(syscall.SYS_EXIT_GROUP, 3, 0, 0) // want GX201 "Syscall\(syscall.SYS_EXIT_GROUP"
	}
	sys := syscall.SYS_EXIT
	_ = sys
}
