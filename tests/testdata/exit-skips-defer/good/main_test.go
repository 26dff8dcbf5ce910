package main

import (
	"os"
	"testing"
)

// Since Go 1.15 TestMain may return: the defers run and the binary exits with m.Run's code.
func TestMain(m *testing.M) {
	dir, _ := os.MkdirTemp("", "fixture")
	defer os.RemoveAll(dir)
	m.Run()
}
