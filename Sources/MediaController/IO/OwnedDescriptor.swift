public import SystemPackage

/// The one owner of an open file descriptor in the project: it closes the descriptor
/// exactly once, either when `close()` consumes it (for callers that need close(2)'s
/// answer, as the stress engine does after an unbind) or when it goes out of scope.
/// Not copyable, so no second owner can close it early or twice.
public struct OwnedDescriptor: ~Copyable, Sendable {
    /// The descriptor, for system calls; valid while this value lives.
    public let fd: FileDescriptor

    /// Opens `path` close-on-exec; a failure becomes the `MediaError` users see, naming
    /// the path. The corresponding C function is `open`.
    public init(
        opening path: String, _ mode: FileDescriptor.AccessMode, options: FileDescriptor.OpenOptions = []
    ) throws(MediaError) {
        do {
            fd = try FileDescriptor.open(path, mode, options: options.union(.closeOnExec))
        } catch {
            throw MediaError.open(path, error as? Errno ?? .ioError)
        }
    }

    /// Takes ownership of a descriptor that was not opened by path (userfaultfd(2), pipe(2)).
    public init(adopting fd: FileDescriptor) {
        self.fd = fd
    }

    /// Closes the descriptor now and returns what close(2) said.
    public consuming func close() -> Result<Void, Errno> {
        let fd = self.fd
        discard self
        do {
            try fd.close()
            return .success(())
        } catch {
            return .failure(error as? Errno ?? .ioError)
        }
    }

    deinit {
        try? fd.close()
    }
}
