/// What `mediactl stress unbind` was asked to do.
package struct StressConfiguration: Sendable, Codable, Equatable {
    package var cycles: Int
    /// Stop starting cycles after this many seconds (nil: run `cycles`).
    package var duration: Double?
    package var hold: [NodeKind]
    /// Hammer threads issuing ioctls on the held descriptors while they are held.
    package var hammerThreads: Int
    /// How long the hammers run before each unbind, in seconds.
    package var hammerSeconds: Double
    /// Keep the hammers running through the unbind (races them against it).
    package var hammerAcrossUnbind: Bool
    package var pin: PinnedIoctl?
    /// A file operation held or raced across the unbind (`--file-op`).
    package var fileOperation: FileOperation?
    /// Stream from a capture node across the unbind.
    package var stream: Bool
    package var seed: UInt64
    /// Go on after a finding instead of stopping at the first.
    package var keepGoing: Bool
    /// Timeout for nodes to disappear or appear, in seconds.
    package var nodeTimeout: Double
    /// Wait for udevd to handle the "add" events after each bind, so its helpers
    /// (v4l_id opens every new node) do not race the next unbind.
    package var settleUdev: Bool
    /// Seconds a cycle waits after the bind before it reads the kernel log, for releases the
    /// kernel delays (CONFIG_DEBUG_KOBJECT_RELEASE: up to 4 s) to run and show what they
    /// touch. Nil until the session decides (`--release-wait`, else from the kernel).
    package var releaseWait: Double?

    package init(
        cycles: Int = 1, duration: Double? = nil, hold: [NodeKind] = NodeKind.defaultHold, hammerThreads: Int = 0,
        hammerSeconds: Double = 0.2, hammerAcrossUnbind: Bool = false, pin: PinnedIoctl? = nil,
        fileOperation: FileOperation? = nil, stream: Bool = false,
        seed: UInt64 = 1, keepGoing: Bool = false, nodeTimeout: Double = 30,
        settleUdev: Bool = true, releaseWait: Double? = nil
    ) {
        self.cycles = cycles
        self.duration = duration
        self.hold = hold
        self.hammerThreads = hammerThreads
        self.hammerSeconds = hammerSeconds
        self.hammerAcrossUnbind = hammerAcrossUnbind
        self.pin = pin
        self.fileOperation = fileOperation
        self.stream = stream
        self.seed = seed
        self.keepGoing = keepGoing
        self.nodeTimeout = nodeTimeout
        self.settleUdev = settleUdev
        self.releaseWait = releaseWait
    }
}
