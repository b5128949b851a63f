//go:build unix

package engine

import (
	"syscall"
	"time"
)

// cpuTime is the process's user and system CPU time: benchmark figures
// that the machine's other load does not inflate as it does wall time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
