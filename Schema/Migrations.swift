import Foundation

/// The SQL migrations that ship with SlotDesk, in the order they apply.
///
/// They are embedded in the program at build time (Package.swift, `.embedInCode`), so an
/// installed binary is one file that needs no resource bundle beside it. SwiftPM names each
/// embedded file by mangling its name (`001_booking.sql` becomes `_01_booking_sql`): this table
/// is the one place that spells those names. A new migration goes in Package.swift's list and
/// here; `MigrationFilesTests` fails when a file in Schema/sql is missing from either.
public enum Migrations {
    /// One migration: its name (the file name without `.sql`) and its SQL text.
    public struct File: Sendable {
        public let name: String
        public let sql: String
    }

    static let embedded: [(name: String, bytes: [UInt8])] = [
        ("001_booking", PackageResources._01_booking_sql),
        ("002_referrals", PackageResources._02_referrals_sql),
        ("003_waitlist", PackageResources._03_waitlist_sql),
        ("004_day_surgery", PackageResources._04_day_surgery_sql),
        ("005_operators", PackageResources._05_operators_sql),
        ("009_performance", PackageResources._09_performance_sql),
        ("010_appointment_checks", PackageResources._10_appointment_checks_sql),
        ("011_rules_on_every_path", PackageResources._11_rules_on_every_path_sql),
        ("012_same_day", PackageResources._12_same_day_sql),
        ("013_trust", PackageResources._13_trust_sql),
        ("014_patient_initials", PackageResources._14_patient_initials_sql),
        ("015_audit_indexes", PackageResources._15_audit_indexes_sql),
        ("016_cheaper_booking_checks", PackageResources._16_cheaper_booking_checks_sql),
    ]

    /// Every migration, ordered by its number prefix.
    public static func all() throws -> [File] {
        embedded.sorted { $0.name < $1.name }.map { File(name: $0.name, sql: String(decoding: $0.bytes, as: UTF8.self)) }
    }
}
