package config

import (
	"fmt"
	"log"
	"os"
	"testing"
)

func TestMain(m *testing.M) {
	code := m.Run()
	if code != 0 {
		log.Fatal("failed")
	}
	os.Exit(code)
}

func ExampleLoad() {
	if _, err := Load("", Logger{}); err != nil {
		fmt.Println("error")
		os.Exit(0)
	}
	// Output: error
}
