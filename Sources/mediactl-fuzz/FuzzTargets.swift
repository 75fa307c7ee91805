import FoundationEssentials
import KernelLog
import MediaController

/// The parsers that take input from outside: what a user types (link and format specs, a
/// pipeline file), what a kernel logs (kmsg records, console logs), what a file holds (a
/// recording). Each target runs one input through the parser and everything a command would
/// do with its result; any input may be rejected, none may trap or hang.
enum FuzzTarget: String, CaseIterable, Sendable {
    case linkSpec = "link-spec"
    case formatSpec = "format-spec"
    case pipeline
    case kmsg
    case recording

    func run(_ bytes: UnsafeRawBufferPointer) {
        let text = String(decoding: bytes, as: UTF8.self)
        switch self {
        case .linkSpec:
            do {
                _ = try LinkSpecParser.parse(text, line: 1)
            } catch {
                _ = error.diagnostic(file: "fuzz", indent: 10)
            }
        case .formatSpec:
            do {
                _ = try FormatSpecParser.parse(text, line: 1)
            } catch {
                _ = error.diagnostic(file: "fuzz", indent: 10)
            }
        case .pipeline:
            do {
                _ = try PipelineDescription.parse(text)
            } catch {
                _ = error.diagnostic(file: "fuzz", indent: 10)
            }
        case .kmsg:
            // /dev/kmsg records, one a line, and the same text as a console log.
            let records = text.split(separator: "\n").compactMap { KmsgRecord.parse($0) }
            let classifier = KernelLogClassifier()
            _ = KernelLogClassifier.deduplicated(classifier.classify(records.flatMap(\.lines)))
            _ = KernelLogClassifier.deduplicated(classifier.classify(text: text))
        case .recording:
            guard let recording = try? JSONDecoder().decode(MediaRecording.self, from: Data(bytes)) else { return }
            guard let snapshot = try? RecordedMediaSource(recording).snapshot() else { return }
            _ = TextRenderer().render(snapshot)
            _ = MediaCtlRenderer().render(snapshot)
            _ = DotRenderer().render(snapshot)
            _ = try? JSONRenderer().render(snapshot)
            _ = try? PipelineDescription.parse(ApplyFileRenderer().render(snapshot))
            // One entity at a time (topology -e, entity --format json), by name as users give it.
            for entity in snapshot.topology.entities.prefix(8) {
                guard let found = try? snapshot.entity(named: entity.name) else { continue }
                _ = TextRenderer().render(snapshot, only: found.id)
                _ = MediaCtlRenderer().render(snapshot, only: found.id)
                _ = DotRenderer().render(snapshot, only: found.id)
                _ = try? JSONRenderer().renderValue(snapshot.describe(found))
                _ = try? snapshot.devnode(ofEntityNamed: entity.name)
            }
        }
    }
}
