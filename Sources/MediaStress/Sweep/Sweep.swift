// Sweep: the sweep: cells (every UAPI ioctl at each park point, every file operation),
// their runs, the state carried across boots, and SWEEP.md.
//
// May use: Target, Handles, Pin, Stream, FileOps, Engine, Safety, Report.
// Imports: FoundationEssentials, KTAP, KernelLog, MediaController.
