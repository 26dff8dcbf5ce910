package main

import (
	"os"
	"syscall"

	"golang.org/x/sys/windows"
)

var kernel32 = windows.NewLazySystemDLL("kernel32.dll")

func lazyDLL() {
	proc := syscall.NewLazyDLL("kernel32.dll").NewProc("ExitProcess")
	proc.Call(1) // want GX201 "ExitProcess \(looked up through syscall.NewLazyDLL\) ends the process.*windows-only file"
}

func chained() {
	kernel32.NewProc("ExitProcess").Call(2) // want GX201
}

func loadLibrary() {
	h, err := syscall.LoadLibrary("kernel32.dll")
	if err != nil {
		return
	}
	addr, err := syscall.GetProcAddress(h, "ExitProcess")
	if err != nil {
		return
	}
	syscall.SyscallN(addr, 3) // want GX201
}

func lookupOnly() *windows.LazyProc {
	return kernel32.NewProc("ExitProcess") // want GX201 "ExitProcess looked up through kernel32.NewProc: calling it"
}

func main() {
	if len(os.Args) > 1 {
		windows.ExitProcess(4) // want GX201 "windows.ExitProcess"
	}
	lazyDLL()
	chained()
	loadLibrary()
	_ = lookupOnly()
}
