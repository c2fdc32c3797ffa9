// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "Crossbar",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "crossbar", targets: ["crossbar"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/swiftlang/swift-syntax", from: "603.0.1"),
    ],
    targets: [
        // C shims: tiny system-library targets; all unsafe pointer work lives in one Swift file per shim.
        .systemLibrary(name: "CZeroMQ", pkgConfig: "libzmq", providers: [.apt(["libzmq3-dev"])]),
        .systemLibrary(name: "COpenSSL", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "COpenBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),

        // The reads' innermost loops in C, so that the compiler vectorises them and builds AVX-512,
        // AVX2 and baseline versions the loader picks from: normals and uniforms sixteen lanes at a
        // time (xoshiro128++ and Box–Muller), and the DAC and ADC. Optimised in every configuration;
        // no fused multiply-adds, so every version gives the same bits.
        .target(name: "CAnalogKernels", cSettings: [.unsafeFlags(["-O3", "-fno-math-errno", "-ffp-contract=off"])]),

        // Values and their MIME bundles; knows nothing of the kernel or the toolkit.
        .target(name: "Display"),

        // Jupyter messaging protocol 5.4 server; knows nothing of Swift syntax or AIMC.
        .target(name: "JupyterKernel", dependencies: ["CZeroMQ", "COpenSSL", "Display"]),

        // The cell language: a tree-walking interpreter over swift-syntax.
        .target(name: "SwiftScript", dependencies: [
            "Display",
            .product(name: "SwiftSyntax", package: "swift-syntax"),
            .product(name: "SwiftParser", package: "swift-syntax"),
            .product(name: "SwiftOperators", package: "swift-syntax"),
            .product(name: "SwiftParserDiagnostics", package: "swift-syntax"),
            .product(name: "SwiftDiagnostics", package: "swift-syntax"),
        ], swiftSettings: [
            // The evaluator touches class properties on every node; dynamic exclusivity checks
            // cost it about a tenth of its time. Debug builds (and so the tests) keep the checks.
            .unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release)),
        ]),

        // Analog in-memory computing: tensors, seeded random numbers, tiles, devices, noise.
        .target(name: "Analog", dependencies: ["COpenBLAS", "CAnalogKernels", "Display"], swiftSettings: [
            // The simulator's numeric loops run 10–50× slower unoptimised, which would make the
            // training tests and the notebooks `make test` runs take many minutes; debug builds
            // optimise this one module (tests still reach its internals through -enable-testing).
            .unsafeFlags(["-O"], .when(configuration: .debug)),
        ]),

        // Where the cell language meets the kernel and the toolkit.
        .target(name: "CrossbarAPI", dependencies: ["SwiftScript", "JupyterKernel", "Display", "Analog"]),

        .executableTarget(name: "crossbar", dependencies: [
            "CrossbarAPI", "JupyterKernel",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        // `make gallery`: renders one example of every figure kind into docs/gallery.
        .executableTarget(name: "gallery", dependencies: ["Display"], path: "Sources/Gallery"),

        // `make bench-analog`: tile forward throughput next to plain SGEMM.
        .executableTarget(name: "bench-analog", dependencies: ["Analog"], path: "Sources/BenchAnalog"),
        // `make bench-training`: training throughput (HWA and in-situ) of the notebook models.
        .executableTarget(name: "bench-training", dependencies: ["Analog"], path: "Sources/BenchTraining"),
        // `make fidelity`: MVM error after programming and drift on the fixed problem of docs/fidelity.md.
        .executableTarget(name: "fidelity", dependencies: ["Analog"], path: "Sources/Fidelity"),

        .testTarget(name: "DisplayTests", dependencies: ["Display"]),
        .testTarget(name: "JupyterKernelTests", dependencies: ["JupyterKernel", "Display"]),
        .testTarget(name: "SwiftScriptTests", dependencies: [
            "SwiftScript", "Display",
            .product(name: "SwiftSyntax", package: "swift-syntax"),
            .product(name: "SwiftParser", package: "swift-syntax"),
        ]),
        .testTarget(name: "CrossbarAPITests", dependencies: ["CrossbarAPI", "SwiftScript", "Display"]),
        .testTarget(name: "AnalogTests", dependencies: ["Analog"]),
        // Analog's public seams, used as a module outside it would (no @testable import).
        .testTarget(name: "AnalogSeamTests", dependencies: ["Analog", "Display"]),
    ]
)
