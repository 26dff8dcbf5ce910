package main

import "os"

// A file may end without a newline: gofmt adds one, the compiler needs none.
func exitWith(code exitCode) {
	os.Exit(int(code))
}

type exitCode int