package main

import "os"

func main() {
	if len(os.Args) > 1 {
		os.Exit(1 // want GX000 "syntax error at line 7"
	}
}
