package main

import "os"

func run() {
	fail("boom")
}

func fail(msg string) {
	println(msg)
	os.Exit(1)
}
