// Why the full-screen interface could not start, in the two languages the desk uses.

/// Why the full-screen interface could not start.
public enum TerminalError: Error, CustomStringConvertible {
    /// Standard input or output is not a terminal, or TERM is unset or "dumb".
    case notATerminal
    /// ncurses has no description for this TERM.
    case unknownTerminal(String)

    public var description: String {
        switch self {
        case .notATerminal:
            return "standard input and output must be a terminal with TERM set / 标准输入输出必须是终端并设置 TERM"
        case .unknownTerminal(let term):
            return "ncurses does not know the terminal type \"\(term)\" / 未知终端类型 \"\(term)\""
        }
    }
}
