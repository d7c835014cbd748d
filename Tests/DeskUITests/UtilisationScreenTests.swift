import BookingCore
import BookingStore
@testable import DeskUI
import Foundation
import Terminal
import Testing

// The utilisation picture: the week's heat map of one department and every department's bar,
// read off the cell grid as a person reads it, without colour.

/// A hospital small enough to count: cardiology (one doctor, 08–12, four seats an hour, every
/// day), imaging (one CT room, 08–10, two an hour, weekdays) and a day-surgery theatre, which
/// has no slots to fill and so no bar.
final class UtilisationFixture {
    let folder = TemporaryFolder(prefix: "utilisation")
    let store: Store
    var state: UtilisationState
    let keymap = KeymapFiles.defaults().0
    var width = 80
    var height = 24

    init(language: Language = .zh) throws {
        store = try Store.create(path: folder.path + "/u.db", training: true, now: deskNow)
        var setup = HospitalSetup()
        setup.hospital = .init(name: "测试医院", nameEn: "Test Hospital")
        setup.departments = [.init(code: "CARD", name: "心内科", nameEn: "Cardiology"), .init(code: "IMAG", name: "医学影像科", nameEn: "Imaging"),
                             .init(code: "DSC", name: "日间手术中心", nameEn: "Day Surgery")]
        setup.resources = [.init(code: "D001", department: "CARD", kind: .clinic, name: "王建国"),
                           .init(code: "CT1", department: "IMAG", kind: .exam, name: "CT室一"),
                           .init(code: "OR1", department: "DSC", kind: .theatre, name: "日间手术室一")]
        setup.sessions = [.init(resource: "D001", weekdays: [1, 2, 3, 4, 5, 6, 7], firstHour: 8, endHour: 12, capacity: 4, reserved: 0),
                          .init(resource: "CT1", weekdays: [1, 2, 3, 4, 5], firstHour: 8, endHour: 10, capacity: 2, reserved: 0),
                          .init(resource: "OR1", weekdays: [1, 2, 3, 4, 5], firstHour: 8, endHour: 17, capacity: 1, reserved: 0)]
        setup.calendar = WorkCalendar(years: [2026])
        _ = try store.applySetup(setup, by: tester)
        // The week of Wednesday 25 November: slots from Monday 23rd (generated before the clock's day).
        _ = try store.with(clock: FixedClock(LocalDateTime("2026-11-23T07:00")!)).generateSlots(from: LocalDate("2026-11-23")!,
                                                                                             to: LocalDate("2026-12-06")!, by: tester)
        state = UtilisationState(language: language, now: deskNow)
        reload()
    }

    /// Reads the picture again, as when it comes to the front.
    func reload() { StoreEffects(store: store, actor: clerk).reload(&state) }

    /// Books `count` new patients into `resource` at `hour` on `date`.
    func fill(_ resource: String, _ date: String, _ hour: Int, count: Int, from first: Int) throws {
        for n in first..<(first + count) {
            let p = try registerPassportHolder("患者" + String(repeating: "甲", count: 1), number: "P\(100_000 + n)", in: store)
            _ = try book(p.id, resource, LocalDate(date)!, hour, in: store)
        }
    }

    func press(_ actions: DeskAction...) {
        for action in actions { StoreEffects(store: store, actor: clerk).drive(&state, .action(action)) }
    }

    var screen: Screen {
        var screen = Screen(width: width, height: height)
        _ = state.render(into: &screen, keymap: keymap,
                         frame: FrameInfo(hospital: "测试医院", operatorName: "test", role: "挂号", now: state.now, synced: true, language: state.language))
        return screen
    }

    var lines: [String] { screen.lines() }
}

@Suite("Utilisation screen")
struct UtilisationScreenTests {
    /// Thursday's cardiology: three of four seats at 08:00, one at 09:00; Wednesday's CT at 09:00 full.
    func busyWeek() throws -> UtilisationFixture {
        let f = try UtilisationFixture()
        try f.fill("D001", "2026-11-26", 8, count: 3, from: 1)
        try f.fill("D001", "2026-11-26", 9, count: 1, from: 10)
        try f.fill("CT1", "2026-11-25", 9, count: 2, from: 20)
        f.reload()
        return f
    }

