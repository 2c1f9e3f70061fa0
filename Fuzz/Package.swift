// swift-tools-version:6.0
// The libFuzzer target for nnbook's language, its notebooks and its session
// journal (the first byte of an input picks which; see FuzzEntry.swift). Kept out of the root package so
// that the sanitizer flags never reach an ordinary build; scripts/fuzz.sh
// builds it with `-Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library`
// into .build-fuzz and runs it on corpus/.
import PackageDescription

let package = Package(
    name: "nnbook-fuzz",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "nnbook-fuzz", targets: ["NNBookFuzz"]),
    ],
    dependencies: [
        .package(name: "nnbook", path: ".."),
    ],
    targets: [
        .target(name: "CFuzzDriver"),
        .executableTarget(
            name: "NNBookFuzz",
            dependencies: ["CFuzzDriver", .product(name: "NNBookLanguage", package: "nnbook"),
                           .product(name: "NNBookNotebook", package: "nnbook")]
        ),
    ]
)
