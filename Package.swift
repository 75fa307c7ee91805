// swift-tools-version: 6.1
import PackageDescription

/// One set of settings for every Swift target: Swift 6 language mode is the
/// tools-version default; these upcoming features keep imports and existentials explicit.
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

/// Release executables export no dynamic symbols. The Swift driver links executables with
/// --export-dynamic, and at start-up the runtime's backtracer locates itself with dladdr,
/// which walks every exported symbol: about 200,000 instructions before main with a static
/// Swift stdlib (Scripts/bench/RESULTS.md). Nothing here looks symbols up by name; crash
/// backtraces symbolicate from the file's own symbol table.
let executableLinkerSettings: [LinkerSetting] = [
    .unsafeFlags(["-Xlinker", "--no-export-dynamic"], .when(configuration: .release))
]

let package = Package(
    name: "mediactl-swift",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "mediactl", targets: ["mediactl"]),
        .library(name: "MediaController", targets: ["MediaController"]),
        .executable(name: "mediactl-bench", targets: ["mediactl-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-system", from: "1.8.1"),
        // `swift package generate-documentation --target MediaController` (Scripts/docs).
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
        // The layering tests read the sources with SwiftParser (Tests/ArchitectureTests).
        .package(url: "https://github.com/swiftlang/swift-syntax", from: "603.0.1"),
        // BuiltBinary runs the built binary and other programs in the tests. Without its
        // default trait SubprocessFoundation: the tests need no Foundation from it.
        .package(url: "https://github.com/swiftlang/swift-subprocess", from: "1.0.2", traits: []),
    ],
    targets: [
        .systemLibrary(
            name: "CUdev",
            pkgConfig: "libudev",
            providers: [.apt(["libudev-dev"])]
        ),
        .target(name: "CLinuxMedia"),
        // The process's arguments for the Swift runtime, taken from glibc at start instead of
        // the runtime's scan of /proc/self/maps (Sources/CMediactlStart/arguments.c). mediactl's only.
        .target(name: "CMediactlStart"),
        // zlib's declarations, for the running kernel's /proc/config.gz (what its bug
        // detectors are). No pkgConfig: that would link libz into every command; MediaStress
        // opens it with dlopen when a stress run reads the file.
        .systemLibrary(
            name: "CZlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        // KTAP version 1 documents: test points, subtests, totals, KernelCI-safe names.
        .target(name: "KTAP", swiftSettings: swiftSettings),
        .target(
            name: "MediaController",
            dependencies: [
                "CLinuxMedia",
                "CUdev",
                "KTAP",
                .product(name: "SystemPackage", package: "swift-system"),
            ],
            swiftSettings: swiftSettings
        ),
        // Kernel log reading (/dev/kmsg) and classification: knows nothing of media devices.
        .target(
            name: "KernelLog",
            dependencies: ["KTAP", .product(name: "SystemPackage", package: "swift-system")],
            swiftSettings: swiftSettings
        ),
        // An emulated UVC camera over USB/IP, for vhci-hcd and uvcvideo: pure protocol handling.
        .target(name: "USBCamera", swiftSettings: swiftSettings),
        .target(
            name: "MediaStress",
            dependencies: [
                "MediaController",
                "KernelLog",
                "KTAP",
                "CLinuxMedia",
                "CZlib",
                .product(name: "SystemPackage", package: "swift-system"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "MediaControllerTestSupport",
            dependencies: [
                "MediaController",
                .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "SystemPackage", package: "swift-system"),
            ],
            swiftSettings: swiftSettings
        ),
        // `mediactl --version` names the commit it was built from.
        .plugin(name: "GitCommit", capability: .buildTool()),
        .executableTarget(
            name: "mediactl",
            dependencies: [
                "CMediactlStart",
                "MediaController",
                "MediaStress",
                "KernelLog",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "SystemPackage", package: "swift-system"),
            ],
            swiftSettings: swiftSettings,
            linkerSettings: executableLinkerSettings,
            plugins: ["GitCommit"]
        ),
        // The kernel lab's host side (Scripts/matrix, Scripts/sweep): the matrix's cells and
        // MATRIX.md, the sweep states' bookkeeping. Not installed: nothing of it is in mediactl.
        .executableTarget(
            name: "mediactl-lab",
            dependencies: ["MediaStress", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: swiftSettings
        ),
        // Serves the USBCamera to vhci-hcd (attach, serve, detach). Not installed: the VM lane's.
        .executableTarget(
            name: "mediactl-usbcam",
            dependencies: [
                "USBCamera", "MediaController", "KernelLog",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "SystemPackage", package: "swift-system"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "mediactl-bench",
            dependencies: ["MediaController"],
            swiftSettings: swiftSettings,
            linkerSettings: executableLinkerSettings
        ),
        // The parsers' fuzz targets: a libFuzzer binary when Scripts/fuzz builds it with
        // --sanitize=fuzzer -DMEDIACTL_FUZZ, a replayer of the corpora otherwise.
        .executableTarget(
            name: "mediactl-fuzz",
            dependencies: ["MediaController", "KernelLog"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "MediaControllerTests",
            dependencies: ["MediaController", "MediaControllerTestSupport", "CLinuxMedia"],
            resources: [.copy("Fixtures")],
            swiftSettings: swiftSettings
        ),
        // The layers of every target, read from the sources' syntax trees: no edge points up.
        .testTarget(
            name: "ArchitectureTests",
            dependencies: [
                .product(name: "SwiftParser", package: "swift-syntax"),
                .product(name: "SwiftSyntax", package: "swift-syntax"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "USBCameraTests",
            dependencies: ["USBCamera", "mediactl-usbcam", "MediaControllerTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "KernelLogTests",
            dependencies: ["KernelLog", "KTAP"],
            resources: [.copy("Fixtures")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "MediaStressTests",
            dependencies: ["KernelLog", "MediaStress", "MediaControllerTestSupport", "mediactl-lab"],
            exclude: ["Fixtures"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "mediactlTests",
            dependencies: ["mediactl", "MediaController", "KernelLog", "MediaControllerTestSupport"],
            swiftSettings: swiftSettings
        ),
        // The shell libraries of Scripts/ (kernel resolution, the mc-lifetime series lookup),
        // run with bash on recorded apt-cache outputs and fake tools.
        .testTarget(
            name: "ScriptTests",
            dependencies: ["MediaControllerTestSupport"],
            exclude: ["Fixtures"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "IntegrationTests",
            dependencies: ["KernelLog", "MediaController", "MediaStress", "MediaControllerTestSupport"],
            swiftSettings: swiftSettings
        ),
    ]
)
