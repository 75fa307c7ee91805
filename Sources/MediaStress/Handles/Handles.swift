// Handles: descriptors held across the unbind, the UAPI ioctl table and the probes
// issued on held nodes, hammer threads, and the checks of the post-unbind contract.
//
// May use: Target.
// Imports: CLinuxMedia, MediaController, SystemPackage.
