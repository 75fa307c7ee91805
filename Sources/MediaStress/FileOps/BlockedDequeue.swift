import CLinuxMedia
import Glibc
import MediaController
import Synchronization
import SystemPackage

/// `--file-op dqbuf`: a capture queue streaming with its buffers queued, and a thread in a
/// blocking VIDIOC_DQBUF that queues each frame back and waits again, across the unbind or
/// the unplug (what v4l-utils' test-media does by hand with a streaming client). Once the
/// device is gone the DQBUF must return, with an error, never stay blocked.
final class BlockedDequeue: Sendable {
    private let finished = Atomic<Bool>(false)
    private let stopping = Atomic<Bool>(false)
    private let frames = Atomic<Int>(0)
    /// The errno the last DQBUF or QBUF returned (0: none yet).
    private let lastError = Atomic<Int32>(0)
    let queue: CaptureQueue
    let buffers: UInt32

    /// Allocates, queues and streams `count` MMAP buffers on `queue`, makes its descriptor
    /// blocking, and starts the thread.
    init(_ queue: CaptureQueue, count: UInt32 = 3) throws(MediaError) {
        self.queue = queue
        buffers = try queue.allocate(count)
        guard buffers >= 1 else {
            throw NotApplicable.error(.kernel, operation: "--file-op dqbuf", detail: "VIDIOC_REQBUFS allocated no buffer on \(queue.handle.node.path)")
        }
        for index in 0..<buffers { try queue.queue(index) }
        try queue.streamOn()
        let descriptor = queue.handle.fileDescriptor.rawValue
        let flags = fcntl(descriptor, F_GETFL)
        guard flags >= 0, fcntl(descriptor, F_SETFL, flags & ~O_NONBLOCK) == 0 else {
            throw MediaError(code: .ioctlFailed, errno: Errno(rawValue: errno), path: queue.handle.node.path, operation: "fcntl F_SETFL")
        }
        let started = startThread { [self] in
            while !stopping.load(ordering: .sequentiallyConsistent) {
                switch queue.dequeueIndex() {
                case .success(let index):
                    frames.add(1, ordering: .sequentiallyConsistent)
                    if case .failure(let error) = Result(catching: { () throws(MediaError) in try queue.queue(index) }) {
                        lastError.store(error.errno?.rawValue ?? -1, ordering: .sequentiallyConsistent)
                        finished.store(true, ordering: .sequentiallyConsistent)
                        return
                    }
                case .failure(let errno):
                    lastError.store(errno.rawValue, ordering: .sequentiallyConsistent)
                    finished.store(true, ordering: .sequentiallyConsistent)
                    return
                }
            }
            finished.store(true, ordering: .sequentiallyConsistent)
        }
        guard started else { throw MediaError(code: .ioctlFailed, operation: "pthread_create") }
    }

    /// Frames dequeued so far.
    var frameCount: Int { frames.load(ordering: .sequentiallyConsistent) }

    /// Waits up to `seconds` for the first frame; whether one came.
    func waitForFrame(within seconds: Double) -> Bool {
        _ = MonotonicClock.wait(within: seconds, pause: 5_000) {
            frameCount > 0 || finished.load(ordering: .sequentiallyConsistent)
        }
        return frameCount > 0
    }

    /// `returned ERRNO` once the thread ended within `seconds`, else `still blocked`.
    func outcome(within seconds: Double) -> String {
        guard MonotonicClock.wait(within: seconds, until: { finished.load(ordering: .sequentiallyConsistent) }) else {
            return "still blocked"
        }
        let error = lastError.load(ordering: .sequentiallyConsistent)
        return error > 0 ? "returned \(errnoName(Errno(rawValue: error)))" : "returned"
    }

    /// Ends the thread of a cycle that cannot go on: STREAMOFF wakes the blocked DQBUF.
    func stop() {
        stopping.store(true, ordering: .sequentiallyConsistent)
        var type = Int32(bitPattern: queue.bufferType)
        _ = systemIoctl(queue.handle.fileDescriptor, .streamOff, &type)
    }
}
