package main

import (
	"os"
	"syscall"
)

func main() {
	switch len(os.Args) {
	case 1:
		os.Exit(256) // want GX103 "os.Exit\(256\) wraps to exit status 0 .* reads as success"
	case 2:
		os.Exit(-1) // want GX103 "exit status 255"
	case 3:
		os.Exit(127) // want GX103 "command not found"
	case 4:
		os.Exit(130) // want GX103 "killed by SIGINT"
	case 5:
		syscall.Exit(0x1ff) // want GX103 GX201
	}
	os.Exit(259) // want GX103 "STILL_ACTIVE"
}
