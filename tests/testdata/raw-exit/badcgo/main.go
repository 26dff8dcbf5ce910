package main

// #include <stdlib.h>
import "C"

import "os"

func main() {
	if len(os.Args) > 1 {
		C.exit(1) // want GX201 "C.exit"
	}
}
