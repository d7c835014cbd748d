import BookingCore
import Foundation
import GRDB

// A backup writes `.NAME.PID.RANDOM.partial` beside its target (Backup.swift) and removes it
// when it ends; a backup that was killed leaves it, with its -journal, -wal or -shm, for ever —
// a full copy of patients' data under a name nobody looks at. The next backup to the same name
// removes those whose process is gone, and `doctor` lists any it finds.

/// One file a killed backup left.
struct AbandonedPartial {
    let path: String
    /// The backup file the killed run was writing.
    let target: String
}

extension Store {
    /// The partial files in `folder` whose backup process no longer runs; only those for
    /// `target` when it is given.
    static func abandonedPartials(in folder: String, target: String? = nil) -> [AbandonedPartial] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return [] }
        var found: [AbandonedPartial] = []
        for name in names.sorted() where name.hasPrefix(".") {
            var base = Substring(name.dropFirst())
            for suffix in ["-journal", "-wal", "-shm"] where base.hasSuffix(suffix) { base = base.dropLast(suffix.count) }
            guard base.hasSuffix(".partial") else { continue }
            let parts = base.dropLast(".partial".count).split(separator: ".", omittingEmptySubsequences: false)
            guard parts.count >= 3, let pid = Int32(parts[parts.count - 2]), pid > 0, UInt32(parts[parts.count - 1]) != nil else { continue }
            let backupName = parts.dropLast(2).joined(separator: ".")
            if let target, backupName != target { continue }
            // A backup still running keeps its files.
            if kill(pid, 0) == 0 || errno == EPERM { continue }
            found.append(AbandonedPartial(path: (folder as NSString).appendingPathComponent(name),
                                          target: (folder as NSString).appendingPathComponent(backupName)))
        }
        return found
    }

    /// Removes what killed backups to `target` left in `folder`.
    static func removeAbandonedPartials(in folder: String, target: String) {
        for partial in abandonedPartials(in: folder, target: target) { unlink(partial.path) }
    }

    /// `doctor`'s list of abandoned partial backups: in the database's folder and in every
    /// folder the audit log records a backup to.
    func partialBackupsCheck() throws(BookingError) -> HealthCheck {
        let recorded = try read { db in
            try String.fetchAll(db, sql: "SELECT DISTINCT after FROM audit WHERE action = 'database.backup' AND after IS NOT NULL")
        }
        var folders = [URL(fileURLWithPath: path).deletingLastPathComponent().path]
        for after in recorded {
            // "PATH (N bytes)", as `backup` records it.
            guard let cut = after.range(of: " (", options: .backwards) else { continue }
            let folder = URL(fileURLWithPath: String(after[..<cut.lowerBound])).deletingLastPathComponent().path
            if !folders.contains(folder) { folders.append(folder) }
        }
        let found = folders.flatMap { Self.abandonedPartials(in: $0) }
        return HealthCheck(name: "partial_backups", summary: "no partial copies left by a killed backup (they hold patients' data)",
                           violations: found.prefix(HealthCheck.maxListed).map { "\($0.path): left by a killed backup to \($0.target); remove it, or run that backup again" })
    }
}
