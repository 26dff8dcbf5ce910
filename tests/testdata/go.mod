module example.com/goexit/testdata

go 1.26.0

require (
	golang.org/x/sync v0.25.0
	golang.org/x/sys v0.31.0
	k8s.io/klog/v2 v2.130.1
)

require github.com/go-logr/logr v1.4.1 // indirect
