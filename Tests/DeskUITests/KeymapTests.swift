import BookingCore
import DeskUI
import Foundation
import Terminal
import Testing

// Keymaps as tig has them: `bind <screen> <key> <action>` lines over the shipped defaults. A bad
// line is reported with its file and line and changes nothing; the defaults stay in force.

private let userKeymap = """
    # Keys as our old registration system had them
    bind desk C-t search
    bind desk F99 book
    bind desk F2 fly
    bind lobby F2 search
    bind desk C-t book
    bind desk F5 book extra
    frob desk F5 book

    bind desk   #   register   # the key may be '#'; a later '#' starts a comment
    """

@Suite("Keymaps")
struct KeymapTests {
    @Test("the shipped default keymap parses without a problem")
    func defaultsAreClean() {
        let (keymap, problems) = KeymapFiles.defaults()
        #expect(problems.isEmpty)
        #expect(keymap.action(for: .function(5), in: .desk) == .book)
        #expect(keymap.action(for: .function(10), in: .register) == .quit)  // global, seen from every screen
        #expect(keymap.action(for: .enter, in: .confirm) == .confirm)
        #expect(keymap.action(for: .control("t"), in: .desk) == nil)
    }

    @Test("unknown key, unknown action, unknown screen, a duplicate, a short line, an unknown command: each reported with file and line")
    func badLinesAreReported() {
        let (defaults, _) = KeymapFiles.defaults()
        let file = "/home/desk/.config/slotdesk/keymap"
        let (keymap, problems) = Keymap.parse(userKeymap, file: file, over: defaults)
        try? #require(problems.count == 6)
        #expect(problems.map(\.line) == [3, 4, 5, 6, 7, 8])
        #expect(problems.allSatisfy { $0.file == file })
        #expect(problems[0].description == "\(file):3: unknown key \"F99\"")
        #expect(problems[1].description == "\(file):4: unknown action \"fly\"")
        #expect(problems[2].description.hasPrefix("\(file):5: unknown screen \"lobby\" (one of global, desk, "))
        #expect(problems[3].description == "\(file):6: C-t is already bound on desk at line 2")
        #expect(problems[4].description == "\(file):7: expected: bind <screen> <key> <action>")
        #expect(problems[5].description == "\(file):8: unknown command \"frob\" (expected: bind <screen> <key> <action>)")
        // Under zh the same problems read in Chinese; the file's own words stay as written.
        #expect(problems.map { $0.text(.zh) } == [
            "\(file):3: 没有“F99”这个按键",
            "\(file):4: 没有“fly”这个动作（slotdesk keymap list 列出全部）",
            problems[2].text(.zh),
            "\(file):6: C-t 在 desk 界面已于第 2 行绑定",
            "\(file):7: 格式应为：bind <screen> <key> <action>",
            "\(file):8: 没有“frob”这个命令（应为：bind <screen> <key> <action>）",
        ])
        #expect(problems[2].text(.zh).hasPrefix("\(file):5: 没有“lobby”这个界面（可用：global, desk, "))

        // The good lines count; the first binding of C-t wins; every default is still there.
        #expect(defaults.action(for: .control("t"), in: .desk) == nil)
        #expect(keymap.action(for: .control("t"), in: .desk) == .search)
        #expect(keymap.action(for: .text("#"), in: .desk) == .register)
        for (scope, bindings) in defaults.bindings {
            for (key, action) in bindings {
                #expect(keymap.bindings[scope]?[key] == action, "\(scope) \(key)")
            }
        }
        #expect(keymap.bindings[.desk]?.count == (defaults.bindings[.desk]?.count ?? 0) + 2)
        #expect(keymap.bindings[.global] == defaults.bindings[.global])
    }

    @Test("a user file overrides the defaults: the function-key bar shows it and the keys do it")
    func userFileOverridesDefaults() throws {
        let folder = TemporaryFolder()
        let path = try folder.write("""
            bind desk F4 book
            bind desk F5 checkin
            bind desk F99 quit
            """, to: "config/slotdesk/keymap")
        let (keymap, problems) = KeymapFiles.load(userFile: path)
        #expect(problems.map(\.description) == ["\(path):3: unknown key \"F99\""])
        #expect(KeymapFiles.userPath(environment: ["XDG_CONFIG_HOME": folder.path + "/config"]) == path)

        let desk = try DeskFixture(keymap: keymap)
        #expect(desk.functionBar == "F1帮助 F2查找 F3登记 F4预约 F5签到 F6签到 F7取消 F8爽约 F9今天 F10退出 F11利用率 F12名单")
        desk.choosePatient(Bai.query)
        desk.press(.right, .function(4))
        #expect(desk.row(containing: "确认预约") != nil)
        let answer = try #require(desk.row(containing: "Enter/F5/y 确认"))
        #expect(desk.cells(row: answer, from: 25, width: 40).hasPrefix("│ Enter/F5/y 确认    Esc/n 放弃"))
        desk.press(.enter)
        #expect(desk.messageLine.hasPrefix(" 已预约 "))
    }

    @Test("a keymap saved with a UTF-8 byte-order mark (as Windows Notepad does) reads like any other")
    func byteOrderMark() throws {
        let folder = TemporaryFolder()
        let path = try folder.write("\u{FEFF}bind desk F11 today\n", to: "keymap")
        let (keymap, problems) = KeymapFiles.load(userFile: path)
        #expect(problems.isEmpty, "\(problems)")
        #expect(keymap.action(for: .function(11), in: .desk) == .today)
    }

    @Test("a missing user file means the defaults; an unreadable one is reported and ignored")
    func missingAndBrokenFiles() throws {
        let folder = TemporaryFolder()
        let (defaults, _) = KeymapFiles.defaults()
        let (missing, none) = KeymapFiles.load(userFile: folder.path + "/nothing-here")
        #expect(none.isEmpty)
        #expect(missing == defaults)

        let binary = folder.path + "/binary"
        _ = FileManager.default.createFile(atPath: binary, contents: Data([0x62, 0x69, 0x6E, 0x64, 0xFF, 0xFE, 0x0A]))
        let (kept, problems) = KeymapFiles.load(userFile: binary)
        #expect(problems.map(\.description) == ["\(binary):0: not UTF-8 text; ignored"])
        #expect(problems.map { $0.text(.zh) } == ["\(binary):0: 不是 UTF-8 文本，已忽略"])
        #expect(kept == defaults)
    }
}

