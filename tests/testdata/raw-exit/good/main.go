package main

import "os"

type proc struct{}

func (proc) Exit(code int) {}

func main() {
	var p proc
	p.Exit(1) // a method named Exit on a local type is not unix.Exit
	os.Exit(1)
}
