/// What one cycle starts before the unbind and stops or closes after it.
struct CycleWork {
    /// The descriptors held across the unbind.
    let handles: [HeldHandle]
    let hammer = Hammer()
    var stream: CaptureStream?
    /// The ioctl parked in a userfaultfd page fault.
    var pin: UserfaultPin?
    /// The file operation of `--file-op`.
    var fileOperation: FileOperationRun?

    /// The system call parked in a userfaultfd fault, which the unbind runs beside.
    var parked: UserfaultPin? { pin ?? fileOperation?.parked }

    /// Undoes what the cycle started when it cannot go on.
    func abandon() {
        _ = hammer.stop()
        _ = stream?.finish()
        fileOperation?.abandon()
        for handle in handles { _ = handle.close() }
    }
}
