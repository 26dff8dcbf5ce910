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
