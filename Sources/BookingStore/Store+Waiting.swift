import Foundation
import GRDB

/// How a command waits for another process's write transaction.
extension Store {
    /// How often a waiting command looks again: every millisecond.
    static let lockRetryMicroseconds: UInt32 = 1_000

    /// SQLite's own busy timeout sleeps longer the longer it has waited (1, 2, 5 … 100 ms), so a
    /// booking that came while an import wrote one chunk often slept through the pause before the
    /// next chunk and waited for several (slotdesk-bench, `import_storm`). Looking again every
    /// millisecond, it takes the lock the moment the chunk commits. After `busyTimeout` seconds
    /// it gives up with SQLITE_BUSY, as before.
    static let waitForLock: Database.BusyCallback = { tries in
        guard Double(tries) * Double(lockRetryMicroseconds) / 1e6 < busyTimeout else { return false }
        usleep(lockRetryMicroseconds)
        return true
    }

    /// What a long job leaves between two of its transactions: time for the commands that waited
    /// for the lock (looking every `lockRetryMicroseconds`) to take it, so that each waits for one
    /// transaction of the job at most.
    static func pauseBetweenChunks() { usleep(2 * lockRetryMicroseconds) }
}
