import CLinuxMedia
import Glibc
import MediaController
import SystemPackage

/// One cycle's `--file-op`: started before the unbind (`init`), observed after it
/// (`afterUnbind`), its last reference dropped once the held nodes are closed
/// (`afterHandlesClosed`), its threads stopped after the bind (`afterBind`). Each step adds
/// a line to `report` and its checks to the cycle's contract.
final class FileOperationRun {
    let operation: FileOperation
    var report: FileOperationReport
    /// The read(2) parked in a userfaultfd fault (`read`): the unbind runs beside it.
    private(set) var parked: UserfaultPin?
    var mapping: (address: UnsafeMutableRawPointer, length: Int)?
    /// The request of `request*`, held on its media node.
    var request: HeldHandle?
    var poller: RequestPoll?
    /// The mem2mem context's capture queue (`m2m`), dequeued after the unbind.
    var m2mCapture: CaptureQueue?
    /// The thread blocked in DQBUF (`dqbuf`).
    var dequeuer: BlockedDequeue?
    /// The open/close threads of `open`.
    let racers = Hammer()
    var racing = false

    /// Sets the operation up on the held `handles` of `target`; throws `.notApplicable`
    /// when the device lacks what it needs.
    init(_ operation: FileOperation, handles: [HeldHandle], target: StressTarget) throws(MediaError) {
        self.operation = operation
        report = FileOperationReport(operation: operation)
        do throws(MediaError) {
            switch operation {
            case .read: try startRead(handles)
            case .mmap: try startMapping(handles)
            case .open:
                racing = racers.start(threads: 2, handles: [], probes: [], churnPaths: target.nodes.map(\.path), seed: 1) > 0
                // Racing already when the unbind starts.
                usleep(50_000)
                report.steps.append("2 threads open and close \(target.nodes.count) nodes")
            case .request, .requestQueued, .requestPoll: try startRequest(handles)
            case .m2m: try startMem2Mem(handles)
            case .dqbuf: try startDequeue(handles)
            }
        } catch {
            abandon()
            throw error
        }
    }

    /// Why the operation cannot run here, classed (`NotApplicable.Cause`): what the device
    /// lacks, what the kernel refused (with its errno), or what the tool cannot build yet.
    private func notApplicable(_ cause: NotApplicable.Cause, _ detail: String, errno: Errno? = nil) -> MediaError {
        NotApplicable.error(cause, errno: errno, operation: "--file-op \(operation.rawValue)", detail: detail)
    }

    private func startRead(_ handles: [HeldHandle]) throws(MediaError) {
        guard let queue = CaptureQueue.first(in: handles, with: UInt32(V4L2_CAP_READWRITE)) else {
            throw notApplicable(.device, "no held video capture node has read I/O (V4L2_CAP_READWRITE)")
        }
        report.node = queue.handle.node.path
        // The first read starts the driver's read I/O (vb2 file I/O queues its buffers and
        // streams) and, the descriptor being non-blocking, may return EAGAIN before a frame.
        var byte: UInt8 = 0
        if Glibc.read(queue.handle.fileDescriptor.rawValue, &byte, 1) < 0, errno != EAGAIN {
            throw notApplicable(.kernel, "the first read() was refused", errno: Errno(rawValue: errno))
        }
        var entry = pollfd(fd: queue.handle.fileDescriptor.rawValue, events: Int16(POLLIN), revents: 0)
        guard poll(&entry, 1, 5000) == 1 else {
            throw MediaError(code: .timedOut, path: queue.handle.node.path, operation: "poll", detail: "no frame to read within 5 s")
        }
        let pin = try UserfaultPin(.read, handle: queue.handle)
        parked = pin
        let seconds = try pin.park()
        report.steps.append("read() parked at the copy of a frame after \(Int(seconds * 1000)) ms")
    }

    private func startMapping(_ handles: [HeldHandle]) throws(MediaError) {
        guard let queue = CaptureQueue.first(in: handles, with: UInt32(V4L2_CAP_STREAMING)) else {
            throw notApplicable(.device, "no held video capture node has streaming I/O")
        }
        report.node = queue.handle.node.path
        guard try queue.allocate(1) >= 1 else { throw notApplicable(.kernel, "VIDIOC_REQBUFS allocated no buffer") }
        let buffer = try queue.query(0)
        guard let address = mmap(nil, buffer.length, PROT_READ | PROT_WRITE, MAP_SHARED, queue.handle.fileDescriptor.rawValue, buffer.offset),
            address != MAP_FAILED
        else {
            throw MediaError(code: .ioctlFailed, errno: Errno(rawValue: errno), path: queue.handle.node.path, operation: "mmap")
        }
        mapping = (address, buffer.length)
        memset(address, 0x5a, min(buffer.length, 4096))
        report.steps.append("buffer 0 (\(buffer.length) bytes) mapped and written")
    }

