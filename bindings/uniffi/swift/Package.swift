// swift-tools-version:5.9
// The Reply SDK for Swift: the uniffi-generated bindings (Sources/Reply) over
// the Rust engine, shipped as ReplyFFI.xcframework (see README.md to build it).
import PackageDescription

let package = Package(
    name: "Reply",
    platforms: [.macOS(.v12), .iOS(.v15)],
    products: [
        .library(name: "Reply", targets: ["Reply"]),
    ],
    targets: [
        .binaryTarget(name: "ReplyFFI", path: "ReplyFFI.xcframework"),
        .target(name: "Reply", dependencies: ["ReplyFFI"], path: "Sources/Reply"),
    ]
)
