package config

import (
	"log"
	"os"

	"k8s.io/klog/v2"
)

func MustLoad(path string) string {
	if path == "" {
		log.Fatal("no config path") // want GX102 "log.Fatal in package config ends the caller's process"
	}
	return path
}

func Check(ok bool) {
	if !ok {
		klog.Exitf("check failed") // want GX102 "klog.Exitf"
	}
	func() {
		os.Exit(3) // want GX102
	}()
}

// A logger's exit in a defer statement still ends the process (when Close returns).
func Close() {
	logger := log.New(os.Stderr, "config: ", 0)
	defer logger.Fatal("closed") // want GX102 "log.Logger.Fatal"
}

func Flush(n int) {
	logger := log.New(os.Stderr, "config: ", 0)
	n = n + 1
	// A comment that ends in a period.
	logger.Fatal(n) // want GX102 "log.Logger.Fatal"
}
