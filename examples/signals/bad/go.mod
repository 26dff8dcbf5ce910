module example.com/goexit-examples/signals/bad

go 1.25
