package import MediaController
package import SystemPackage

/// Why a cell (a parked ioctl, a file operation) did not reach the kernel code it is
/// meant to test. Never counted as clean, and never one lump: the class says whose doing
/// it was.
package struct NotApplicable: Sendable, Codable, Equatable {
    package enum Cause: String, Sendable, Codable, CaseIterable {
        /// The driver or the core refused before the park point (ENOTTY: the node has no
        /// such ioctl; EINVAL or ENODATA for a real argument).
        case kernel
        /// The device has nothing of the kind the cell needs: no node of that kind, no read
        /// I/O, no requests, no mutable link, no control.
        case device
        /// The tool could not build the state the cell needs: a gap of ours to close.
        case tool
    }

    package var cause: Cause
    /// The errno the kernel returned, by name (`ENOTTY`), when a call failed.
    package var errno: String?
    /// The kernel function that refused, where it can be known from the errno, the node
    /// and the kernel's source (`__video_do_ioctl` for an ioctl a V4L2 node lacks).
    package var function: String?

    package init(_ cause: Cause, errno: String? = nil, function: String? = nil) {
        self.cause = cause
        self.errno = errno
        self.function = function
    }

    /// `kernel: ENOTTY in __video_do_ioctl`, `device`, `tool: EINVAL`: what KTAP's SKIP
    /// and the tables show.
    package var brief: String {
        var text = cause.rawValue
        if let errno { text += ": " + errno }
        if let function { text += (errno == nil ? ": in " : " in ") + function }
        return text
    }

    /// How a not-applicable error names its class in its detail: the one place the tag is
    /// written and read, so that the engine's `MediaError` carries it to the report.
    static let tagOpen = " [not applicable: "

    /// The error a cell's setup throws when it cannot reach its park point.
    package static func error(
        _ cause: Cause, errno: Errno? = nil, function: String? = nil, path: String? = nil, operation: String, detail: String
    ) -> MediaError {
        let tag = ([cause.rawValue] + (function.map { [$0] } ?? [])).joined(separator: " ")
        return MediaError(code: .notApplicable, errno: errno, path: path, operation: operation, detail: detail + tagOpen + tag + "]")
    }

    /// `text` (an error's description) without the tag: the class is shown apart.
    package static func untagged(_ text: String) -> String {
        guard let open = text.ranges(of: tagOpen).last, text.hasSuffix("]") else { return text }
        return String(text[..<open.lowerBound])
    }

    /// The class a not-applicable error carries; nil for any other error. A not-applicable
    /// error without the tag is the tool's: nobody said why.
    package init?(_ error: MediaError) {
        guard error.code == .notApplicable else { return nil }
        let errnoName = error.errno.map { MediaController.errnoName($0) }
        guard let detail = error.detail, let open = detail.ranges(of: Self.tagOpen).last, detail.hasSuffix("]")
        else {
            self.init(.tool, errno: errnoName)
            return
        }
        let words = detail[open.upperBound..<detail.index(before: detail.endIndex)].split(separator: " ").map(String.init)
        self.init(words.first.flatMap(Cause.init(rawValue:)) ?? .tool, errno: errnoName, function: words.dropFirst().first)
    }
}
