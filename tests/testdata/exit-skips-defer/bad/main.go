package main

import (
	"bufio"
	"fmt"
	"log"
	stdos "os"
)

func write(path string) {
	f, err := stdos.Create(path)
	if err != nil {
		log.Fatal(err) // no defer pending yet: clean
	}
	defer f.Close()
	w := bufio.NewWriter(f)
	defer w.Flush()
	if _, err := fmt.Fprintln(w, "data"); err != nil || stdos.Getenv("FAIL_WRITE") != "" {
		log.Fatalf("write: %v", err) // want GX101 "log.Fatalf exits without running 2 pending defers: w.Flush\(\) \(line 17\), f.Close\(\) \(line 15\)"
	}
	stdos.Exit(0) // want GX101
}

func conditional(verbose bool) {
	if verbose {
		defer fmt.Println("done")
	}
	stdos.Exit(1) // want GX101 "1 pending defer: fmt.Println"
}

func loop(items []string) {
	for _, item := range items {
		if item == "" {
			stdos.Exit(2) // want GX101 "pending defer: fmt.Println\(item\) \(line 36\)"
		}
		defer fmt.Println(item)
	}
}

func viaChain() {
	defer fmt.Println("cleanup")
	run() // want GX101 "call to run may exit \(run → fail → os.Exit\) without running 1 pending defer"
}

func viaLiteral() {
	defer fmt.Println("cleanup")
	func() { // want GX101 "call to func literal may exit \(func literal → os.Exit\)"
		stdos.Exit(3)
	}()
}

func main() {
	if len(stdos.Args) < 2 {
		return
	}
	switch stdos.Args[1] {
	case "write":
		write("out.txt")
	case "conditional":
		conditional(true)
	case "loop":
		loop([]string{"a", ""})
	case "chain":
		viaChain()
	case "literal":
		viaLiteral()
	case "dot":
		dotImport()
	case "method":
		(&logger{}).process()
	case "custom":
		customLogger()
	case "default":
		defaultLogger()
	case "constructor":
		viaConstructor()
	case "generic":
		genericConversion(nil)
	case "generic-index":
		genericIndex()
	case "generic-parenthesized":
		genericParenthesized(nil)
	case "generic-two":
		genericTwoArguments()
	case "alias":
		aliasPackageVar()
	case "alias-group":
		aliasInGroup()
	case "alias-local":
		aliasLocal()
	case "alias-chain":
		aliasChain()
	case "alias-other":
		aliasOtherFile()
	case "field":
		newService().save(true)
	case "field-local":
		fieldOfLocal(true)
	}
}
