/*
 * CProcessWait — waiting for a child process to exit, with a timeout and without polling.
 *
 * POSIX has no waitpid with a timeout; Linux (5.3 and later) gives a process a file descriptor
 * (pidfd) that becomes readable when it exits, so poll(2) can wait for the exit and a deadline
 * at once. Swift cannot call the variadic syscall(2) that opens one, hence this C file.
 */
#ifndef CPROCESSWAIT_H
#define CPROCESSWAIT_H

#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Waits up to `timeout_ms` milliseconds for the child `pid` to exit and reaps it.
 * Returns 1 when it exited (its wait status in *status), 0 when the time ran out (the child still
 * runs), and -1 when pidfds are unavailable (a kernel before Linux 5.3) or `pid` could not be
 * reaped after it exited (not our child); errno says why, and the caller falls back to
 * waitpid(WNOHANG) at intervals. */
int hc_wait_child(pid_t pid, int timeout_ms, int *status);

#ifdef __cplusplus
}
#endif

#endif
