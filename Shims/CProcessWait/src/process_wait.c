#define _GNU_SOURCE
#include "CProcessWait.h"

#include <errno.h>
#include <poll.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long long now_ms(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

int hc_wait_child(pid_t pid, int timeout_ms, int *status) {
#ifdef SYS_pidfd_open
    int fd = (int)syscall(SYS_pidfd_open, pid, 0);
    if (fd < 0) return -1;
    long long deadline = now_ms() + (timeout_ms > 0 ? timeout_ms : 0);
    int rc;
    for (;;) {
        long long left = deadline - now_ms();
        struct pollfd p = {.fd = fd, .events = POLLIN, .revents = 0};
        rc = poll(&p, 1, left > 0 ? (int)left : 0);
        if (rc >= 0 || errno != EINTR) break;   /* a signal: wait out the rest of the time */
    }
    int saved = errno;
    close(fd);
    if (rc < 0) { errno = saved; return -1; }
    if (rc == 0) return 0;
    pid_t reaped;
    do { reaped = waitpid(pid, status, 0); } while (reaped < 0 && errno == EINTR);
    return reaped == pid ? 1 : -1;
#else
    (void)pid; (void)timeout_ms; (void)status;
    errno = ENOSYS;
    return -1;
#endif
}
