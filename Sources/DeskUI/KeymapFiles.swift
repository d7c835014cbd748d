import Foundation
import Keymaps

/// Where keymaps come from: the default file shipped with SlotDesk, then the user's override.
public enum KeymapFiles {
    /// `$XDG_CONFIG_HOME/slotdesk/keymap`, else `~/.config/slotdesk/keymap`.
    public static func userPath(environment: [String: String]) -> String {
        if let xdg = environment["XDG_CONFIG_HOME"], xdg.hasPrefix("/") { return xdg + "/slotdesk/keymap" }
        return (environment["HOME"] ?? NSHomeDirectory()) + "/.config/slotdesk/keymap"
    }

    /// The built-in bindings: `Keymaps/keymaps/default.keymap`, embedded in the program.
    public static func defaults() -> (Keymap, [KeymapProblem]) {
        Keymap.parse(DefaultKeymaps.defaultKeymap, file: "default.keymap")
    }

    /// Largest keymap file read; anything bigger is not a keymap.
    static let maxBytes = 256 * 1024

    /// The defaults overridden by `path` (if it exists), with every problem found in either.
    public static func load(userFile path: String) -> (Keymap, [KeymapProblem]) {
        let (base, baseProblems) = defaults()
        guard FileManager.default.fileExists(atPath: path) else { return (base, baseProblems) }
        guard let data = FileManager.default.contents(atPath: path) else {
            return (base, baseProblems + [KeymapProblem(file: path, line: 0, reason: .unreadable)])
        }
        guard data.count <= maxBytes else {
            return (base, baseProblems + [KeymapProblem(file: path, line: 0, reason: .tooLarge)])
        }
        guard let text = String(data: data, encoding: .utf8) else {
            return (base, baseProblems + [KeymapProblem(file: path, line: 0, reason: .notUTF8)])
        }
        let (keymap, problems) = Keymap.parse(text, file: path, over: base)
        return (keymap, baseProblems + problems)
    }
}
