// MediaStress: the stress engine: unbind/bind cycles of a media device's driver with
// handles held, ioctls hammered and parked, file operations across the unbind, the kernel
// log read; and the sweep of every ioctl and file operation. Its folders are layers,
// bottom first: Target; Handles; Pin and Stream; FileOps; Engine; Safety and Report; Sweep.
//
// May use: MediaController, KernelLog and KTAP (never the executables).
// Imports: CLinuxMedia, CZlib, FoundationEssentials, KTAP, KernelLog, MediaController, SystemPackage.
