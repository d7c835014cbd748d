import BookingCore
import BookingStore
import DeskUI
import Foundation
import Testing

// A registration window's morning in the real binary, in tmux: twelve patients in a row at
// 09:10 on Wednesday 25 November 2026, most found by the 18 digits an ID-card reader types
// (fast, then Enter), some registered from that number, walk-ins into the 09:00 hour of 李晓梅,
// the hour filling up and the waitlist naming the seat it found, one to-notify call with the
// phone revealed, and a clash refused at the first key. The screen is asserted after each step.

/// A valid resident identity number nobody in the demo holds (born 1990, Xicheng district).
private func newIdentityNumber(_ sequence: Int) -> String {
    let body = "110102" + "19900615" + String(String(sequence % 1000 + 1000).dropFirst())
    return body + String(ResidentIdentity.checkCharacter(for: body.map { Int(String($0))! }))
}

@Suite("A window's morning end to end in tmux")
struct WindowMorningEndToEndTests {
    @Test("twelve patients at the window: card reader, registration, walk-ins at 09:10, a full hour to the named seat, a call with the phone")
    func morningAtTheWindow() async throws {
        let binary = try #require(Binary.slotdesk, "the slotdesk executable is not next to the tests")
        let tmux = try TmuxSession()
        let database = tmux.folder.path + "/morning.db"
        let now = "2026-11-25T09:10"
        let command = "timeout --foreground -s KILL 600 env LANG=C.UTF-8 USER=e2e XDG_CONFIG_HOME='\(tmux.folder.path)/config' "
            + "'\(binary)' --db '\(database)' --now \(now) --lang zh"
        let w = "window"
        func message(_ rows: [String]) -> String { rows.count == 36 ? rows[34] : "" }

        try tmux.start(w, command: command)
        try await tmux.signIn(w)
        try await tmux.waitFor(w, within: 30, "the desk to open") { rows in
            rows.count == 36 && rows[0].hasSuffix("2026-11-25 周三 09:10  [已同步]") && rows[35].hasPrefix("F1帮助 F2查找 ")
        }

        // What the test knows about the hospital, read from the same database as another terminal would.
        let store = try Store.open(path: database, now: LocalDateTime(now)!)
        let today = LocalDate("2026-11-25")!
        let busyToday = Set(try store.appointments(AppointmentFilter(date: today, liveOnly: true)).map(\.patientID))
        // Patients with nothing booked today (the demo books the first ones first).
        var known: [PatientView] = []
        for id in stride(from: Int64(320), to: 0, by: -1) where !busyToday.contains(id) {
            let p = try store.patient(.id(id))
            if p.documentType == .resident && p.phone != nil && !p.flagged { known.append(p) }
        }
        #expect(known.count >= 8)
        // A stop-clinic on Friday, in another department, puts patients on the to-notify list.
        let friday = LocalDate("2026-11-27")!
        let elsewhere = try #require(try store.appointments(AppointmentFilter(date: friday, liveOnly: true)).first { $0.department != "CARD" })
        let stopped = try store.stopSession(resource: elsewhere.resource, date: friday, reason: "医生外出会诊",
                                            by: Operator(name: "admin:chen", terminal: "-"))
        #expect(!stopped.patients.isEmpty)

        var gridHour = 8  // where the grid's cursor starts: the first hour of 王建国's week
        /// The card reader: eighteen characters at once, then Enter.
        func cardReader(_ number: String) throws {
            try tmux.type(w, number)
            try tmux.keys(w, "Enter")
        }
        func chosen(_ p: PatientView) async throws {
            try await tmux.waitFor(w, "\(p.name) to be chosen") { rows in
                message(rows) == " 已选患者：\(p.name)" && rows[2].hasPrefix(" 患者：\(p.name)")
            }
        }
        /// F5 on the cell under the cursor, the question (same-day registration), Enter.
        func walkIn(_ name: String, hour: Int) async throws -> Int64 {
            try tmux.keys(w, "F5")
            try await tmux.waitFor(w, "the question for \(name)") { rows in
                rows.contains { $0.contains("┌─ 确认预约 ") } && rows.contains { $0.contains("│ 患者：\(name)") }
                    && rows.contains { $0.contains("│ 类别：") && $0.contains("号池：公共号  当日挂号") }
                    && rows.contains { $0.contains(String(format: "2026-11-25 周三 %02d:00–%02d:00", hour, hour + 1)) }
            }
            try tmux.keys(w, "Enter")
            let label = String(format: "D002@2026-11-25T%02d", hour)
            let rows = try await tmux.waitFor(w, "\(name) booked at \(hour):00") { rows in
                message(rows).hasPrefix(" 已预约 ") && message(rows).contains("：\(name) \(label) 李晓梅")
                    && !rows.contains { $0.contains("确认预约") }
            }
            return Int64(message(rows).dropFirst(" 已预约 ".count).prefix { $0.isNumber }) ?? 0
        }
        func moveTo(hour: Int) throws {
            while gridHour < hour { try tmux.keys(w, "Down"); gridHour += 1 }
            while gridHour > hour { try tmux.keys(w, "Up"); gridHour -= 1 }
        }
        func register(_ number: String, name: String) async throws {
            try cardReader(number)
            try await tmux.waitFor(w, "the form for \(number)") { rows in
                message(rows) == " 未登记的身份证号，请登记新患者" && rows.contains { $0.contains(number) }
            }
            try tmux.type(w, name)
            try tmux.keys(w, "F5")
            try await tmux.waitFor(w, "\(name) registered and chosen") { rows in
                message(rows).hasPrefix(" 已登记：\(name)（患者号 ") && rows[2].hasPrefix(" 患者：\(name)")
            }
        }

        // 1. The first in the queue hands over an ID card. Then 李晓梅, whose 09:00 hour is still open.
        try cardReader(known[0].documentNumber)
        try await chosen(known[0])
        try tmux.keys(w, "BTab", "Down", "Enter")
        try await tmux.waitFor(w, "李晓梅's week, the hour in progress open") { rows in
            rows.contains { $0.contains("号源  李晓梅") } && rows.contains { $0.contains(" 09:00  ") && !$0.contains(" 09:00  --") }
                && rows.contains { $0.contains(" 08:00  --") }
        }
        try moveTo(hour: 9)
        let first = try await walkIn(known[0].name, hour: 9)

        // 2. The next card: the reader's digits replace the last query; the cursor stays on 09:00.
        try cardReader(known[1].documentNumber)
        try await chosen(known[1])
        _ = try await walkIn(known[1].name, hour: 9)

        // 3. A card nobody has registered: the form opens with the number; name, F5; then book.
        try await register(newIdentityNumber(1), name: "欧阳新")
        _ = try await walkIn("欧阳新", hour: 9)

        // 4. A patient who gives a phone number.
        try tmux.type(w, try #require(known[2].phone))
        try tmux.keys(w, "Enter")
        try await chosen(known[2])
        _ = try await walkIn(known[2].name, hour: 9)

        // 5. The last seat of the 09:00 hour, by card.
        let nine = try #require(try store.slots(SlotFilter(from: today, to: today, resource: "D002")).first { $0.hour == 9 })
        #expect(nine.available == 1, "seats left at 09:00: \(nine.available)")
        try cardReader(known[3].documentNumber)
        try await chosen(known[3])
        _ = try await walkIn(known[3].name, hour: 9)

        // 6. The hour is full: F5 says so at once and points to the waitlist; there the box names
        //    the seat it found and asks; Enter takes it.
        try cardReader(known[4].documentNumber)
        try await chosen(known[4])
        try tmux.keys(w, "F5")
        try await tmux.waitFor(w, "the full hour refused at F5") { rows in
            message(rows).hasPrefix(" 号源已满：D002@2026-11-25T09") && message(rows).hasSuffix("按 F12 到候补，F5 加入候补")
                && !rows.contains { $0.contains("确认预约") }
        }
        try tmux.keys(w, "F12", "F5")
        let offer = try await tmux.waitFor(w, "the waitlist box naming the free seat") { rows in
            rows.contains { $0.contains("有空位：预约这个时段？") } && rows.contains { $0.contains("│ 空位：2026-11-25 周三 ") }
                && rows.contains { $0.contains("│ 患者：\(known[4].name)") }
        }
        let seatLine = try #require(offer.first { $0.contains("│ 空位：") })
        let seat = try #require(seatLine.range(of: "(D002@").map { String(seatLine[$0.lowerBound...].dropFirst().prefix(18)) })
        #expect(try store.waitlist(all: true).filter { $0.patientID == known[4].id }.isEmpty)  // nothing done before Enter
        try tmux.keys(w, "Enter")
        try await tmux.waitFor(w, "the named seat booked") { rows in
            message(rows).hasPrefix(" 已预约 ") && message(rows).contains("：\(known[4].name) \(seat) 李晓梅")
        }

        // 7. A call to make: the to-notify list, F6 shows the phone in full (and the audit log says so).
        try tmux.keys(w, "F12")
        let call = try #require(try store.notifications().first)
        let phone = try #require(call.phone)
        try await tmux.waitFor(w, "the to-notify list") { rows in
            rows.contains { $0.contains("> 待通知 (") } && rows.contains { $0.contains(call.patientName) && $0.contains(Privacy.maskPhone(phone)) }
        }
        try tmux.keys(w, "F6")
        try await tmux.waitFor(w, "the phone revealed") { rows in
            message(rows) == " \(call.patientName) 电话：\(phone)（已记入审计）" && rows.contains { $0.contains(call.patientName) && $0.contains(phone) }
        }
        #expect(try store.auditLog(AuditFilter(actionPrefix: "patient.reveal"), by: Operator(name: "admin:chen", terminal: "-")).count == 1)
        try tmux.keys(w, "F12", "BTab")  // back to the day list, then up to the grid, its cursor where it was
        try await tmux.waitFor(w, "the day list back") { rows in rows.contains { $0.contains("当日名单 2026-11-25 周三  李晓梅") } }

        // 8–11. Four more: two new cards registered, two known cards, into the next hours with seats.
        let people: [(number: String, name: String, new: Bool)] = [
            (newIdentityNumber(2), "司马明", true), (known[5].documentNumber, known[5].name, false),
            (newIdentityNumber(3), "上官静", true), (known[6].documentNumber, known[6].name, false),
        ]
        for person in people {
            if person.new {
                try await register(person.number, name: person.name)
            } else {
                try cardReader(person.number)
                try await tmux.waitFor(w, "\(person.name) to be chosen") { rows in message(rows) == " 已选患者：\(person.name)" }
            }
            let free = try #require(try store.slots(SlotFilter(from: today, to: today, resource: "D002")).first { $0.hour > 9 && $0.available > 0 })
            try moveTo(hour: free.hour)
            _ = try await walkIn(person.name, hour: free.hour)
        }

        // 12. The first patient comes back for another hour: their booking shows under their name,
        //     and F5 is refused at once, naming it (one per department per day, rule 5).
        try cardReader(known[0].documentNumber)
        try await tmux.waitFor(w, "the first patient again, with their appointment in sight") { rows in
            message(rows) == " 已选患者：\(known[0].name)" && rows[3].hasPrefix(" 已约：11-25三 09:00 CARD 李晓梅")
        }
        try tmux.keys(w, "F5")
        try await tmux.waitFor(w, "the clash refused at F5") { rows in
            message(rows).contains("已有预约 \(first)") && !rows.contains { $0.contains("确认预约") }
        }

        // The morning in the store: ten walk-ins today in 李晓梅's hours, all same-day.
        let ours = Set([known[0], known[1], known[2], known[3], known[4], known[5], known[6]].map(\.name) + ["欧阳新", "司马明", "上官静"])
        let booked = try store.appointments(AppointmentFilter(date: today, resource: "D002", liveOnly: true))
            .filter { ours.contains($0.patientName) }
        #expect(booked.count == 10, "\(booked.map(\.patientName))")
        #expect(booked.allSatisfy { $0.sameDay && $0.bookedAt == now })
        try tmux.keys(w, "F10")
        try await tmux.waitForExit(w)
    }
}