    private func startRequest(_ handles: [HeldHandle]) throws(MediaError) {
        guard let media = handles.first(where: { $0.node.kind == .media }) else {
            throw MediaError(code: .invalidArgument, operation: "--file-op \(operation.rawValue)", detail: "no held media node")
        }
        let owner: OwnedDescriptor
        do throws(Errno) {
            owner = try MediaRequest.allocate(on: media.fileDescriptor)
        } catch {
            guard error != .inappropriateIOCTLForDevice else { throw notApplicable(.device, "the device has no requests (MEDIA_IOC_REQUEST_ALLOC)", errno: error) }
            throw MediaError(code: .ioctlFailed, errno: error, path: media.node.path, operation: "MEDIA_IOC_REQUEST_ALLOC")
        }
        let descriptor = owner.fd
        request = HeldHandle(adopting: owner, on: media.node)
        report.steps.append("request allocated on \(media.node.path)")
        guard operation != .request else { return }
        guard let queue = CaptureQueue.first(in: handles, with: UInt32(V4L2_CAP_STREAMING)) else {
            throw notApplicable(.device, "no held video capture node has streaming I/O")
        }
        report.node = queue.handle.node.path
        guard try queue.allocate(2) >= 1 else { throw notApplicable(.kernel, "VIDIOC_REQBUFS allocated no buffer") }
        do throws(MediaError) {
            try queue.queue(0, inRequest: descriptor)
        } catch {
            // vb2 answers EBADR when the queue does not support requests: the device's lack.
            let cause: NotApplicable.Cause = error.errno == Errno(rawValue: EBADR) ? .device : .kernel
            throw notApplicable(cause, "the capture queue took no buffer in the request (VIDIOC_QBUF)", errno: error.errno)
        }
        if let errno = MediaRequest.queue(descriptor) {
            throw MediaError(code: .ioctlFailed, errno: errno, path: queue.handle.node.path, operation: "MEDIA_REQUEST_IOC_QUEUE")
        }
        report.steps.append("buffer 0 of \(queue.handle.node.path) queued in the request, the request queued")
        if operation == .requestPoll {
            poller = try RequestPoll(descriptor)
            usleep(20_000)
            if poller?.hasReturned == true { report.steps.append("poll returned before the unbind") }
        }
    }

    private func startDequeue(_ handles: [HeldHandle]) throws(MediaError) {
        guard let queue = CaptureQueue.first(in: handles, with: UInt32(V4L2_CAP_STREAMING)) else {
            throw notApplicable(.device, "no held video capture node has streaming I/O")
        }
        report.node = queue.handle.node.path
        let dequeuer: BlockedDequeue
        do throws(MediaError) {
            dequeuer = try BlockedDequeue(queue)
        } catch where error.code == .ioctlFailed && error.operation == "VIDIOC_STREAMON" {
            // The driver refused STREAMON with the node's own format (vimc: EPIPE until its
            // pipeline is configured): the kernel's answer, with its errno.
            throw notApplicable(.kernel, "the node does not stream with its current format (VIDIOC_STREAMON)", errno: error.errno)
        }
        self.dequeuer = dequeuer
        let streaming = dequeuer.waitForFrame(within: 5)
        report.steps.append(
            "\(dequeuer.buffers) buffers streaming, a thread in a blocking DQBUF"
                + (streaming ? " (frames arriving)" : " (no frame within 5 s: it waits)"))
    }

    private func startMem2Mem(_ handles: [HeldHandle]) throws(MediaError) {
        guard let node = CaptureQueue.first(in: handles, with: UInt32(V4L2_CAP_VIDEO_M2M), capture: false) else {
            let multiPlanar = CaptureQueue.first(in: handles, with: UInt32(V4L2_CAP_VIDEO_M2M_MPLANE), capture: false) != nil
            throw multiPlanar
                ? notApplicable(.tool, "the mem2mem node is multi-planar, which --file-op m2m does not build yet")
                : notApplicable(.device, "no held video node is a mem2mem device")
        }
        report.node = node.handle.node.path
        var output = node
        output.bufferType = V4L2_BUF_TYPE_VIDEO_OUTPUT.rawValue
        var queued: [String] = []
        // Output first: a mem2mem job needs a source and a destination buffer.
        for queue in [output, node] {
            do throws(MediaError) {
                guard try queue.allocate(2) >= 1 else { throw notApplicable(.kernel, "VIDIOC_REQBUFS allocated no buffer") }
                let length = try queue.query(0).length
                try queue.queue(0, bytesUsed: queue.bufferType == output.bufferType ? length : 0)
                try queue.streamOn()
            } catch where error.code == .ioctlFailed {
                throw notApplicable(.kernel, "the context took no buffer with its default formats (\(error.operation))", errno: error.errno)
            }
            queued.append(queue.bufferType == output.bufferType ? "output" : "capture")
        }
        m2mCapture = node
        report.steps.append("a buffer queued on the \(queued.joined(separator: " and ")) queues, both streaming")
    }
}
