import Foundation

/// The SQL migrations that ship with SlotDesk, in the order they apply.
public enum Migrations {
    /// One migration: its name (the file name without `.sql`) and its SQL text.
    public struct File: Sendable {
        public let name: String
        public let sql: String
    }

    /// Every migration file in `Schema/sql`, ordered by its number prefix.
    public static func all() throws -> [File] {
        guard let folder = Bundle.module.url(forResource: "sql", withExtension: nil) else {
            throw CocoaError(.fileNoSuchFile)
        }
        let urls = try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "sql" }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
        return try urls.map { File(name: $0.deletingPathExtension().lastPathComponent, sql: try String(contentsOf: $0, encoding: .utf8)) }
    }
}
