/// One frame of a call trace, without offset: `media_device_ioctl [mc]`.
/// Compiler suffixes (`.constprop.0`, `.isra.0`, `.part.0`, `.cold`) are removed from the name.
package struct StackFrame: Sendable, Codable, Hashable, CustomStringConvertible {
    package var function: String
    /// The module the function is in (`mc` for `[mc]`); nil when built in.
    package var module: String?

    package init(function: String, module: String? = nil) {
        self.function = function
        self.module = module
    }

    package var description: String {
        if let module { "\(function) [\(module)]" } else { function }
    }
}
