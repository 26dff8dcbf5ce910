package config

import (
	"log"
	"os"
	"testing"
)

func helper() {
	log.Fatal("helpers in tests still end the test binary") // want GX102
}

func TestLoad(t *testing.T) {
	if MustLoad("x") != "x" || os.Getenv("FIXTURE_FAIL") != "" {
		helper()
	}
}
