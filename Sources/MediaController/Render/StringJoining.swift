extension Array where Element == String {
    /// The elements with `separator` between them, as `joined(separator:)` gives, but
    /// compiled in this module. The standard library's version for `[String]` is reached
    /// through its generic entry point, whose first call in a process looks up associated
    /// types and conformances at run time: about 200,000 instructions, more than the rest
    /// of a media-ctl-style rendering (Scripts/bench/RESULTS.md).
    func joinedBySeparator(_ separator: String) -> String {
        var result = ""
        for (index, element) in enumerated() {
            if index > 0 { result += separator }
            result += element
        }
        return result
    }
}
