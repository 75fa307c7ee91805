// Engine: the cycle: StressEngine runs unbind/bind cycles as named steps with
// StressConfiguration, and records what happened (StressReport, CycleReport).
//
// May use: Target, Handles, Pin, Stream, FileOps.
// Imports: KernelLog, MediaController, SystemPackage.
