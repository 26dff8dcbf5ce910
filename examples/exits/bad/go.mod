module example.com/goexit-examples/exits/bad

go 1.25
