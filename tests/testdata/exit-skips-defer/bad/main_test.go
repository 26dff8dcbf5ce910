package main

import (
	"fmt"
	"os"
	"testing"
)

func TestMain(m *testing.M) {
	dir, _ := os.MkdirTemp("", "fixture")
	defer os.RemoveAll(dir)
	os.Exit(m.Run()) // want GX101 "os.RemoveAll\(dir\)"
}

func TestNothing(t *testing.T) { _ = fmt.Sprint(t.Name()) }
