package main

import (
	"database/sql"
	"log"
	"net/http"
)

func serve(db *sql.DB) error {
	mux := http.NewServeMux()
	srv := &http.Server{Addr: ":8080", Handler: mux}
	return srv.ListenAndServe()
}

func main() {
	db, err := sql.Open("postgres", "")
	if err != nil {
		log.Print(err)
		return
	}
	defer db.Close()
	if err := serve(db); err != nil { // want GX401 "main runs until it is killed \(serve → http.Server.ListenAndServe\).*skips 1 defer of main: db.Close\(\) \(line 21\)"
		log.Print(err)
	}
}
