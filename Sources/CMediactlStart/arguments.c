// The process's arguments for Swift's CommandLine, handed over by glibc instead of found
// by a scan. Linked into the mediactl executable only.
//
// The static Swift runtime (libswiftCore.a, member CommandLine.cpp.o) gets argv on Linux
// with a constructor that reads /proc/self/maps and sscanf()s every line to find the
// stack, then walks back from environ: 8 system calls and about 113,000 instructions
// before main, in every process, used or not (Scripts/bench/RESULTS.md, "Start-up").
// That member defines exactly the two functions below; an object that defines them first
// keeps the linker from taking the member out of the archive, and its constructor with
// it. glibc calls the constructors of the executable with (argc, argv, envp), so the
// arguments are taken from there: no system call, no parse.
//
// A toolchain whose CommandLine.cpp.o defines another symbol the program uses fails to
// link (duplicate definitions): loud, not wrong. With a shared Swift runtime (debug
// builds, tests) the library keeps its own copy; both give the same arguments.

#include <stddef.h>

static int startArgc;
static char **startArgv;
static int overrideArgc;
static char **overrideArgv;
static char *noArguments[] = {NULL};

__attribute__((constructor)) static void mediactl_capture_arguments(int argc, char **argv, char **envp) {
    (void)envp;
    startArgc = argc;
    startArgv = argv;
}

// Swift's CommandLine.unsafeArgv setter and the like: arguments that replace the process's.
void _swift_stdlib_overrideUnsafeArgvArgc(char **argv, int argc) {
    overrideArgv = argv;
    overrideArgc = argc;
}

// What Swift's CommandLine.arguments is built from.
char **_swift_stdlib_getUnsafeArgvArgc(int *outArgLen) {
    if (overrideArgv != NULL) {
        *outArgLen = overrideArgc;
        return overrideArgv;
    }
    if (startArgv == NULL) {
        *outArgLen = 0;
        return noArguments;
    }
    *outArgLen = startArgc;
    return startArgv;
}
