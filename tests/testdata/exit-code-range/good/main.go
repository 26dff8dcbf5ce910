package main

import "os"

const failure = 300

func code() int { return 1000 }

func main() {
	if len(os.Args) > 3 {
		os.Exit(125)
	}
	if len(os.Args) > 2 {
		os.Exit(code()) // not a constant: unknown
	}
	if len(os.Args) > 1 {
		os.Exit(0)
	}
	os.Exit(2)
}
