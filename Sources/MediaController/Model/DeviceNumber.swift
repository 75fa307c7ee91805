/// A device's number, major:minor: what an interface of the topology gives for its node,
/// and what `stat` gives for a device file (`st_rdev`), whatever path names it.
package struct DeviceNumber: Sendable, Hashable, CustomStringConvertible {
    package var major: UInt32
    package var minor: UInt32

    package init(major: UInt32, minor: UInt32) {
        self.major = major
        self.minor = minor
    }

    /// `st_rdev` in glibc's dev_t encoding (gnu_dev_major/gnu_dev_minor).
    package init(rdev: UInt64) {
        major = UInt32(truncatingIfNeeded: ((rdev >> 8) & 0xfff) | ((rdev >> 32) & ~0xfff))
        minor = UInt32(truncatingIfNeeded: (rdev & 0xff) | ((rdev >> 12) & ~0xff))
    }

    package var description: String { "\(major):\(minor)" }
}
