module example.com/goexit-examples/goroutines/fixed

go 1.25
