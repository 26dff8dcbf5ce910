package main

import (
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
)

func serve(lis net.Listener) error {
	mux := http.NewServeMux()
	srv := &http.Server{Handler: mux}
	return srv.Serve(lis)
}

func main() {
	spool, err := os.CreateTemp("", "spool")
	if err != nil {
		log.Print(err)
		return
	}
	defer os.Remove(spool.Name())
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		log.Print(err)
		return
	}
	fmt.Println("listening on", lis.Addr())
	if err := serve(lis); err != nil { // want GX401 "main runs until it is killed \(serve → http.Server.Serve\).*skips 1 defer of main: os.Remove\(spool.Name\(\)\) \(line 23\)"
		log.Print(err)
	}
}
