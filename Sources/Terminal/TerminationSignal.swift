// SIGTERM, SIGHUP and SIGINT while the full-screen interface runs. A signal handler may not
// call endwin or touch the screen, so it only raises a flag; the app loop sees the flag within
// one key timeout and shuts down through NCursesTerminal.stop(), which restores the terminal.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// Process-wide "please quit" flag set by termination signals.
enum TerminationSignal {
    // An Atomic is the one kind of global a signal handler may touch under strict concurrency.
    static let requested = Atomic<Bool>(false)
    private static let installed = Atomic<Bool>(false)

    /// Installs the handlers once per process. SIGINT is included because raw mode turns C-c
    /// into a key, so a SIGINT can only come from `kill`, which also means "quit".
    static func install() {
        guard installed.compareExchange(expected: false, desired: true, ordering: .relaxed).exchanged else { return }
        for signalNumber in [SIGTERM, SIGHUP, SIGINT] {
            _ = signal(signalNumber) { _ in
                TerminationSignal.requested.store(true, ordering: .relaxed)
            }
        }
    }

    static var isRequested: Bool { requested.load(ordering: .relaxed) }
}
