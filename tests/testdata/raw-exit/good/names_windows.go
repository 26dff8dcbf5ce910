package main

import "syscall"

var kernel32 = syscall.NewLazyDLL("kernel32.dll")

// Looking up other procedures of kernel32 is fine.
func tick() uintptr {
	r, _, _ := kernel32.NewProc("GetTickCount64").Call()
	return r
}
