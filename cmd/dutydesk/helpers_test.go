package main

import (
	"time"
)

// wait is how long a test waits for something to show: generous, because a
// loaded 2-core machine running -race is slow, and nothing sleeps for it.
const wait = 15 * time.Second
