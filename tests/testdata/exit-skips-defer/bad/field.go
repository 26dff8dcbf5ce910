package main

import (
	"fmt"
	"log"
	"os"
)

// A logger held in a struct field, as services keep theirs.
type service struct {
	audit *log.Logger
	name  string
}

func newService() *service {
	return &service{audit: log.New(os.Stderr, "svc ", 0), name: "svc"}
}

func (s *service) save(broken bool) {
	defer fmt.Println("cleanup")
	if broken {
		s.audit.Fatalf("%s: save failed", s.name) // want GX101 "log.Logger.Fatalf exits without running 1 pending defer"
	}
}

func fieldOfLocal(broken bool) {
	svc := newService()
	defer fmt.Println("cleanup")
	if broken {
		svc.audit.Fatal("failed") // want GX101 "log.Logger.Fatal exits without running 1 pending defer"
	}
}
