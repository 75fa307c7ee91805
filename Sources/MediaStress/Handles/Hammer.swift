import Glibc
import MediaController
import Synchronization
import SystemPackage

/// Threads that loop over a seeded random mix of ioctls on the held descriptors,
/// plus open/close churn on the target's nodes, until stopped. Without handles they only
/// open and close (`--file-op open`).
package final class Hammer: Sendable {
    private let stopFlag = Atomic<Bool>(false)
    private let running = Atomic<Int>(0)
    private let results = Mutex(OutcomeCounts())

    package init() {}

    /// Starts `threads` threads; returns how many started.
    package func start(
        threads: Int, handles: [HeldHandle], probes: [IoctlProbe], churnPaths: [String], seed: UInt64
    ) -> Int {
        var started = 0
        for index in 0..<threads {
            running.add(1, ordering: .sequentiallyConsistent)
            let ok = startThread { [self] in
                var generator = SplitMix64(seed: seed &+ UInt64(index))
                var local = OutcomeCounts()
                var iteration = 0
                while !stopFlag.load(ordering: .relaxed) {
                    iteration += 1
                    if !churnPaths.isEmpty, handles.isEmpty || iteration % 64 == 0 {
                        let path = churnPaths[Int(generator.next() % UInt64(churnPaths.count))]
                        var failure: Errno?
                        do throws(MediaError) {
                            _ = try OwnedDescriptor(opening: path, .readWrite, options: .nonBlocking).close()
                        } catch {
                            failure = error.errno
                        }
                        // Without handles the opens race the unbind, where an oops may end the
                        // thread before it merges its counts: each open is counted at once.
                        if handles.isEmpty {
                            results.withLock { $0.record("open/close", failure) }
                        } else {
                            local.record("open/close", failure)
                        }
                        continue
                    }
                    guard !handles.isEmpty else { break }
                    let handle = handles[Int(generator.next() % UInt64(handles.count))]
                    let candidates = probes.filter { $0.kind == handle.node.kind }
                    guard !candidates.isEmpty else { continue }
                    let probe = candidates[Int(generator.next() % UInt64(candidates.count))]
                    local.record(probe.name, probe.run(handle.fileDescriptor))
                }
                results.withLock { $0.merge(local) }
                running.subtract(1, ordering: .sequentiallyConsistent)
            }
            if ok {
                started += 1
            } else {
                running.subtract(1, ordering: .sequentiallyConsistent)
            }
        }
        return started
    }

    /// Asks the threads to stop and waits up to `timeout` seconds for them.
    /// Returns how many are still running (stuck in the kernel).
    package func stop(timeout: Double = 5) -> Int {
        stopFlag.store(true, ordering: .relaxed)
        let start = MonotonicClock.now
        while running.load(ordering: .sequentiallyConsistent) > 0, MonotonicClock.now - start < timeout {
            usleep(1000)
        }
        return running.load(ordering: .sequentiallyConsistent)
    }

    /// What the threads recorded.
    package var outcomes: OutcomeCounts { results.withLock { $0 } }
}

/// A small seeded generator, so `--seed` reproduces the same ioctl order.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
