import BookingCore
import BookingStore
@testable import DeskUI
import Foundation
import Terminal
import Testing

/// The night nurse on the ward terminal at 23:00, reviewing tomorrow's list.
let nightNurse = Operator(name: "night:wang", terminal: "/dev/pts/9", roles: [.night])
let nightNow = LocalDateTime("2026-11-25T23:00")!

/// The day-surgery screen on a copy of the demo hospital, driven by actions and read back as text.
final class SurgeryFixture {
    let folder = TemporaryFolder(prefix: "surgery")
    let store: Store
    var state: SurgeryState
    let keymap: Keymap
    let actor: Operator
    var width: Int
    var height: Int

    init(language: Language = .zh, now: LocalDateTime = nightNow, actor: Operator = nightNurse, width: Int = 120, height: Int = 36) throws {
        let path = folder.path + "/surgery.db"
        try DemoTemplate.copy(to: path)
        store = try Store.create(path: path, training: true, now: now)
        keymap = KeymapFiles.defaults().0
        self.actor = actor
        self.width = width
        self.height = height
        state = SurgeryState(language: language, now: now)
        reload()
    }

    /// The screen's effects run against the store as the app runs them.
    var effects: StoreEffects { StoreEffects(store: store, actor: actor) }

    /// Reads the screen again, as when it comes to the front.
    func reload() { effects.reload(&state) }

    func press(_ actions: DeskAction...) {
        for action in actions { effects.drive(&state, .action(action)) }
    }

    /// Presses keys through the default keymap, as the app would.
    func key(_ keys: Key...) {
        for key in keys {
            if state.acceptsText, case let .text(text) = key { effects.drive(&state, .text(text)); continue }
            if let action = keymap.action(for: key, in: state.scope) { effects.drive(&state, .action(action)) }
        }
    }

    func type(_ text: String) {
        for character in text { effects.drive(&state, .text(String(character))) }
    }

    var screen: Screen {
        var screen = Screen(width: width, height: height)
        _ = state.render(into: &screen, keymap: keymap,
                         frame: FrameInfo(hospital: "示范人民医院", operatorName: actor.name, role: "夜班", now: state.now, synced: true, language: state.language))
        return screen
    }

    var lines: [String] { screen.lines() }
    var text: String { lines.joined(separator: "\n") }
    func row(containing needle: String) -> Int? { lines.firstIndex { $0.contains(needle) } }
}

/// A list row of the 120-column night review: mark, theatre, place, start, patient, procedure,
/// surgeon, anaesthesia, minutes, the six checklist marks, status.
func reviewRow(_ mark: String, _ theatre: String, _ place: Int, _ start: String, _ patient: String, _ procedure: String, _ surgeon: String,
               _ anaesthesia: String, _ minutes: Int, _ marks: String, _ status: String) -> String {
    var pieces: [(Int, String)] = [(0, mark), (2, theatre), (6, "\(place)"), (8, start), (14, patient), (22, procedure), (55, surgeon), (63, anaesthesia),
                                   (68, "\(minutes)")]
    for (i, m) in marks.split(separator: " ").enumerated() { pieces.append((73 + 6 * i, String(m))) }
    pieces.append((109, status))
    return row(pieces)
}

