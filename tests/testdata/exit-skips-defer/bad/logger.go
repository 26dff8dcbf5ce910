package main

import (
	"fmt"
	"log"
	"os"
)

func customLogger() {
	lg := log.New(os.Stderr, "app: ", 0)
	defer fmt.Println("cleanup")
	lg.Fatal("bad") // want GX101 "log.Logger.Fatal exits"
}

func defaultLogger() {
	defer fmt.Println("cleanup")
	log.Default().Fatalln("bad") // want GX101
}
