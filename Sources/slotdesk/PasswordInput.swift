import BookingCore
import Foundation

/// Where the command line gets a password from: never an argument (other users see those in
/// `ps`), but a file (`-` for standard input) or the terminal with echo off.
enum PasswordInput {
    /// Largest password file read: a password is one short line.
    static let maxFileBytes = 4096

    /// The password in `file` (its first line; `-` reads standard input), or typed at the
    /// terminal (twice with `confirm`) when standard input is one, or nil when neither is possible.
    static func read(file: String?, prompt: String, confirm: Bool, language: Language) throws(BookingError) -> String? {
        if let file { return try fromFile(file) }
        guard isatty(0) == 1 else { return nil }
        let first = try typed(prompt)
        if confirm {
            let second = try typed(language.pick("再输入一次：", "Again: "))
            guard first == second else { throw BookingError.invalidInput(field: "password", problem: .passwordsDiffer) }
        }
        return first
    }

    static func fromFile(_ file: String) throws(BookingError) -> String {
        let data: Data
        if file == "-" {
            data = FileHandle.standardInput.readData(ofLength: maxFileBytes + 1)
        } else {
            guard let handle = FileHandle(forReadingAtPath: file) else {
                throw BookingError.invalidInput(field: "password file", problem: .cannotRead(file))
            }
            defer { try? handle.close() }
            data = handle.readData(ofLength: maxFileBytes + 1)
        }
        guard data.count <= maxFileBytes else { throw BookingError.invalidInput(field: "password file", problem: .largerThan(bytes: maxFileBytes)) }
        guard let text = String(data: data, encoding: .utf8) else {
            throw BookingError.invalidInput(field: "password file", problem: .notUTF8)
        }
        // The first line, without its line ending; nothing but blank lines may follow.
        var lines = text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        var password = lines.removeFirst()
        if password.hasSuffix("\r") { password.removeLast() }
        if let rest = lines.first, !rest.trimmingWhitespace().isEmpty {
            throw BookingError.invalidInput(field: "password file", problem: .passwordAloneOnFirstLine)
        }
        return password
    }

    /// Reads one line from the terminal with echo off, restoring the terminal afterwards.
    static func typed(_ prompt: String) throws(BookingError) -> String {
        FileHandle.standardError.write(Data(prompt.utf8))
        var saved = termios()
        let haveTerminal = tcgetattr(0, &saved) == 0
        if haveTerminal {
            var quiet = saved
            quiet.c_lflag &= ~tcflag_t(ECHO)
            tcsetattr(0, TCSAFLUSH, &quiet)
        }
        defer {
            if haveTerminal { tcsetattr(0, TCSAFLUSH, &saved) }
            FileHandle.standardError.write(Data("\n".utf8))
        }
        guard let line = readLine(strippingNewline: true) else {
            throw BookingError.invalidInput(field: "password", problem: .noPasswordTyped)
        }
        return line
    }
}
