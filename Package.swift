// swift-tools-version:6.0
import PackageDescription

/// The migrations in Schema/sql, in order (file names without `.sql`).
let migrations = [
    "001_booking", "002_referrals", "003_waitlist", "004_day_surgery", "005_operators", "009_performance",
    "010_appointment_checks", "011_rules_on_every_path", "012_same_day", "013_trust", "014_patient_initials",
    "015_audit_indexes", "016_cheaper_booking_checks",
]

let package = Package(
    name: "SlotDesk",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "slotdesk", targets: ["slotdesk"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/LebJe/TOMLKit", exact: "0.6.0"),
        .package(url: "https://github.com/yaslab/CSV.swift", exact: "2.5.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based", exact: "2.0.1"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", exact: "0.2.0"),
        // Operators' passwords: PBKDF2-SHA256 from _CryptoExtras (DESIGN, "Verified on this machine").
        .package(url: "https://github.com/apple/swift-crypto", exact: "4.5.2"),
    ],
    targets: [
        // Rules as pure functions; Foundation only.
        .target(name: "BookingCore"),
        // The numbered SQL migrations, embedded in the program at build time (an installed
        // binary is one file). Each new migration is listed here and in Schema/Migrations.swift;
        // a test checks that every file in Schema/sql is.
        .target(name: "Schema", path: "Schema", resources: migrations.map { .embedInCode("sql/\($0).sql") }),
        // The only layer that knows SQL: opening the database, migrations, commands, queries.
        .target(
            name: "BookingStore",
            dependencies: [
                "BookingCore", "Schema",
                .product(name: "GRDB", package: "GRDB.swift"),
                // SQLite's C interface, for the one file control GRDB does not offer (Store+Schema.swift).
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "TOMLKit", package: "TOMLKit"),
                .product(name: "CSV", package: "CSV.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ],
            resources: [.embedInCode("Demo/demo.toml")]
        ),
        // ncursesw through a header-only shim; only the Terminal target imports it.
        .systemLibrary(name: "CNCursesW", path: "Sources/CNCursesW"),
        .target(name: "Terminal", dependencies: ["CNCursesW"]),
        // The default keymap, embedded in the program at build time.
        .target(name: "Keymaps", path: "Keymaps", resources: [.embedInCode("keymaps/default.keymap")]),
        .target(name: "DeskUI", dependencies: ["BookingCore", "BookingStore", "Terminal", "Keymaps"]),
        .executableTarget(
            name: "slotdesk",
            dependencies: [
                "BookingCore", "BookingStore", "DeskUI", "Terminal",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // The benchmark (README, "Benchmark"): `swift run -c release slotdesk-bench`.
        .executableTarget(
            name: "slotdesk-bench",
            dependencies: [
                "BookingCore", "BookingStore", "DeskUI", "Terminal",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Histogram", package: "hdrhistogram-swift"),
            ]
        ),
        .testTarget(name: "BookingCoreTests", dependencies: ["BookingCore"]),
        .testTarget(
            name: "BookingStoreTests",
            dependencies: ["BookingCore", "BookingStore", "Schema", .product(name: "PropertyBased", package: "swift-property-based"),
                           .product(name: "Crypto", package: "swift-crypto")]
        ),
        .testTarget(name: "TerminalTests", dependencies: ["Terminal"]),
        .testTarget(name: "DeskUITests", dependencies: ["BookingCore", "BookingStore", "Terminal", "DeskUI", "slotdesk"]),
        .testTarget(name: "SlotdeskTests", dependencies: ["BookingCore", "BookingStore", "slotdesk", .product(name: "PropertyBased", package: "swift-property-based")]),
    ]
)
