// Command api serves HTTP. docker stop sends SIGTERM, which kills it on the spot: the
// deferred flush of the audit log never runs and in-flight requests are cut.
package main

import (
	"bufio"
	"log"
	"net/http"
	"os"
)

func main() {
	audit := bufio.NewWriter(os.Stdout)
	defer audit.Flush()
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		audit.WriteString(r.URL.Path + "\n")
		w.Write([]byte("ok\n"))
	})
	if err := http.ListenAndServe("127.0.0.1:8080", nil); err != nil { // GX401
		log.Print(err)
	}
}
