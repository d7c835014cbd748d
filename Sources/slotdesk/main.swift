import ArgumentParser
import Foundation

// Files SlotDesk creates (the database, its WAL, backups) are for the owner only (rule 14).
umask(0o077)

// A file-size limit (`ulimit -f`) kills a process that writes past it with SIGXFSZ, without a
// word and in the middle of a command. Ignored, the write fails instead: SQLite reports it, the
// transaction rolls back, and the command exits 3 saying why.
signal(SIGXFSZ, SIG_IGN)

// ArgumentParser exits 64 for usage errors; SlotDesk's contract is 2 for bad input.
do {
    var command = try SlotDesk.parseAsRoot()
    try command.run()
} catch {
    let code = SlotDesk.exitCode(for: error)
    if code == .success {
        print(printable(SlotDesk.fullMessage(for: error)))
        exit(0)
    }
    if let exitCode = error as? ExitCode { exit(exitCode.rawValue) }
    // ArgumentParser quotes the bad value as given: never send its control characters to the terminal.
    FileHandle.standardError.write(Data((printable(SlotDesk.fullMessage(for: error)) + "\n").utf8))
    exit(code.rawValue == 64 || code == .validationFailure ? 2 : code.rawValue)
}