@Suite("slotdesk keymap")
struct KeymapCommandTests {
    let folder = TemporaryFolder()

    func slotdesk(_ arguments: [String]) throws -> Finished {
        let binary = try #require(Binary.slotdesk, "the slotdesk executable is not next to the tests")
        return try run([binary] + arguments, environment: childEnvironment([
            "HOME": folder.path, "XDG_CONFIG_HOME": folder.path + "/config",
        ]))
    }

    @Test("keymap check: a clean file exits 0 and says OK")
    func checkCleanFile() throws {
        let path = try folder.write("bind desk F4 book\n# nothing else\n", to: "good.keymap")
        let result = try slotdesk(["keymap", "check", path, "--lang", "en"])
        #expect(result.status == 0)
        #expect(result.stdout == "\(path): OK\n")
        let chinese = try slotdesk(["keymap", "check", path, "--lang", "zh"])
        #expect(chinese.stdout == "\(path)：无误\n")
    }

    @Test("keymap check: a bad file exits 2 and names each bad line")
    func checkBadFile() throws {
        let path = try folder.write(userKeymap, to: "bad.keymap")
        let result = try slotdesk(["keymap", "check", path, "--lang", "en"])
        #expect(result.status == 2)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 6)
        #expect(lines.first == "\(path):3: unknown key \"F99\"")
        #expect(lines.last == "\(path):8: unknown command \"frob\" (expected: bind <screen> <key> <action>)")
        let chinese = try slotdesk(["keymap", "check", path, "--lang", "zh"])
        #expect(chinese.status == 2)
        #expect(chinese.stdout.split(separator: "\n").first.map(String.init) == "\(path):3: 没有“F99”这个按键")
    }

    @Test("keymap check: no file at all exits 2 and says where it looked")
    func checkMissingFile() throws {
        let result = try slotdesk(["keymap", "check", "--lang", "en"])
        #expect(result.status == 2)
        #expect(result.stderr == "No keymap file at \(folder.path)/config/slotdesk/keymap\n")
    }

    @Test("keymap list prints the bindings in force, the user's override included")
    func list() throws {
        let defaults = try slotdesk(["keymap", "list", "--lang", "en"])
        #expect(defaults.status == 0)
        #expect(defaults.stderr.isEmpty)
        let lines = defaults.stdout.split(separator: "\n").map(String.init)
        func bind(_ text: String, _ explanation: String) -> String {
            text.padding(toLength: 40, withPad: " ", startingAt: 0) + "# " + explanation
        }
        #expect(Array(lines.prefix(3)) == [
            bind("bind global C-l redraw", "redraw the screen"),
            bind("bind global F1 help", "show the keys of this screen"),
            bind("bind global F10 quit", "leave SlotDesk"),
        ])
        #expect(lines.contains(bind("bind desk F5 book", "book the selected patient into the slot under the cursor")))
        #expect(lines.contains(bind("bind confirm y confirm", "confirm")))
        #expect(!lines.contains { $0.hasPrefix("bind desk C-t ") })
        #expect(lines.contains { $0.hasPrefix("bind desk F4 switch-screen ") })
        #expect(!lines.contains { $0.hasPrefix("bind global F4 ") })
        let (keymap, _) = KeymapFiles.defaults()
        #expect(lines.count == keymap.bindings.values.reduce(0) { $0 + $1.count })

        _ = try folder.write("bind desk C-t book\nbind desk F5 fly\n", to: "config/slotdesk/keymap")
        let overridden = try slotdesk(["keymap", "list", "--lang", "en"])
        #expect(overridden.status == 0)
        #expect(overridden.stdout.contains(bind("bind desk C-t book", "book the selected patient into the slot under the cursor") + "\n"))
        #expect(overridden.stdout.contains(bind("bind desk F5 book", "book the selected patient into the slot under the cursor") + "\n"))
        #expect(overridden.stderr == "\(folder.path)/config/slotdesk/keymap:2: unknown action \"fly\"\n")
    }
}
