module example.com/goexit-examples/goroutines/bad

go 1.25
