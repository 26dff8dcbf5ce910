package main

import (
	"fmt"
	. "os"
)

func dotImport() {
	defer fmt.Println("cleanup")
	Exit(4) // want GX101 "os.Exit exits"
}

type logger struct{ prefix string }

func (l *logger) fatal(msg string) {
	fmt.Println(l.prefix, msg)
	Exit(5)
}

func (l *logger) process() {
	defer fmt.Println("closing")
	l.fatal("bad") // want GX101 "call to logger.fatal may exit"
}

type server struct{ name string }

func newServer(name string) *server { return &server{name: name} }

func (s *server) abort() {
	fmt.Println("aborting", s.name)
	Exit(6)
}

func viaConstructor() {
	defer fmt.Println("cleanup")
	srv := newServer("api")
	srv.abort() // want GX101 "call to server.abort may exit \(server.abort → os.Exit\)"
}
