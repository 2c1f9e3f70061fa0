// swift-tools-version:6.0
import Foundation
import PackageDescription

/// The English lessons, Lessons/NN-topic.md, each bundled as a resource (the
/// Chinese ones are the folder Lessons/zh). Listed from the folder, so a new
/// lesson needs no change here.
let englishLessons: [String] = {
    let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Lessons").path
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
    return names.filter { $0.hasSuffix(".md") }.sorted()
}()

let package = Package(
    name: "nnbook",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "nnbook", targets: ["nnbook"]),
        .library(name: "NeuralCore", targets: ["NeuralCore"]),
        .library(name: "NNBookRender", targets: ["NNBookRender"]),
        .library(name: "NNBookLanguage", targets: ["NNBookLanguage"]),
        .library(name: "NNBookNotebook", targets: ["NNBookNotebook"]),
        .library(name: "NNBookKernel", targets: ["NNBookKernel"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // libedit through its readline-compatible API (see docs/terminal.md).
        .systemLibrary(
            name: "CLibEdit",
            path: "Sources/CLibEdit",
            pkgConfig: "libedit",
            providers: [.apt(["libedit-dev"]), .brew(["libedit"])]
        ),
        // A few lines of C the terminal needs and Swift cannot express safely:
        // an async-signal-safe SIGINT flag installed with sigaction, and the window size.
        .target(name: "CTerminal", path: "Sources/CTerminal"),
        // The C heap's bytes in use (glibc's mallinfo2), for the session's memory budget.
        .target(name: "CMemory", path: "Sources/CMemory"),
        // renameat2(RENAME_NOREPLACE), which Glibc's Swift module does not expose, for AtomicFile.
        .target(name: "CFiles", path: "Sources/CFiles"),
        // Adam's update loop, in C so that its square root vectorises (docs/performance.md).
        .target(name: "CKernels", path: "Sources/CKernels"),
        // CBLAS for matrix products: OpenBLAS on Linux, Accelerate on macOS.
        .systemLibrary(name: "CBLAS", path: "Sources/CBLAS", providers: [.apt(["libopenblas-dev"])]),
        // GitHub's CommonMark parser with its extensions (GFM tables), for notebook prose.
        .systemLibrary(
            name: "CCmarkGFM",
            path: "Sources/CCmarkGFM",
            pkgConfig: "libcmark-gfm",
            providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"]), .brew(["cmark-gfm"])]
        ),
        // zlib, to read gzip-compressed MNIST IDX files.
        .systemLibrary(name: "CZlib", path: "Sources/CZlib", providers: [.apt(["zlib1g-dev"]), .brew(["zlib"])]),
        // ZeroMQ, the Jupyter kernel's sockets. No pkgConfig: Debian's libzmq.pc adds
        // `-isystem /usr/include/mit-krb5`, which SwiftPM refuses with a warning on
        // every build; zmq.h is in the default include path and the module map links zmq.
        .systemLibrary(name: "CZMQ", path: "Sources/CZMQ", providers: [.apt(["libzmq3-dev"]), .brew(["zeromq"])]),
        // libsodium, for the kernel's HMAC-SHA256 message signatures (libzmq already depends on it).
        .systemLibrary(name: "CSodium", path: "Sources/CSodium", pkgConfig: "libsodium", providers: [.apt(["libsodium-dev"]), .brew(["libsodium"])]),
        .target(
            name: "NeuralCore",
            dependencies: ["CBLAS", "CZlib", "CMemory", "CKernels"],
            resources: [.copy("Resources/digits.csv"), .copy("Resources/README.md")],
            linkerSettings: [
                .linkedLibrary("openblas", .when(platforms: [.linux])),
                .linkedFramework("Accelerate", .when(platforms: [.macOS])),
            ]
        ),
        // Charts (terminal and SVG), tables and text width: drawing, knowing nothing of the language.
        .target(name: "NNBookRender"),
        .target(name: "NNBookLanguage", dependencies: ["NeuralCore", "NNBookRender", "CFiles"]),
        // The lessons, bundled beside the binary so `nnbook lesson` works from any folder.
        .target(
            name: "NNBookLessons",
            path: "Lessons",
            exclude: ["tools"],
            sources: ["Bundle/NNBookLessons.swift"],
            resources: englishLessons.map { .copy($0) } + [.copy("zh")]
        ),
        .target(name: "NNBookNotebook", dependencies: ["NNBookLanguage", "NNBookRender", "NeuralCore", "CCmarkGFM"]),
        // The Jupyter kernel: wire messages, signing, request handlers and the socket loop.
        .target(
            name: "NNBookKernel",
            dependencies: ["NNBookLanguage", "NNBookNotebook", "NeuralCore", "CZMQ", "CSodium"],
            resources: [.copy("Resources/logo-64x64.png")]
        ),
        .executableTarget(
            name: "nnbook",
            dependencies: [
                "NNBookKernel", "NNBookNotebook", "NNBookLanguage", "NNBookRender", "NeuralCore", "NNBookLessons", "CLibEdit", "CTerminal",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "NeuralCoreTests", dependencies: ["NeuralCore"]),
        .testTarget(name: "NNBookRenderTests", dependencies: ["NNBookRender"], exclude: ["PlaygroundScreens"]),
        .testTarget(name: "NNBookLanguageTests", dependencies: ["NNBookLanguage", "NNBookRender"]),
        .testTarget(name: "NNBookNotebookTests", dependencies: ["NNBookNotebook", "NNBookRender"]),
        .testTarget(name: "NNBookKernelTests", dependencies: ["NNBookKernel", "NNBookLanguage"]),
    ]
)
