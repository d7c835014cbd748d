import ArgumentParser
import Foundation

// Files SlotDesk creates (the database, its WAL, backups) are for the owner only (rule 14).
umask(0o077)

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
