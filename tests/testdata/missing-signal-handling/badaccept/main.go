package main

import (
	"log"
	"net"
)

func main() {
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		log.Print(err)
		return
	}
	for { // want GX401 "Accept loop"
		conn, err := lis.Accept()
		if err != nil {
			return
		}
		go conn.Close()
	}
}
