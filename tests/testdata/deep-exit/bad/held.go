package config

import "os"

// osExit is swapped for a fake in tests, as many programs do.
var osExit = os.Exit

// abort exits directly, and through the variable: both end the caller's process.
func abort(code int) {
	if code > 1 {
		os.Exit(code) // want GX102
	}
	osExit(code) // want GX102 "os.Exit in package config ends the caller's process"
}
