// Pin: an ioctl parked inside the kernel with userfaultfd (`--pin`): its spelling, its
// argument, the park points (in, out, inner), the fault handler that releases it.
//
// May use: Target, Handles.
// Imports: CLinuxMedia, MediaController, SystemPackage.
