import CLinuxMedia
import Glibc
package import MediaController
import Synchronization
import SystemPackage

/// Parks one system call (an ioctl at a park point, `ParkPoint`, or a
/// `read(2)` of `--file-op read`) inside the kernel: the
/// user memory the kernel touches there is registered with userfaultfd, so the kernel's
/// `copy_from_user` or `copy_to_user` faults and waits until we resolve the fault.
/// Unbinding meanwhile makes the use-after-free race deterministic. Root only.
///
/// Two pages: the argument's, and the page an inner pointer aims at. `in` registers the
/// argument's page missing; `out` fills it and write-protects it; `inner` fills it and
/// registers the second page missing.
package final class UserfaultPin: Sendable {
    /// What happened to the parked ioctl after it was released.
    package enum Outcome: Sendable, Codable, Equatable {
        /// It returned; `errno` is nil on success.
        case returned(errno: String?)
        /// Its thread vanished without returning: the kernel killed it (an oops).
        case killed(tid: Int32)
        /// It neither returned nor vanished within the timeout.
        case stuck(tid: Int32)
    }

    /// The system call that parks.
    package enum Call: Sendable {
        /// An ioctl at its park point, with its argument.
        case ioctl(PinnedIoctl, PinArgument)
        /// `read(2)` of a page into the missing page: the driver's copy-out of the data
        /// faults (vb2_read on a node with read I/O).
        case read
    }

    package let call: Call
    /// What reports show: the `--pin` spelling, or `read()`.
    package let label: String
    package let node: HeldNode
    /// Where it parks: `read` parks at the copy of its data, an `in` kind of park point.
    private let point: ParkPoint
    private let userfaultFD: FileDescriptor
    /// Owns the userfaultfd: closed when the pin is released.
    private let owner: OwnedDescriptor
    /// The first of the two pages.
    private let pageAddress: UInt
    private let pageSize: Int
    private let threadID = Atomic<Int32>(0)
    private let finished = Atomic<Bool>(false)
    private let resultErrno = Atomic<Int32>(0)
    private let released = Atomic<Bool>(false)

    /// Creates the userfaultfd, prepares the argument and registers the park point's page.
    package init(_ call: Call, handle: HeldHandle) throws(MediaError) {
        self.call = call
        self.node = handle.node
        switch call {
        case .ioctl(let pinned, let argument):
            label = pinned.rawValue
            point = pinned.point
            closeAfter = argument.closeAfter
        case .read:
            label = "read()"
            point = .in
            closeAfter = []
        }
        pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))
        let uffd = CLinuxMedia_userfaultfd(O_CLOEXEC | O_NONBLOCK)
        guard uffd >= 0 else {
            throw MediaError(
                code: .ioctlFailed, errno: Errno(rawValue: errno), operation: "userfaultfd",
                detail: "--pin needs root and CONFIG_USERFAULTFD")
        }
        let owned = OwnedDescriptor(adopting: FileDescriptor(rawValue: uffd))
        userfaultFD = owned.fd
        var api = uffdio_api()
        api.api = CLinuxMedia_UFFD_API
        if point == .out { api.features = CLinuxMedia_UFFD_FEATURE_PAGEFAULT_FLAG_WP }
        if case .failure(let errno) = systemIoctl(userfaultFD, .uffdApi, &api) {
            throw MediaError(
                code: .ioctlFailed, errno: errno, operation: "UFFDIO_API",
                detail: point == .out ? "the :out park point needs userfaultfd write-protection (Linux 5.7)" : nil)
        }
        guard let pages = mmap(nil, 2 * pageSize, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
            pages != MAP_FAILED
        else {
            throw MediaError(code: .ioctlFailed, errno: Errno(rawValue: errno), operation: "mmap")
        }
        pageAddress = UInt(bitPattern: pages)
        pinnedFD = handle.fileDescriptor
        owner = owned
        do throws(MediaError) {
            if case .ioctl(_, let argument) = call { try prepare(argument) } else { try register() }
        } catch {
            munmap(pages, 2 * pageSize)
            throw error
        }
    }

    private let pinnedFD: FileDescriptor
    /// The argument's descriptors (`PinArgument.closeAfter`).
    private let closeAfter: [Int32]

    /// The page whose fault parks the ioctl.
    private var parkedPage: UInt { point == .inner ? pageAddress + UInt(pageSize) : pageAddress }

    /// Fills the argument (but for `in`, whose page stays missing) and registers the park page.
    private func prepare(_ argument: PinArgument) throws(MediaError) {
        if point != .in, let base = UnsafeMutableRawPointer(bitPattern: pageAddress) {
            // Written, so that the page is there: write protection holds only on a page
            // that is mapped (an untouched one would be allocated afresh at the copy-out).
            memset(base, 0, pageSize)
            for (offset, byte) in argument.image.prefix(pageSize).enumerated() {
                base.storeBytes(of: byte, toByteOffset: offset, as: UInt8.self)
            }
            for field in argument.fields { base.storeBytes(of: field.value, toByteOffset: field.offset, as: UInt32.self) }
            for pointer in argument.selfPointers {
                base.storeBytes(of: UInt64(pageAddress + UInt(pointer.target)), toByteOffset: pointer.at, as: UInt64.self)
            }
            if let pointer = argument.innerPointer {
                base.storeBytes(of: UInt64(pageAddress + UInt(pageSize)), toByteOffset: pointer, as: UInt64.self)
            }
        }
        try register()
    }

    /// Registers the park page with the userfaultfd: missing, or write-protected at `out`.
    private func register() throws(MediaError) {
        var register = uffdio_register()
        register.range.start = UInt64(parkedPage)
        register.range.len = UInt64(pageSize)
        register.mode = point == .out ? CLinuxMedia_UFFDIO_REGISTER_MODE_WP : CLinuxMedia_UFFDIO_REGISTER_MODE_MISSING
        if case .failure(let errno) = systemIoctl(userfaultFD, .uffdRegister, &register) {
            throw MediaError(code: .ioctlFailed, errno: errno, operation: "UFFDIO_REGISTER")
        }
        if point == .out { try writeProtect(true) }
    }

    /// Sets or clears the write protection of the argument's page (clearing wakes the fault).
    private func writeProtect(_ on: Bool) throws(MediaError) {
        var protect = uffdio_writeprotect()
        protect.range.start = UInt64(pageAddress)
        protect.range.len = UInt64(pageSize)
        protect.mode = on ? CLinuxMedia_UFFDIO_WRITEPROTECT_MODE_WP : 0
        if case .failure(let errno) = systemIoctl(userfaultFD, .uffdWriteProtect, &protect) {
            throw MediaError(code: .ioctlFailed, errno: errno, operation: "UFFDIO_WRITEPROTECT")
        }
    }

    /// Starts the ioctl on a thread and waits until the kernel faults on the page.
    /// Returns the seconds that took.
    package func park(timeout: Double = 5) throws(MediaError) -> Double {
        let start = MonotonicClock.now
        let call = self.call
        let fd = pinnedFD
        let address = pageAddress
        let length = pageSize
        let started = startThread { [self] in
            threadID.store(CLinuxMedia_gettid(), ordering: .sequentiallyConsistent)
            let buffer = UnsafeMutableRawPointer(bitPattern: address)
            let result: Int = switch call {
            case .ioctl(let pinned, _): Int(CLinuxMedia_ioctl(fd.rawValue, pinned.ioctl.number, buffer))
            case .read: Glibc.read(fd.rawValue, buffer, length)
            }
            resultErrno.store(result == -1 ? errno : 0, ordering: .sequentiallyConsistent)
            finished.store(true, ordering: .sequentiallyConsistent)
        }
        guard started else { throw MediaError(code: .ioctlFailed, operation: "pthread_create") }
        var entry = pollfd(fd: userfaultFD.rawValue, events: Int16(POLLIN), revents: 0)
        let ready = poll(&entry, 1, Int32(timeout * 1000))
        guard ready == 1 else {
            if finished.load(ordering: .sequentiallyConsistent) {
                let error = resultErrno.load(ordering: .sequentiallyConsistent)
                let errno = error == 0 ? nil : Errno(rawValue: error)
                // Why it returned: the node lacks it, the kernel refused a real argument,
                // or the argument was zeros the tool has no recipe for (PinRefusal).
                let refusal = switch call {
                case .ioctl(let pinned, let argument): PinRefusal.classify(pinned, errno: errno, argumentBuilt: argument.built)
                case .read: NotApplicable(.kernel, errno: errno.map(errnoName))
                }
                throw NotApplicable.error(
                    refusal.cause, errno: errno, function: refusal.function, path: node.path, operation: "park \(label)",
                    detail: "it returned before reaching its park point")
            }
            throw MediaError(
                code: .timedOut, path: node.path, operation: "park \(label)",
                detail: "no page fault within \(timeout) s")
        }
        var message = uffd_msg()
        _ = withUnsafeMutableBytes(of: &message) { read(userfaultFD.rawValue, $0.baseAddress, $0.count) }
        return MonotonicClock.now - start
    }

    /// Resolves the fault, so the parked ioctl resumes: a zeroed page where it was
    /// missing, the write protection lifted at `out`.
    package func release() throws(MediaError) {
        // Once: the unbind may have released it already (a park point inside its lock).
        guard !released.exchange(true, ordering: .sequentiallyConsistent) else { return }
        if point == .out {
            try writeProtect(false)
            return
        }
        var source = [UInt8](repeating: 0, count: pageSize)
        let result = source.withUnsafeMutableBytes { bytes in
            var copy = uffdio_copy()
            copy.dst = UInt64(parkedPage)
            copy.src = UInt64(UInt(bitPattern: bytes.baseAddress))
            copy.len = UInt64(pageSize)
            return systemIoctl(userfaultFD, .uffdCopy, &copy)
        }
        if case .failure(let errno) = result {
            throw MediaError(code: .ioctlFailed, errno: errno, operation: "UFFDIO_COPY")
        }
    }

    /// The descriptor a returned ioctl wrote into its argument at `offset` (the request of
    /// MEDIA_IOC_REQUEST_ALLOC), or nil when it failed or has not returned.
    package func returnedDescriptor(at offset: Int) -> Int32? {
        guard finished.load(ordering: .sequentiallyConsistent), resultErrno.load(ordering: .sequentiallyConsistent) == 0,
            let base = UnsafeRawPointer(bitPattern: pageAddress)
        else { return nil }
        let descriptor = base.load(fromByteOffset: offset, as: Int32.self)
        return descriptor >= 0 ? descriptor : nil
    }

    /// The ioctls that return a new descriptor in their argument, and its offset: the run
    /// must close it (left open, the process's exit closes it after the device went, where
    /// no cycle sees what that does).
    package static let returnedDescriptorOffsets = [
        "MEDIA_IOC_REQUEST_ALLOC": 0, "VIDIOC_EXPBUF": MemoryLayout<v4l2_exportbuffer>.offset(of: \v4l2_exportbuffer.fd) ?? 16,
    ]

    /// Waits for the released ioctl to return, or for its thread to vanish.
    package func waitForOutcome(timeout: Double = 5) -> Outcome {
        let tid = threadID.load(ordering: .sequentiallyConsistent)
        let ended = MonotonicClock.wait(within: timeout) {
            finished.load(ordering: .sequentiallyConsistent) || (tid != 0 && access("/proc/self/task/\(tid)", F_OK) != 0)
        }
        guard ended else { return .stuck(tid: tid) }
        // Gone from /proc without having set `finished` (looked at again: it may have
        // finished and exited between the two looks) means the kernel killed it.
        guard finished.load(ordering: .sequentiallyConsistent) else { return .killed(tid: tid) }
        let error = resultErrno.load(ordering: .sequentiallyConsistent)
        return .returned(errno: error == 0 ? nil : errnoName(Errno(rawValue: error)))
    }

    deinit {
        // The page stays mapped, and the descriptors it names open, when the ioctl may
        // still run: the kernel would write into it and look them up.
        if finished.load(ordering: .sequentiallyConsistent) {
            munmap(UnsafeMutableRawPointer(bitPattern: pageAddress), 2 * pageSize)
            for descriptor in closeAfter { close(descriptor) }
        }
    }
}

extension UserfaultPin.Outcome {
    /// The outcome in a word or two: `returned EIO`, `returned 0`, `killed`, `stuck`.
    package var brief: String {
        switch self {
        case .returned(let errno): "returned \(errno ?? "0")"
        case .killed: "killed"
        case .stuck: "stuck"
        }
    }
}
