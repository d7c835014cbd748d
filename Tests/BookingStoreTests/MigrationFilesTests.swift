import Foundation
import Schema
import Testing

/// The migrations are embedded in the program (one installed file): a file added to Schema/sql
/// but left out of Package.swift's list or of `Migrations`'s table would never run.
@Suite("The embedded migrations")
struct MigrationFilesTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Schema/sql")

    @Test("every file in Schema/sql is embedded, under its name, with the text on disk")
    func everyFileEmbedded() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.folder.path).filter { $0.hasSuffix(".sql") }.sorted()
        let embedded = try Migrations.all()
        #expect(embedded.map { $0.name + ".sql" } == files)
        for migration in embedded {
            let text = try String(contentsOf: Self.folder.appendingPathComponent(migration.name + ".sql"), encoding: .utf8)
            #expect(migration.sql == text, "\(migration.name) differs from the file on disk")
        }
    }
}
