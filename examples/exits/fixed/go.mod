module example.com/goexit-examples/exits/fixed

go 1.25