@Suite("Day-surgery screen: the night review, the time bars and the queue")
struct SurgeryScreenTests {
    @Test("tomorrow's list in sequence: each checklist item a mark, what is missing marked ! and named")
    func nightReviewList() throws {
        let f = try SurgeryFixture()
        let lines = f.lines
        #expect(f.state.date == tomorrow)
        #expect(lines[1] == " 日间手术 夜班核查  2026-11-26 周四（明天） [PgUp/PgDn]   共10台  已确认2  缺项5")
        #expect(lines[6] == "> 手术列表（按台次；！需处理）")
        #expect(lines[7] == row((2, "OR"), (6, "#"), (8, "开始"), (14, "患者"), (22, "手术"), (55, "术者"), (63, "麻醉"), (68, "分钟"), (73, "1评估"), (79, "2化验"),
                                (85, "3同意"), (91, "4麻醉"), (97, "5禁食"), (103, "6陪护"), (109, "状态")))
        let cases = f.state.reviewed
        #expect(cases.map(\.sequence) == [1, 2, 3, 4, 5, 1, 2, 3, 4, 5])
        #expect(lines[8] == reviewRow(" ", "OR1", 1, "08:00", cases[0].patientName, "腹腔镜胆囊切除术", "胡振华", "全麻", 90, "✓ ✓ ✓ ✓ ✓ ✓", "✓已确认"))
        #expect(lines[9] == reviewRow("!", "OR1", 2, "09:45", cases[1].patientName, "腹股沟疝修补术", "胡振华", "区麻", 60, "✓ ✓ ✗ ✓ ✓ ✓", "缺1项"))
        #expect(lines[10] == reviewRow("!", "OR1", 3, "11:00", cases[2].patientName, "体表肿物切除术", "高翔", "局麻", 30, "✓ ✓ ✓ - ✓ ✓", "待确认"))
        #expect(lines[11] == reviewRow("!", "OR1", 4, "11:45", cases[3].patientName, "关节镜下半月板修复术", "林海涛", "全麻", 90, "✓ ✗ ✓ ✓ ✓ ✗", "缺2项"))
        #expect(lines[16] == reviewRow("!", "OR2", 4, "10:30", cases[8].patientName, "宫腔镜检查术", "郭淑珍", "全麻", 30, "✓ ✓ ✗ ✓ ✗ ✓", "缺2项"))
        // The case under the cursor, and what it has (who ticked, when) or lacks.
        #expect(lines[32].hasPrefix(" 1 \(cases[0].patientName) "))
        #expect(lines[33].hasPrefix(" 核查齐全：评估 test 07:30"))
        #expect(lines[35] .hasPrefix("F1帮助 F2确认 F3推迟 F4"))
        #expect(lines[35].hasSuffix("F5补台 F6排程 F7上移 F8下移 F9排入 F10退出 F11利用率"))
        #expect(rowsAreWhole(f.screen))
    }

    @Test("without colour (NO_COLOR) nothing is lost: the missing item is ✗, the row is marked !, the status says what")
    func readableWithoutColour() throws {
        let f = try SurgeryFixture()
        let colour = f.screen, plain = colour.withoutColors()
        #expect(plain.lines() == colour.lines())
        // In colour the ✗ is red as well; without, the symbol alone carries it.
        #expect(colour.styleAt(x: 85, y: 9).foreground == .red && colour[x: 85, y: 9].symbol == "✗")
        #expect(plain.styleAt(x: 85, y: 9).foreground == nil && plain[x: 85, y: 9].symbol == "✗")
    }

    @Test("each theatre day is a time bar across 08:00–17:00: blocks per case, their places, the minutes left")
    func timeBars() throws {
        let f = try SurgeryFixture()
        let lines = f.lines
        #expect(lines[2] == "     08    09    10    11    12    13    14    15    16")
        #expect(lines[3] == "OR1  1████████ 2░░░░░  3▓▓ 4░░░░░░░░  5░░░░░ ·············· 5台 390/540分 余135")
        #expect(lines[4] == "OR2  1██  2░░  3▓▓  4░░  5▓▓▓  ···························· 5台 245/540分 余275")
        #expect(lines[5] == "     █已确认 ▓核查齐待确认 ░有缺项 ·空闲 数字=台次")
    }

    @Test("one key per decision: F2 refuses an incomplete case and names the gap; 3 ticks consent; F2 then confirms")
    func tickAndConfirm() throws {
        let f = try SurgeryFixture()
        f.key(.down)
        let hernia = try #require(f.state.reviewedCase)
        f.key(.function(2))
        #expect(f.lines[34] == " 手术 \(hernia.id) 术前核查未完成，缺：知情同意（规则11 核查完成才能确认）")
        f.key(.text("3"))
        // Messages name the case as the list shows it: theatre, place, patient.
        #expect(f.lines[34] == " 已勾选 OR1 第2台 \(hernia.patientName)：知情同意，核查齐全，可确认")
        f.key(.function(2))
        #expect(f.lines[34] == " 已确认 OR1 第2台 \(hernia.patientName)：腹股沟疝修补术")
        #expect(f.lines[9].hasSuffix("✓     ✓     ✓     ✓     ✓     ✓     ✓已确认"))
        // Pressed again, 3 would untick a confirmed case: it asks first, and Esc changes nothing.
        f.key(.text("3"))
        #expect(f.state.scope == .confirm && f.text.contains("更改已确认的病例") && f.text.contains("撤销勾选：知情同意"))
        f.key(.escape)
        #expect(try f.store.surgeryCase(hernia.id).status == .ready)
        // Asked again and confirmed, the tick goes and the case is back to unconfirmed.
        f.key(.text("3"), .enter)
        #expect(f.lines[34] == " 已撤销 OR1 第2台 \(hernia.patientName)：知情同意，已退回待确认")
        #expect(try f.store.surgeryCase(hernia.id).status == .scheduled)
        // An anaesthesia review is not needed under a local anaesthetic.
        f.key(.down, .text("4"))
        #expect(f.lines[34] == " 局麻病例不需要麻醉评估")
    }

    @Test("postponing asks why; the freed place is offered to the best ready case in the queue; F5 and Enter book it")
    func postponeAndBackfill() throws {
        let f = try SurgeryFixture()
        f.key(.down, .down, .down)
        let knee = try #require(f.state.reviewedCase)
        f.key(.function(3))
        #expect(f.state.scope == .confirm && f.text.contains("推迟手术"))
        f.type("化验未回，陪护未落实")
        #expect(f.text.contains("原因：化验未回，陪护未落实"))
        f.key(.enter)
        let queued = try f.store.surgeryCase(knee.id)
        #expect(queued.status == .queued && queued.postponeReason == "化验未回，陪护未落实")
        let offer = try #require(f.state.proposal)
        #expect(offer.position == 4 && offer.surgeryCase.checklistComplete)
        let c = offer.surgeryCase
        #expect(f.lines[33] == " 补台建议 [F5]：OR1 第4台空出 → \(c.patientName) \(c.procedure) \(c.estimatedMinutes)分钟（\(c.priority.label(.zh))）11:45 开始")
        #expect(f.lines[34].hasPrefix(" 已推迟 OR1 第4台 \(knee.patientName) 关节镜下半月板修复术，退回队列（等待时间保留）。补台建议：\(c.patientName)"))
        f.key(.function(5))
        #expect(f.state.scope == .confirm && f.text.contains("核查齐全、时间放得下的最高优先级病例（规则11）"))
        f.key(.enter)
        #expect(f.lines[34] == " 已补台：\(c.patientName) \(c.procedure) → OR1 第4台")
        #expect(f.state.reviewed[3].id == c.id && f.state.proposal == nil)
        // The postponed case is back in the queue, in its place by waiting time.
        #expect(f.state.queue.contains { $0.id == knee.id })
    }

    @Test("F7 and F8 move a case earlier or later in its theatre's sequence; the times follow")
    func reorder() throws {
        let f = try SurgeryFixture()
        f.key(.down, .down, .down, .down)  // OR1 #5, 13:30
        let fixation = try #require(f.state.reviewedCase)
        f.key(.function(7))
        #expect(f.lines[34] == " \(fixation.patientName) 从第5台调到第4台")
        #expect(try f.store.surgeryCase(fixation.id).plannedStart == LocalDateTime("2026-11-26T11:45"))
        f.key(.function(8))
        #expect(try f.store.surgeryCase(fixation.id).sequence == 5)
    }

    @Test("PgDn shows the next day's list; Tab moves to the queue, ordered by class then waiting time")
    func otherDaysAndTheQueue() throws {
        let f = try SurgeryFixture()
        f.key(.pageDown)
        #expect(f.lines[1].hasPrefix(" 日间手术 夜班核查  2026-11-27 周五 [PgUp/PgDn]   共5台"))
        f.key(.pageUp, .tab)
        #expect(f.state.focus == .queue)
        let queue = f.state.queue
        #expect(queue.count == 8)
        // Not every queued case fits the pane: the title says which rows show.
        let y = try #require(f.row(containing: "> 待排队列（按优先级、等待时间）8台，显示1–"))
        #expect(f.lines[y].hasSuffix("/8  核查齐全可补台5台"))
        #expect(f.lines[y + 1].hasPrefix("✓ 转诊     19天  \(queue[0].patientName)"))
        // Keys 1–6 tick a queued case's checklist too.
        f.key(.down, .text("2"))
        #expect(try f.store.surgeryCase(queue[1].id).ticked.contains(.labs))
    }

    @Test("the desk may not review day surgery: the refusal lands on the message line in the operator's words")
    func roles() throws {
        let f = try SurgeryFixture(actor: clerk)
        f.key(.function(2))
        #expect(f.lines[34].contains("无权限：surgery.review 仅限 夜班、管理员（规则13）"))
    }

    @Test("the planner's proposal is shown before anything is booked; Enter books it")
    func plan() throws {
        let f = try SurgeryFixture()
        f.key(.function(6))
        #expect(f.state.scope == .confirm && f.text.contains("排程建议："))
        #expect(try f.store.surgeryQueue().count == 8)
        f.key(.enter)
        #expect(f.lines[34].hasPrefix(" 已按建议排程 "))
        #expect(try f.store.surgeryQueue().count < 8)
    }

    @Test("a discharge's follow-up shows in the referral office: F9 switches the inbox to the follow-ups sent down")
    func followUpsInReferralOffice() throws {
        var patient = ""
        let desk = try DeskFixture(actor: tester) { store in
            // Case 1 (referred by C04) is operated on and discharged on Thursday afternoon.
            let thursday = store.with(clock: FixedClock(LocalDateTime("2026-11-26T15:00")!))
            _ = try thursday.startSurgery(case: 1, by: tester)
            patient = try thursday.completeSurgery(case: 1, by: tester).surgeryCase.patientName
        }
        desk.press(.function(4))
        #expect(!desk.lines.contains { $0.contains(patient) })
        desk.press(.function(9))
        let lines = desk.lines
        #expect(lines[1].hasSuffix("待随访 1 张"))
        #expect(lines[3].hasPrefix("> 出院随访下转单（待基层随访）"))
        #expect(lines[4].contains(patient) && lines[4].contains("C04"))
        #expect(lines[3].hasSuffix("\(patient)  下转至 河口镇中心卫生院 (C04)"))
        #expect(lines[4].hasSuffix("2026-11-27 前随访  术者 胡振华  普外科"))
        desk.press(.function(9))
        #expect(desk.lines[1].hasSuffix("待预约 12 张"))
    }

    @Test("in English, and at 80×24, the review still reads whole")
    func englishAndSmall() throws {
        let f = try SurgeryFixture(language: .en)
        #expect(f.lines[1] == " Day surgery night review  2026-11-26 Thu (tomorrow) [PgUp/PgDn]   10 cases  confirmed 2  missing items 5")
        #expect(f.lines[35].contains("F2Confirm F3Postpone") && f.lines[35].hasSuffix("F5Back-fill F6Plan F7Earlier F8Later F9Schedule F10Quit F11Usage"))
        f.width = 80
        f.height = 24
        let lines = f.lines
        #expect(rowsAreWhole(f.screen))
        #expect(lines[3].hasPrefix("OR1  1█████ 2░░░ 3▓ 4░░░░░ 5░░░ "))
        #expect(lines[9].hasPrefix("! OR1 2 09:45 "))
        // At 80 columns every column stays: GA/LA, minutes, and each item's key in its header.
        #expect(lines[9].hasSuffix(" RA   60  ✓   ✓   ✗   ✓   ✓   ✓   1 missing"))
        #expect(lines[7].hasSuffix("Patient Proc… Surgeon Anae Min 1As 2La 3Co 4An 5Fa 6Es Status"), "\(lines[7])")
        f.state.language = .zh
        #expect(rowsAreWhole(f.screen) && f.lines[9].hasSuffix("✓   ✓   ✗   ✓   ✓   ✓   缺1项"))
        #expect(f.lines[7].hasSuffix("麻醉 分  1评 2化 3同 4麻 5禁 6陪 状态"), "\(f.lines[7])")
    }
}
