
import MediaController
import Foundation

/// The fixtures recorded in the VM lane (see Fixtures/README.md for how).
enum Fixtures {
    static var directory: String {
        // The test target copies Fixtures/ into its resource bundle.
        Bundle.module.resourcePath.map { $0 + "/Fixtures" } ?? "Tests/MediaControllerTests/Fixtures"
    }

    static func text(_ name: String) throws -> String {
        String(decoding: try Data(contentsOf: URL(filePath: directory + "/" + name)), as: UTF8.self)
    }

    static func recording(_ driver: String) throws -> MediaRecording {
        try JSONDecoder().decode(MediaRecording.self, from: Data(try text("\(driver).recording.json").utf8))
    }

    static func snapshot(_ driver: String) throws -> MediaSnapshot {
        try RecordedMediaSource(try recording(driver)).snapshot()
    }
}
