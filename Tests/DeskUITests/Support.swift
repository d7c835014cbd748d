import BookingCore
import BookingStore
import DeskUI
import Foundation
import Terminal

// Shared fixtures of the screen tests: the demo hospital at a fixed clock, a desk on an
// in-memory terminal, and ways to read the cell grid as a person reads it.

/// The hospital clock every desk test runs at: Wednesday 25 November 2026, 08:30.
let deskNow = LocalDateTime("2026-11-25T08:30")!
let tomorrow = LocalDate("2026-11-26")!

/// The administrator who sets up the tests' data through the store.
let tester = Operator(name: "test", terminal: "-")
/// The receptionist at the desk: role `desk`.
let clerk = Operator(name: "test", terminal: "-", roles: [.desk])

/// A demo patient with unique pinyin initials (bgq): 白国琪, male, 76, patient 42.
enum Bai {
    static let query = "bgq"
    static let name = "白国琪"
    static let id: Int64 = 42
    static let patientLine = " 患者：白国琪  男  76岁  420106********9952  186****3699  卡8800010041  患者号42  [65岁以上 优先]"
}

/// The function-key bar of the front desk under the default keymap.
let deskBarZh = "F1帮助 F2查找 F3登记 F4转诊办 F5预约 F6签到 F7取消 F8爽约 F9今天 F10退出 F11利用率 F12名单"
let deskBarEn = "F1Help F2Find F3Register F4Referral F5Book F6Check in F7Cancel F8No-show F9Today F10Quit F11Usage F12Lists"

/// A fresh temporary folder, removed when the value goes away.
final class TemporaryFolder {
    let path: String

    init(prefix: String = "deskui") {
        path = FileManager.default.temporaryDirectory
            .appendingPathComponent("\(prefix)-\(UUID().uuidString.prefix(8))").path
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    func write(_ text: String, to name: String) throws -> String {
        let file = path + "/" + name
        try FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        return file
    }
}

/// The demo hospital installed once per test run at the fixed clock; each desk copies the file
/// instead of installing it again (installing takes most of a second).
enum DemoTemplate {
    static let folder = FileManager.default.temporaryDirectory.appendingPathComponent("deskui-demo-\(UUID().uuidString.prefix(8))").path
    private static let file: Result<String, BookingError> = {
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(atPath: DemoTemplate.folder) }
        let path = folder + "/demo.db"
        do throws(BookingError) {
            // The store is released at the end of this block: SQLite checkpoints the WAL into the file.
            let store = try Store.create(path: path, training: true, now: deskNow)
            _ = try store.installDemo(by: tester)
            return .success(path)
        } catch {
            return .failure(error)
        }
    }()

    /// Puts a copy of the demo database (and its WAL, if one is left) at `path`.
    static func copy(to path: String) throws {
        let source = try file.get()
        let fm = FileManager.default
        try fm.copyItem(atPath: source, toPath: path)
        if fm.fileExists(atPath: source + "-wal") { try fm.copyItem(atPath: source + "-wal", toPath: path + "-wal") }
    }
}

/// The seconds a desk counts (idle lock, a message's age, polling), moved on by the test.
final class Stopwatch: @unchecked Sendable {
    private(set) var seconds: TimeInterval = 1_000

    func advance(by interval: TimeInterval) { seconds += interval }
}

/// One front-desk screen on a demo database, driven by keys and read back as text.
final class DeskFixture {
    let folder: TemporaryFolder
    let store: Store
    let terminal: MemoryTerminal
    let app: DeskApp
    /// The seconds the desk counts; the hospital clock is the store's (`now`).
    let stopwatch = Stopwatch()

    /// The demo hospital in `folder` (a copy of the template, unless a database is already
    /// there: a second desk on the same file), shown on a `width`×`height` in-memory terminal.
    /// `prepare` runs on the store before the desk opens.
    init(language: Language = .zh, width: Int = 120, height: Int = 36, colors: Bool = true,
         keymap: Keymap = KeymapFiles.defaults().0, actor: Operator = clerk, folder: TemporaryFolder = TemporaryFolder(),
         now: LocalDateTime = deskNow, idleLock: TimeInterval? = nil, prepare: (Store) throws -> Void = { _ in }) throws {
        self.folder = folder
        let path = folder.path + "/desk.db"
        if !FileManager.default.fileExists(atPath: path) { try DemoTemplate.copy(to: path) }
        store = try Store.create(path: path, training: true, now: now)
        try prepare(store)
        terminal = MemoryTerminal(width: width, height: height, colorsEnabled: colors)
        let stopwatch = self.stopwatch
        app = DeskApp(backend: terminal, store: store, keymap: keymap, actor: actor, language: language, idleLock: idleLock,
                      clock: { stopwatch.seconds })
        app.draw()
    }

    /// Presses the keys in order, drawing after each as the loop does.
    func press(_ keys: Key...) { press(keys) }

