/// Why the host did not enumerate the camera, in the kernel's words: of the kernel log lines
/// written since the attach, the last error or warning of the USB core or vhci-hcd
/// (drivers/usb/core/hub.c: `usb 3-1: device descriptor read/64, error -110`,
/// `usb usb3-port1: unable to enumerate USB device`; vhci_hcd.c's `pr_err`s). Lines without a
/// priority (console text) count when they name the USB core or vhci.
public enum EnumerationLog {
    /// A kernel log line: its syslog priority (0 emerg ... 7 debug; nil when unknown) and text.
    public struct Line: Sendable, Equatable {
        public var priority: Int?
        public var text: String

        public init(priority: Int?, text: String) {
            self.priority = priority
            self.text = text
        }
    }

    /// The last line that explains a failed enumeration; nil when the kernel said nothing.
    public static func reason(_ lines: [Line]) -> String? {
        lines.last { line in
            let usb = line.text.hasPrefix("usb ") || line.text.hasPrefix("vhci_hcd")
            return usb && (line.priority.map { $0 <= 4 } ?? true)
        }?.text
    }
}
