// Safety: what keeps a run from hurting the machine or another user: preflight, the lock
// and journal per device, recovery of killed runs, and the session that runs the engine
// guarded by them.
//
// May use: Target, Handles, Pin, Stream, FileOps, Engine.
// Imports: KernelLog, MediaController, SystemPackage.