    func press(_ keys: [Key]) {
        for key in keys {
            app.press(key)
            app.draw()
        }
    }

    /// Types text as a keyboard does: one key per character.
    func type(_ text: String) {
        for character in text { press(.text(String(character))) }
    }

    /// F2, the query, Enter; Enter again to take the first of several matches.
    func choosePatient(_ query: String) {
        press(.function(2))
        type(query)
        press(.enter)
        if app.state.patient == nil { press(.enter) }
    }

    /// Moves the day list's cursor onto appointment `id` (Tab into the list first).
    func selectInDayList(_ id: Int64) {
        let count = app.state.dayList.count
        for _ in 0..<count { press(.up) }
        for _ in 0..<count where app.state.selectedAppointment?.id != id { press(.down) }
    }

    /// Tab from the search box to the week grid, then Right `days` times.
    func goToGrid(day days: Int = 0) {
        for _ in 0..<DeskPane.allCases.count where app.state.focus != .grid { press(.tab) }
        for _ in 0..<days { press(.right) }
    }

    var lines: [String] { terminal.lastLines }
    var screen: Screen { terminal.lastScreen! }
    var messageLine: String { lines[terminal.size.height - 2] }
    var functionBar: String { lines[terminal.size.height - 1] }

    /// The symbols of `width` cells of row `y` from column `x`, spaces kept.
    func cells(row y: Int, from x: Int, width: Int) -> String {
        let screen = self.screen
        return (x..<min(x + width, screen.width)).map { screen[x: $0, y: y].symbol }.joined()
    }

    /// The display column where `needle` starts on row `y`; nil when it is not there.
    func column(of needle: String, row y: Int) -> Int? {
        let text = cells(row: y, from: 0, width: screen.width)
        guard let range = text.range(of: needle) else { return nil }
        return DisplayWidth.width(of: String(text[..<range.lowerBound]))
    }

    /// The first row whose text contains `needle`.
    func row(containing needle: String) -> Int? {
        lines.firstIndex { $0.contains(needle) }
    }
}

/// A screen row as a person reads it: each piece starts at its display column, trailing
/// spaces trimmed as `Screen.line` trims them.
func row(_ pieces: (Int, String)...) -> String { row(pieces) }

func row(_ pieces: [(Int, String)]) -> String {
    var text = ""
    for (column, piece) in pieces {
        let used = DisplayWidth.width(of: text)
        text += String(repeating: " ", count: max(0, column - used)) + piece
    }
    while text.last == " " { text.removeLast() }
    return text
}

/// Where each day's column of the week grid starts on a 120-column screen.
let dayColumns = [30, 42, 54, 66, 78, 90, 102]

/// A week-grid row: the navigation text on the left, the hour, then one cell per day.
func gridRow(_ navigation: String, _ hour: String, _ cells: [String]) -> String {
    var pieces: [(Int, String)] = [(0, navigation), (24, " " + hour)]
    for (day, cell) in cells.enumerated() { pieces.append((dayColumns[day], cell)) }
    var text = ""
    for (column, piece) in pieces {
        text += String(repeating: " ", count: max(0, column - DisplayWidth.width(of: text))) + piece
    }
    while text.last == " " { text.removeLast() }
    return text
}

/// Whether every row of `screen` is whole: each wide character has its continuation cell, and
/// no continuation cell is left without the wide character before it.
func rowsAreWhole(_ screen: Screen) -> Bool {
    for y in 0..<screen.height {
        var x = 0
        while x < screen.width {
            let cell = screen[x: x, y: y]
            if cell.isContinuation { return false }
            if cell.width == 2 {
                guard x + 1 < screen.width, screen[x: x + 1, y: y].isContinuation else { return false }
                x += 2
            } else {
                x += 1
            }
        }
    }
    return true
}

/// Registers a patient with a passport (no birth date or sex), for names the demo lacks.
@discardableResult
func registerPassportHolder(_ name: String, number: String, in store: Store) throws -> PatientView {
    try store.registerPatient(PatientInput(name: name, documentType: .passport, documentNumber: number), by: tester)
}

/// Books `patient` into `resource` at `hour` on `date` through the store, as another desk would.
@discardableResult
func book(_ patient: Int64, _ resource: String, _ date: LocalDate, _ hour: Int, in store: Store) throws -> AppointmentView {
    try store.book(BookingRequest(patient: .id(patient), slot: .at(resource: resource, date: date, hour: hour)), by: tester)
}

/// Every key the keyboard can send that has a name, plus a code SlotDesk does not know.
let everyKey: [Key] = (1...12).map { Key.function($0) }
    + [.up, .down, .left, .right, .home, .end, .pageUp, .pageDown, .insert, .delete,
       .enter, .escape, .backspace, .tab, .backTab, .resize, .unknown(4242)]
    + "abcdefgklnopqrstuvwxyz".map { Key.control($0) }
