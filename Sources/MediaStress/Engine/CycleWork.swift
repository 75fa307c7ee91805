/// What one cycle starts before the unbind and stops or closes after it.
struct CycleWork {
    /// The descriptors held across the unbind.
    let handles: [HeldHandle]
    let hammer = Hammer()
    var stream: CaptureStream?
    /// The ioctl parked in a userfaultfd page fault.
    var pin: UserfaultPin?

    /// Undoes what the cycle started when it cannot go on.
    func abandon() {
        _ = hammer.stop()
        _ = stream?.finish()
        for handle in handles { _ = handle.close() }
    }
}
