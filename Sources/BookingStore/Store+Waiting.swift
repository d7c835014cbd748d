import Foundation
import GRDB

/// How a command waits for another process's write transaction.
extension Store {
    /// SQLite's own busy timeout sleeps longer the longer it has waited (1, 2, 5 … 100 ms), so a
    /// booking that came while an import wrote one chunk often slept through the pause before the
    /// next chunk and waited for several (slotdesk-bench, `import_storm`). Here a command looks
    /// again every millisecond for its first 10 ms, then every 5 ms — never longer than the pause
    /// a long job leaves between its transactions — and gives up after `busyTimeout` seconds of
    /// sleeping, with SQLITE_BUSY, as before.
    static let waitForLock: Database.BusyCallback = { tries in
        let quick = 10
        let slept = Double(min(tries, quick)) * 0.001 + Double(max(0, tries - quick)) * 0.005
        guard slept < busyTimeout else { return false }
        usleep(tries < quick ? 1_000 : 5_000)
        return true
    }

    /// What a long job leaves between two of its transactions: longer than a waiting command
    /// sleeps between two looks at the lock, so that each command that waited takes it then, and
    /// waits for one transaction of the job at most.
    static func pauseBetweenChunks() { usleep(6_000) }
}
