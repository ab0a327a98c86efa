//go:build unix

package sqlite

import (
	"syscall"
	"time"
)

// processCPU is the CPU time the process has used, all threads, user and
// system: SQLite's work through database/sql runs on more than one.
func processCPU() (time.Duration, bool) {
	var r syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &r); err != nil {
		return 0, false
	}
	return time.Duration(r.Utime.Nano() + r.Stime.Nano()), true
}
