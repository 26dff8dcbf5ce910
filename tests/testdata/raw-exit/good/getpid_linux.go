package main

import "syscall"

// Other system calls are not exits.
func getpid() uintptr {
	r, _, _ := syscall.Syscall(syscall.SYS_GETPID, 0, 0, 0)
	return r
}

var _ = getpid
