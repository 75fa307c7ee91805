/*
 * timeit: wall and CPU time of whole processes, two sides run alternately.
 *
 *   timeit [-n RUNS] [-w WARMUP] -a 'CMD ARGS' [-a ...] [-b 'CMD ARGS' ...]
 *
 * One run of a side runs its commands one after the other (a loop without a
 * shell), each with stdin, stdout and stderr on /dev/null. Runs go A B B A A B ...
 * so that a drifting machine hurts neither side. Commands are split on spaces (no
 * quoting). Prints one line of key=value pairs: per side the median, min and max
 * wall milliseconds and the median CPU (user+sys) milliseconds, and the ratio A/B
 * of the pairs (median, min, max). Exits 1 when a command fails (naming it),
 * 2 on usage errors. Part of Scripts/bench (compiled with gcc -O2 by Scripts/bench/run).
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

#define MAX_COMMANDS 128
#define MAX_ARGS 32
#define MAX_RUNS 1000

struct side {
    int count;
    char *argv[MAX_COMMANDS][MAX_ARGS + 1];
    char *text[MAX_COMMANDS];
    double wall[MAX_RUNS], cpu[MAX_RUNS];
};

static struct side sides[2];

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

static double seconds(struct timeval t) { return t.tv_sec + t.tv_usec / 1e6; }

static void add_command(struct side *side, const char *text) {
    if (side->count == MAX_COMMANDS) { fprintf(stderr, "timeit: too many commands\n"); exit(2); }
    char *copy = strdup(text);
    side->text[side->count] = strdup(text);
    int n = 0;
    for (char *word = strtok(copy, " "); word; word = strtok(NULL, " ")) {
        if (n == MAX_ARGS) { fprintf(stderr, "timeit: too many arguments in '%s'\n", text); exit(2); }
        side->argv[side->count][n++] = word;
    }
    if (n == 0) { fprintf(stderr, "timeit: empty command\n"); exit(2); }
    side->argv[side->count][n] = NULL;
    side->count++;
}

/* Runs every command of a side once; the wall and CPU seconds of the whole. */
static void run_side(struct side *side, double *wall, double *cpu) {
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
    double start = now(), used = 0;
    for (int i = 0; i < side->count; i++) {
        pid_t pid;
        int error = posix_spawnp(&pid, side->argv[i][0], &actions, NULL, side->argv[i], environ);
        if (error) { fprintf(stderr, "timeit: cannot start '%s': %s\n", side->text[i], strerror(error)); exit(1); }
        int status;
        struct rusage usage;
        while (wait4(pid, &status, 0, &usage) < 0) {}
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
            fprintf(stderr, "timeit: '%s' failed (status 0x%x)\n", side->text[i], status);
            exit(1);
        }
        used += seconds(usage.ru_utime) + seconds(usage.ru_stime);
    }
    *wall = now() - start;
    *cpu = used;
    posix_spawn_file_actions_destroy(&actions);
}

static int compare(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Sorts a copy; the median (mean of the middle two for an even count). */
static double median(const double *values, int n, double *min, double *max) {
    double sorted[MAX_RUNS];
    memcpy(sorted, values, n * sizeof *values);
    qsort(sorted, n, sizeof *sorted, compare);
    if (min) *min = sorted[0];
    if (max) *max = sorted[n - 1];
    return n % 2 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
}

int main(int argc, char **argv) {
    int runs = 5, warmup = 1, option;
    while ((option = getopt(argc, argv, "n:w:a:b:")) != -1) {
        switch (option) {
        case 'n': runs = atoi(optarg); break;
        case 'w': warmup = atoi(optarg); break;
        case 'a': add_command(&sides[0], optarg); break;
        case 'b': add_command(&sides[1], optarg); break;
        default: fprintf(stderr, "usage: timeit [-n RUNS] [-w WARMUP] -a CMD [-a CMD ...] [-b CMD ...]\n"); return 2;
        }
    }
    if (runs < 1 || runs > MAX_RUNS || warmup < 0 || sides[0].count == 0) {
        fprintf(stderr, "timeit: need -a CMD and 1 <= RUNS <= %d\n", MAX_RUNS);
        return 2;
    }
    int paired = sides[1].count > 0;
    for (int i = 0; i < warmup; i++) {
        double wall, cpu;
        run_side(&sides[0], &wall, &cpu);
        if (paired) run_side(&sides[1], &wall, &cpu);
    }
    double ratios[MAX_RUNS];
    for (int i = 0; i < runs; i++) {
        int first = paired && (i % 2) ? 1 : 0;  /* A B, B A, A B ... */
        run_side(&sides[first], &sides[first].wall[i], &sides[first].cpu[i]);
        if (paired) run_side(&sides[!first], &sides[!first].wall[i], &sides[!first].cpu[i]);
        if (paired) ratios[i] = sides[0].wall[i] / sides[1].wall[i];
    }
    for (int s = 0; s < (paired ? 2 : 1); s++) {
        double min, max, med = median(sides[s].wall, runs, &min, &max);
        printf("%s_ms=%.3f %s_min_ms=%.3f %s_max_ms=%.3f %s_cpu_ms=%.3f ", s ? "b" : "a", med * 1e3, s ? "b" : "a",
               min * 1e3, s ? "b" : "a", max * 1e3, s ? "b" : "a", median(sides[s].cpu, runs, NULL, NULL) * 1e3);
    }
    if (paired) {
        double min, max, med = median(ratios, runs, &min, &max);
        printf("ratio=%.3f ratio_min=%.3f ratio_max=%.3f ", med, min, max);
    }
    printf("runs=%d\n", runs);
    return 0;
}
