package main

import "time"

type server struct{ port int }

func newServer(port int) *server { return &server{port: port} }

func (s *server) serve() {
	if s.port < 1024 {
		panic("privileged port")
	}
}

// The goroutine runs a method of a value an in-package constructor made, in a
// function that does nothing else the rules read.
func startServer() {
	s := newServer(80)
	go s.serve() // want GX301 "goroutine can panic \(server.serve → panic\) and has no recover"
	time.Sleep(time.Second)
}

func startServerInLiteral() {
	s := newServer(80)
	done := make(chan struct{})
	go func() { // want GX301 "goroutine can panic \(.*server.serve → panic\) and has no recover"
		defer close(done)
		s.serve()
	}()
	<-done
}
