//go:build !linux

package main

// heapHugePages does nothing outside Linux (hugepages_linux.go).
func heapHugePages(int) {}
