import BookingCore
import Foundation
import GRDB

/// What a backup wrote.
public struct BackupReport: Sendable, Equatable {
    public let path: String
    public let bytes: Int64
    public let pages: Int
}

extension Store {
    /// Copies the database to `target` while other terminals keep writing (SQLite's online
    /// backup, read from one snapshot, so the copy is consistent as of one moment). The copy is
    /// written to a temporary file beside `target`, created for the owner only (0600), checked,
    /// synced, and only then moved into place: a failure — a full disk, a kill — leaves no
    /// half-written backup under the name given. An existing file is kept unless `overwrite`.
    public func backup(to target: String, overwrite: Bool = false, by actor: Operator,
                       progress: ((_ done: Int, _ total: Int) -> Void)? = nil) throws(BookingError) -> BackupReport {
        try actor.require(.maintenance)
        let url = URL(fileURLWithPath: target).standardizedFileURL
        let folder = url.deletingLastPathComponent()
        let fm = FileManager.default
        var isFolder: ObjCBool = false
        guard !target.isEmpty, !url.lastPathComponent.isEmpty, url.lastPathComponent != "/" else {
            throw BookingError.invalidInput(field: "FILE", problem: .backupPathMissing)
        }
        if fm.fileExists(atPath: url.path, isDirectory: &isFolder) {
            if isFolder.boolValue { throw BookingError.invalidInput(field: "FILE", problem: .isFolder(url.path)) }
            if Self.sameFile(url.path, path) { throw BookingError.invalidInput(field: "FILE", problem: .isTheDatabase) }
            if !overwrite { throw BookingError.invalidInput(field: "FILE", problem: .fileExists(url.path)) }
        }
        guard fm.fileExists(atPath: folder.path, isDirectory: &isFolder), isFolder.boolValue else {
            throw BookingError.invalidInput(field: "FILE", problem: .folderMissing(folder.path))
        }
        Self.removeAbandonedPartials(in: folder.path, target: url.lastPathComponent)
        let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).\(getpid()).\(UInt32.random(in: 0 ... .max)).partial").path
        defer { for suffix in ["", "-journal", "-wal", "-shm"] { unlink(temporary + suffix) } }
        let fd = Foundation.open(temporary, O_CREAT | O_EXCL | O_WRONLY, 0o600)
        guard fd >= 0 else { throw BookingError.storage(.cannotCreate(path: temporary, errno: errno)) }
        fchmod(fd, 0o600)
        close(fd)
        var pages = 0
        do {
            let copy = try DatabaseQueue(path: temporary)
            try copy.writeWithoutTransaction { destination in
                try pool.read { source in
                    // Hold one snapshot for every step, so the copy is of one moment even if
                    // other processes commit between steps.
                    _ = try Int.fetchOne(source, sql: "SELECT count(*) FROM sqlite_master")
                    try source.backup(to: destination, pagesPerStep: 1024) { step in
                        pages = step.totalPageCount
                        progress?(step.completedPageCount, step.totalPageCount)
                    }
                }
                let check = try String.fetchAll(destination, sql: "PRAGMA quick_check")
                guard check == ["ok"] else { throw BookingError.storage(.backupCheckFailed(Array(check.prefix(3)))) }
            }
            try copy.close()
        } catch let error as BookingError {
            throw error
        } catch {
            throw Store.translate(error)
        }
        try Self.syncFile(temporary)
        // Into place: without `overwrite`, link() refuses an existing name even if one appeared meanwhile.
        if overwrite {
            guard rename(temporary, url.path) == 0 else { throw BookingError.storage(.cannotMoveBackup(errno: errno)) }
        } else {
            guard link(temporary, url.path) == 0 else {
                if errno == EEXIST { throw BookingError.invalidInput(field: "FILE", problem: .fileExists(url.path)) }
                throw BookingError.storage(.cannotMoveBackup(errno: errno))
            }
        }
        try? Self.syncFile(folder.path)
        let bytes = (try? fm.attributesOfItem(atPath: url.path)[.size] as? NSNumber)?.int64Value ?? 0
        try write { db in
            try audit(db, by: actor, action: "database.backup", entity: "database", id: nil, after: "\(url.path) (\(bytes) bytes)")
        }
        return BackupReport(path: url.path, bytes: bytes, pages: pages)
    }

    static func sameFile(_ a: String, _ b: String) -> Bool {
        var sa = stat(), sb = stat()
        guard stat(a, &sa) == 0, stat(b, &sb) == 0 else { return false }
        return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino
    }

    static func syncFile(_ path: String) throws(BookingError) {
        let fd = Foundation.open(path, O_RDONLY)
        guard fd >= 0 else { throw BookingError.storage(.cannotOpen(path: path, errno: errno)) }
        defer { close(fd) }
        guard fsync(fd) == 0 || errno == EINVAL else { throw BookingError.storage(.cannotSync(path: path, errno: errno)) }
    }
}
