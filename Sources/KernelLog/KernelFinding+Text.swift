/// A finding in words, as `mediactl stress` and `mediactl klog` print it.
extension KernelFinding {
    /// The kind and the faulting function: `use-after-free in media_device_get_info`
    /// (`?` when the report names no function).
    package var summary: String {
        "\(kind.rawValue) in \(function ?? "?")"
    }

    /// The summary with the module: `use-after-free in media_device_get_info [mc]`.
    package var headline: String {
        if let module { "\(summary) [\(module)]" } else { summary }
    }

    /// The lines under a headline, two spaces in: the report's header line and the first
    /// `frames` frames of its call trace (`call trace: a <- b [mc] <- c`), each with a newline.
    package func detailLines(frames count: Int = 6) -> String {
        var out = "  \(title)\n"
        if !frames.isEmpty { out += "  call trace: \(frames.prefix(count).map(\.description).joined(separator: " <- "))\n" }
        return out
    }
}
