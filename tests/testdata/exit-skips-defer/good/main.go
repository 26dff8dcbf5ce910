package main

import (
	"errors"
	"fmt"
	"log"
	"os"
)

type fakeLog struct{}

func (fakeLog) Fatal(v ...any) { fmt.Println(v...) }

// A local variable named like the package shadows it: log.Fatal is a method here.
func shadowedLog() {
	defer fmt.Println("cleanup")
	log := fakeLog{}
	log.Fatal("not an exit")
}

type fakeOS struct{}

func (fakeOS) Exit(code int) { fmt.Println(code) }

func shadowedOS() {
	defer fmt.Println("cleanup")
	os := fakeOS{}
	os.Exit(1)
}

// A defer inside a closure is pending in the closure, not here.
func deferInClosure() {
	cleanup := func() {
		defer fmt.Println("inner")
	}
	cleanup()
	os.Exit(1)
}

// Defer and exit in different arms of one if / switch / select: never both.
func ifArms(fail bool) {
	if fail {
		os.Exit(1)
	} else {
		defer fmt.Println("else arm")
	}
}

func switchArms(mode int) {
	switch mode {
	case 1:
		defer fmt.Println("case 1")
	case 2:
		os.Exit(2)
	}
}

func selectArms(ch chan int) {
	select {
	case <-ch:
		defer fmt.Println("received")
	default:
		log.Fatal("nothing")
	}
}

// The defer comes after the exit.
func deferAfter(fail bool) {
	if fail {
		os.Exit(1)
	}
	defer fmt.Println("later")
}

// defer os.Exit runs last by design.
func deferredExit() {
	defer os.Exit(0)
	defer fmt.Println("flush")
}

// The exit happens in a goroutine's own function, whose defers are none.
func goroutineExit() {
	defer fmt.Println("cleanup")
	go func() {
		os.Exit(1)
	}()
}

// Exit in main after the work that needed defers returned.
func run() error {
	f, err := os.CreateTemp("", "x")
	if err != nil {
		return err
	}
	defer f.Close()
	return errors.New("failed")
}

// The block that registers the defer returns: the exit after it runs with nothing pending.
func earlyReturn(path string) {
	if f, err := os.Open(path); err == nil {
		defer f.Close()
		fmt.Println(f.Name())
		return
	}
	os.Exit(1)
}

// log.Panic runs defers.
func panics() {
	defer fmt.Println("runs")
	log.Panic("boom")
}

func main() {
	shadowedLog()
	shadowedOS()
	deferInClosure()
	ifArms(false)
	switchArms(0)
	selectArms(nil)
	deferAfter(false)
	deferredExit()
	goroutineExit()
	panics()
	earlyReturn("go.mod")
	shadowedGeneric()
	indexedField(hooks{stop: []func(){func() {}}})
	genericConversion()
	aliasShadowed()
	(&worker{}).run()
	(&worker{}).check(true)
	aliasNotExit()
	done := make(chan struct{})
	aliasInGoroutine(done)
	<-done
	if len(os.Args) > 4 {
		aliasNoDefer(0)
	}
	if len(os.Args) > 2 {
		stopNow()
	}
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
