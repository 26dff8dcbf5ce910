module example.com/goexit-examples/signals/fixed

go 1.25
