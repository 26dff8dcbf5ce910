package config

import (
	"errors"
	"log"
)

type Logger struct{}

func (Logger) Fatal(v ...any) {}

// Methods of an in-package type named like log.Fatal are not exits.
func Load(path string, log Logger) (string, error) {
	if path == "" {
		log.Fatal("no path")
		return "", errors.New("no config path")
	}
	return path, nil
}

// log.Panic unwinds and can be recovered: not an exit.
func MustNotBeEmpty(s string) {
	if s == "" {
		panicf()
	}
}

func panicf() { log.Panic("empty") }
