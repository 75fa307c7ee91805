/// Parses the comma-separated subsystem list of `watch --subsystem`: trimmed, in the
/// order given, without repeats. Throws on an empty list or an empty name.
public func parseSubsystemList(_ text: String) throws(MediaError) -> [String] {
    var subsystems: [String] = []
    for part in text.split(separator: ",", omittingEmptySubsequences: false) {
        let name = String(part.drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
        guard !name.isEmpty, !name.contains(" ") else {
            throw MediaError(
                code: .invalidArgument, operation: "--subsystem",
                detail: "'\(text)' is not a comma-separated list of subsystem names (e.g. media,video4linux)")
        }
        if !subsystems.contains(name) { subsystems.append(name) }
    }
    return subsystems
}
