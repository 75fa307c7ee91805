// Report: a run's records as text, progress lines and KTAP.
//
// May use: Target, Handles, Pin, Stream, FileOps, Engine.
// Imports: KTAP, KernelLog, MediaController.
