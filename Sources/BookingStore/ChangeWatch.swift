import BookingCore
import GRDB
import Synchronization

/// How a screen learns that the database changed without reading it: SQLite's
/// `PRAGMA data_version` on a connection of the store's own that only ever asks that.
///
/// The value changes whenever another connection, in this process or another, has committed
/// since the connection last asked; a connection's own commits do not count, and this one never
/// writes, so every commit counts: other windows', the command line's, and the store's own
/// (those go through the pool's writer, another connection). Asking costs a look at the WAL
/// index in shared memory and no page of the database. The screens used to read the newest
/// audit id in a read transaction of the pool instead, 0.28 ms a poll: 200 idle windows polling
/// twice a second took 11.3 % of one core for it (slotdesk-bench `windows`).
///
/// The connection opens at the first question, so commands that never poll never open it.
final class ChangeWatch: Sendable {
    private let path: String
    private let configuration: Configuration
    private let connection = Mutex<DatabaseQueue?>(nil)

    /// A watch on the database at `path`, to open with the store's `configuration` (read-only).
    init(path: String, configuration: Configuration) {
        self.path = path
        var configuration = configuration
        configuration.readonly = true
        self.configuration = configuration
    }

    /// The connection's data version now; different from any earlier answer exactly when some
    /// commit has happened in between.
    func dataVersion() throws -> Int64 {
        try connection.withLock { queue throws -> Int64 in
            let watch: DatabaseQueue
            if let queue {
                watch = queue
            } else {
                watch = try DatabaseQueue(path: path, configuration: configuration)
                queue = watch
            }
            // Outside a transaction: the pragma takes and ends its own read at once.
            return try watch.unsafeRead { db in try Int64.fetchOne(db.cachedStatement(sql: "PRAGMA data_version")) ?? 0 }
        }
    }
}
