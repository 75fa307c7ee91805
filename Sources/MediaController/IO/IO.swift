// IO: the one way to the system: the owned descriptor, the ioctl wrapper (one EINTR
// policy, errno to MediaError), ioctl request numbers, files, signals, locks, threads.
//
// May use: no other folder of MediaController.
// Imports: CLinuxMedia, SystemPackage.
