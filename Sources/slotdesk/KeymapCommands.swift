import ArgumentParser
import BookingCore
import DeskUI
import Foundation
import Terminal

/// `slotdesk keymap check [FILE]`, `slotdesk keymap list`
struct KeymapCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keymap",
        abstract: "Check a keymap file or list the key bindings in force.",
        subcommands: [Check.self, List.self]
    )

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate a keymap file (default: your $XDG_CONFIG_HOME/slotdesk/keymap).",
            discussion: "Each bad line is reported with file and line number; exit 2 if there is any.\nExample: slotdesk keymap check ~/.config/slotdesk/keymap"
        )
        @Argument(help: "The keymap file.") var file: String?
        @Option(help: ArgumentHelp("Language of messages: zh or en.", valueName: "zh|en")) var lang: Language?

        func run() throws {
            let environment = ProcessInfo.processInfo.environment
            let language = lang ?? Language.fromEnvironment(environment)
            let path = file ?? KeymapFiles.userPath(environment: environment)
            guard FileManager.default.fileExists(atPath: path) else {
                FileHandle.standardError.write(Data(language.pick("找不到按键文件：\(path)\n", "No keymap file at \(path)\n").utf8))
                throw ExitCode(2)
            }
            let (_, problems) = KeymapFiles.load(userFile: path)
            for p in problems { print(printable(p.text(language))) }
            if problems.isEmpty {
                print(language.pick("\(path)：无误", "\(path): OK"))
            } else {
                throw ExitCode(2)
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the bindings in force: the defaults overridden by your keymap file.",
            discussion: "Example: slotdesk keymap list --lang zh"
        )
        @Option(help: ArgumentHelp("Language of the descriptions: zh or en.", valueName: "zh|en")) var lang: Language?

        func run() throws {
            let environment = ProcessInfo.processInfo.environment
            let language = lang ?? Language.fromEnvironment(environment)
            let (keymap, problems) = KeymapFiles.load(userFile: KeymapFiles.userPath(environment: environment))
            for p in problems { FileHandle.standardError.write(Data("\(printable(p.text(language)))\n".utf8)) }
            for scope in KeyScope.allCases {
                for b in keymap.bindings[scope, default: [:]].sorted(by: { $0.key.name < $1.key.name }) {
                    print(DisplayWidth.pad("bind \(scope.rawValue) \(b.key.name) \(b.value.rawValue)", toWidth: 40) + "# " + b.value.explanation(language))
                }
            }
        }
    }
}
