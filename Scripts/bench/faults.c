/*
 * faults: the page faults of one process, for Scripts/bench/live-gate.
 *
 *   faults COMMAND [ARGS...]
 *
 * Runs COMMAND (PATH searched) with stdout and stderr on /dev/null, waits for it and
 * prints one line: "faults=N minor=N major=N" from the kernel's accounting of that
 * process (wait4's rusage: ru_minflt + ru_majflt). No perf needed: the guest's kernel
 * and the host's perf need not match. Exits 1 when COMMAND fails (its status is
 * printed), 2 on usage errors. Compiled with gcc -O2 by Scripts/bench/live-gate.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: faults COMMAND [ARGS...]\n");
        return 2;
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
    pid_t pid;
    int error = posix_spawnp(&pid, argv[1], &actions, NULL, argv + 1, environ);
    posix_spawn_file_actions_destroy(&actions);
    if (error != 0) {
        fprintf(stderr, "faults: cannot start %s (errno %d)\n", argv[1], error);
        return 1;
    }
    int status;
    struct rusage usage;
    if (wait4(pid, &status, 0, &usage) != pid) {
        perror("faults: wait4");
        return 1;
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        fprintf(stderr, "faults: %s failed (status %d)\n", argv[1], status);
        return 1;
    }
    printf("faults=%ld minor=%ld major=%ld\n", usage.ru_minflt + usage.ru_majflt, usage.ru_minflt, usage.ru_majflt);
    return 0;
}