    @Test("the week of one department: a row per day, a cell per hour with its shade and its number, the day in all; bars for every department")
    func weekInChinese() throws {
        let f = try busyWeek()
        let lines = f.lines
        #expect(lines[1] == " 号源利用率  科室：心内科 [Up/Down]   周：2026-11-23–11-29 [Left/Right]")
        #expect(lines[2] == " ░ 0–24%  ▒ 25–49%  ▓ 50–74%  █ 75–100%  数字＝已约占号源的百分比  - 无号源")
        #expect(Array(lines[4...12]) == [
            " 心内科：本周每日每小时（日 × 时）",
            "               08   09   10   11  全天",
            " 周一 11-23  ░  0 ░  0 ░  0 ░  0  ░  0",
            " 周二 11-24  ░  0 ░  0 ░  0 ░  0  ░  0",
            " 周三 11-25* ░  0 ░  0 ░  0 ░  0  ░  0",
            " 周四 11-26  █ 75 ▒ 25 ░  0 ░  0  ▒ 25",
            " 周五 11-27  ░  0 ░  0 ░  0 ░  0  ░  0",
            " 周六 11-28  ░  0 ░  0 ░  0 ░  0  ░  0",
            " 周日 11-29  ░  0 ░  0 ░  0 ░  0  ░  0",
        ])
        // 4 of 7 × 4 × 4 = 112 seats booked; the CT room 2 of 5 × 2 × 2 = 20. The theatre has no bar.
        #expect(Array(lines[14...17]) == [
            " 各科室本周利用率（█已约 ░空余 -无号源）",
            " > 心内科     █" + String(repeating: "░", count: 39) + "   4%  4/112",
            "   医学影像科 ████" + String(repeating: "░", count: 36) + "  10%  2/20",
            "",
        ])
        #expect(lines[23] == "F1帮助 F9今天 F10退出 F11返回")
        #expect(rowsAreWhole(f.screen))
    }

    @Test("Down chooses the next department: the CT room's full hour reads █100, hours it does not open read -")
    func anotherDepartment() throws {
        let f = try busyWeek()
        f.press(.down, .down, .down)  // stops at the last
        #expect(f.state.department?.code == "IMAG")
        let lines = f.lines
        #expect(lines[4] == " 医学影像科：本周每日每小时（日 × 时）")
        #expect(lines[8] == " 周三 11-25* ░  0 █100   -    -   ▓ 50")
        #expect(lines[11] == " 周六 11-28    -    -    -    -     -")
        #expect(lines[15].hasPrefix("   心内科 ") && lines[16].hasPrefix(" > 医学影像科 "))
        f.press(.up, .up)
        #expect(f.state.department?.code == "CARD")
    }

    @Test("Right and PgDown go a week on, Left and PgUp back, F9 returns to this week; the department is kept")
    func weeks() throws {
        let f = try busyWeek()
        f.press(.down, .nextWeek)
        #expect(f.state.weekStart == LocalDate("2026-11-30")!)
        #expect(f.lines[1].contains("周：2026-11-30–12-06"))
        #expect(f.lines[6] == " 周一 11-30  ░  0 ░  0   -    -   ░  0")
        #expect(f.state.department?.code == "IMAG")
        f.press(.previousWeek, .previousWeek)
        #expect(f.state.weekStart == LocalDate("2026-11-16")!)
        #expect(f.lines[6].hasPrefix(" 周一 11-16    -    -    -"), "no slots generated that week")
        #expect(!f.lines[6...12].joined().contains { "░▒▓█".contains($0) })
        // Nothing offered is not "all free": no ░ in the bar either.
        #expect(f.lines[15] == "   心内科     " + String(repeating: "-", count: 40) + "  无号源")
        f.press(.today)
        #expect(f.state.weekStart == LocalDate("2026-11-23")!)
    }

    @Test("in English, on a wide terminal")
    func english() throws {
        let f = try busyWeek()
        f.state.language = .en
        f.width = 120
        f.height = 36
        let lines = f.lines
        #expect(lines[1] == " Utilisation  department: Cardiology [Up/Down]   week: 2026-11-23–11-29 [Left/Right]")
        #expect(lines[5] == "               08   09   10   11   day")
        #expect(lines[9] == " Thu 11-26   █ 75 ▒ 25 ░  0 ░  0  ▒ 25")
        #expect(lines[15].hasPrefix(" > Cardiology █"))
        #expect(lines[35] == "F1Help F9Today F10Quit F11Back")
    }

    @Test("F1 explains the keys of the picture; Esc closes the help")
    func help() throws {
        let f = try busyWeek()
        f.press(.help)
        #expect(f.state.scope == .help)
        let text = f.lines.joined(separator: "\n")
        #expect(text.contains("F11       返回 — 返回/关闭"))
        #expect(text.contains("PgDown    下周 — 号源表向后一周"))
        f.press(.back)
        #expect(f.state.scope == .utilisation)
    }
}

@Suite("Utilisation from every screen")
struct UtilisationNavigationTests {
    @Test("F11 brings the picture over the front desk, Esc goes back; the desk keeps its patient")
    func fromTheDesk() throws {
        let desk = try DeskFixture()
        desk.choosePatient(Bai.query)
        desk.press(.function(11))
        #expect(desk.app.active == .utilisation)
        #expect(desk.lines[1].hasPrefix(" 号源利用率  科室：心内科 "))
        #expect(desk.lines[4] == " 心内科：本周每日每小时（日 × 时）")
        #expect(desk.functionBar == "F1帮助 F9今天 F10退出 F11返回")
        desk.press(.escape)
        #expect(desk.app.active == .desk)
        #expect(desk.app.state.patient?.id == Bai.id)
        #expect(desk.functionBar.contains(" F11利用率"))
    }

    @Test("from the referral office and from day surgery, F11 twice comes back to the same screen")
    func fromEveryScreen() throws {
        let desk = try DeskFixture(actor: Operator(name: "test", terminal: "-", roles: [.coordinator, .night]))
        desk.app.switchScreen(to: .coordinator)
        desk.press(.function(11))
        #expect(desk.app.active == .utilisation)
        desk.press(.function(11))
        #expect(desk.app.active == .coordinator)
        desk.app.switchScreen(to: .surgery)
        desk.press(.function(11), .pageDown)
        #expect(desk.app.active == .utilisation)
        #expect(desk.app.utilisation.weekStart == LocalDate("2026-11-30")!)
        desk.press(.escape)
        #expect(desk.app.active == .surgery)
        // F10 quits from the picture too.
        desk.press(.function(11), .function(10))
        #expect(desk.app.wantsQuit)
    }
}
