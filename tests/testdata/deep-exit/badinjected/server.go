// Package injected is handed its logger by the program that uses it: its code
// names the logger's type in a struct type only, and never makes one.
package injected

import (
	"fmt"
	"log"
	"os"
)

// Server logs through the logger its caller sets.
type Server struct {
	Log *log.Logger
	Dir    string
}

// Save writes the state to a scratch file it removes afterwards.
func (s *Server) Save(state string) {
	scratch, err := os.CreateTemp(s.Dir, "state")
	if err != nil {
		s.Log.Fatalf("scratch: %v", err) // want GX102 "Fatalf in package injected ends the caller's process"
	}
	defer os.Remove(scratch.Name())
	if _, err := fmt.Fprint(scratch, state); err != nil {
		s.Log.Fatalf("write: %v", err) // want GX101 "Fatalf exits without running 1 pending defer: os.Remove" GX102
	}
}

func (s *Server) must(err error) {
	if err != nil {
		s.Log.Fatal(err) // want GX102
	}
}

// Load reads the first byte of a file.
func (s *Server) Load(path string) byte {
	f, err := os.Open(path)
	s.must(err)
	defer f.Close()
	first := make([]byte, 1)
	_, err = f.Read(first)
	s.must(err) // want GX101 "call to Server.must may exit \(Server.must → .*Fatal\)"
	return first[0]
}
