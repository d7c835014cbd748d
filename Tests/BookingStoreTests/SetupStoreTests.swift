import BookingCore
import BookingStore
import Foundation
import GRDB
import Testing

@Suite("Loading the hospital's master data")
struct SetupStoreTests {
    func masterDataCounts(_ h: Hospital) throws -> [Int] {
        try ["department", "resource", "session", "alliance_clinic", "calendar_day", "calendar_year", "hospital"].map { try h.count("SELECT count(*) FROM \($0)") }
    }

    @Test("applying the demo setup twice: the second time creates and updates nothing and writes no audit row")
    func idempotent() throws {
        try withTemporaryFolder { folder in
            let path = folder.appendingPathComponent("slotdesk.db").path
            let store = try Store.create(path: path, training: true, now: at("2026-11-25T08:30"))
            let h = Hospital(folder: folder, path: path, store: store)
            let first = try store.applySetup(DemoHospital.setup(), by: Hospital.admin)
            #expect(first.created["department"] == 11)
            #expect(first.created["resource"] == 34)
            #expect(first.created["clinic"] == 4)
            #expect(first.created["calendar year"] == 1)
            #expect(first.created["hospital"] == 1)
            #expect(first.changedAnything)
            let audit = try h.auditRows()
            #expect(audit == 1)
            let counts = try masterDataCounts(h)

            let second = try store.applySetup(DemoHospital.setup(), by: Hospital.admin)
            #expect(!second.changedAnything)
            #expect(second.created.values.allSatisfy { $0 == 0 })
            #expect(second.updated.values.allSatisfy { $0 == 0 })
            #expect(second.unchanged["department"] == 11)
            #expect(second.unchanged["resource"] == 34)
            #expect(second.unchanged["calendar year"] == 1)
            #expect(try masterDataCounts(h) == counts)
            #expect(try h.auditRows() == audit)
        }
    }

    @Test("a dry run reports what it would create and stores nothing")
    func dryRun() throws {
        try withTemporaryFolder { folder in
            let path = folder.appendingPathComponent("slotdesk.db").path
            let store = try Store.create(path: path, training: true, now: at("2026-11-25T08:30"))
            let report = try store.applySetup(DemoHospital.setup(), dryRun: true, by: Hospital.admin)
            #expect(report.created["department"] == 11)
            #expect(try store.departments().isEmpty)
            #expect(try Hospital(folder: folder, path: path, store: store).auditRows() == 0)
        }
    }

    @Test("a setup file with broken TOML is refused at the broken line")
    func brokenTOML() throws {
        let text = """
            [hospital]
            name = "测试医院"

            [[department]]
            code = "CARD"
            name = 心内科
            """
        guard case let .failure(.setupInvalid(problems)) = SetupFile.parse(text: text) else {
            Issue.record("broken TOML parsed")
            return
        }
        #expect(problems.count == 1)
        #expect(problems.first?.line == 6)
        #expect(problems.first?.field == "syntax")
        #expect(BookingError.setupInvalid(problems).kind == .input)
        #expect(BookingError.setupInvalid(problems).message(.en).contains("line 6"))
    }

    @Test("an unknown field is refused at its entry's line, naming the field")
    func unknownField() throws {
        let text = """
            [hospital]
            name = "测试医院"

            [[department]]
            code = "CARD"
            name = "心内科"
            name_en = "Cardiology"

            [[department]]
            code = "NEUR"
            name = "神经内科"
            colour = "blue"
            """
        guard case let .failure(.setupInvalid(problems)) = SetupFile.parse(text: text) else {
            Issue.record("an unknown field was accepted")
            return
        }
        #expect(problems.map(\.line) == [9])
        #expect(problems.map(\.field) == ["department[2].colour"])
    }

    static let badSessions = """
        [hospital]
        name = "改名的医院"

        [[department]]
        code = "NEWD"
        name = "新科室"
        name_en = "New Department"

        [[session]]
        resource = "D001"
        weekdays = [2]
        hours = "12-08"
        capacity = 4
        reserved = 1

        [[session]]
        resource = "D002"
        weekdays = [1]
        hours = "08-12"
        capacity = 4
        reserved = 5

        [[session]]
        resource = "D404"
        weekdays = [1]
        hours = "08-12"
        capacity = 4
        reserved = 0
        """

    @Test("backwards hours, more reserved than capacity and an unknown resource are each refused at their line; nothing is stored")
    func semanticProblems() throws {
        try withDemoHospital(days: 0) { h throws in
            let before = try masterDataCounts(h)
            let sessionsBefore = try h.store.currentSetup().sessions
            let audit = try h.auditRows()
            let setup = try SetupFile.parse(text: Self.badSessions).get()
            guard case let .setupInvalid(problems) = refusal({ try h.store.applySetup(setup, by: Hospital.admin) }) else {
                Issue.record("a bad setup was applied")
                return
            }
            #expect(problems.map(\.line) == [9, 16, 23])
            #expect(problems.map(\.field) == ["session[1].hours", "session[2].reserved", "session[3].resource"])
            #expect(try masterDataCounts(h) == before)
            #expect(try h.store.currentSetup().sessions == sessionsBefore)
            #expect(try h.store.hospitalName()?.name == "示范人民医院")
            #expect(try h.count("SELECT count(*) FROM department WHERE code = 'NEWD'") == 0)
            #expect(try h.auditRows() == audit)
        }
    }

    @Test("a setup file saved on Windows (CRLF line ends) points at the same lines")
    func windowsLineEnds() throws {
        try withDemoHospital(days: 0) { h throws in
            let crlf = Self.badSessions.replacingOccurrences(of: "\n", with: "\r\n")
            let setup = try SetupFile.parse(text: crlf).get()
            #expect(setup.hospital?.name == "改名的医院")
            guard case let .setupInvalid(problems) = refusal({ try h.store.applySetup(setup, by: Hospital.admin) }) else {
                Issue.record("a bad setup was applied")
                return
            }
            #expect(problems.map(\.field) == ["session[1].hours", "session[2].reserved", "session[3].resource"])
            #expect(problems.map(\.line) == [9, 16, 23])
        }
    }

    @Test("a file that is not UTF-8, or holds NUL bytes, is refused before parsing")
    func notText() {
        guard case .failure(.setupInvalid) = SetupFile.parse(data: Data([0xD5, 0xC5, 0xC8, 0xFD, 0x0A])) else {
            Issue.record("GBK bytes were read as a setup file")
            return
        }
        guard case .failure(.setupInvalid) = SetupFile.parse(text: "[hospital]\nname = \"a\"\0") else {
            Issue.record("NUL accepted")
            return
        }
        let withBOM = Data([0xEF, 0xBB, 0xBF]) + Data("[hospital]\nname = \"测试医院\"\n".utf8)
        #expect((try? SetupFile.parse(data: withBOM).get())?.hospital?.name == "测试医院")
    }

    @Test("the demo file parses with the line of every entry, and the 2026 calendar only")
    func demoFile() throws {
        let setup = try DemoHospital.setup()
        #expect(setup.departments.count == 11)
        #expect(setup.resources.count == 34)
        #expect(setup.departments.allSatisfy { $0.line != nil })
        #expect(setup.sessions.allSatisfy { $0.line != nil })
        #expect(setup.calendar?.years == [2026])
        #expect(setup.calendar?.holidays.contains(day("2026-10-01")) == true)
        #expect(setup.calendar?.workdays[day("2026-01-04")] == 5)
        #expect(setup.calendar?.workdays[day("2026-10-10")] == 3)
        #expect(setup.calendar?.holidays.contains { $0.year == 2027 } == false)
    }

    @Test("exporting the stored setup and applying it again changes nothing (round trip)")
    func roundTrip() throws {
        try withDemoHospital(days: 0) { h throws in
            let exported = SetupFile.render(try h.store.currentSetup())
            let parsed = try SetupFile.parse(text: exported).get()
            let report = try h.store.applySetup(parsed, by: Hospital.admin)
            #expect(!report.changedAnything, "created \(report.created), updated \(report.updated)")
            #expect(SetupFile.render(try h.store.currentSetup()) == exported)

            // The export is a complete setup: another hospital loaded from it exports the same file.
            let copyPath = h.folder.appendingPathComponent("copy.db").path
            let copy = try Store.create(path: copyPath, training: true, now: at("2026-11-25T08:30"))
            _ = try copy.applySetup(parsed, by: Hospital.admin)
            #expect(SetupFile.render(try copy.currentSetup()) == exported)
        }
    }

    @Test("names with quotes and backslashes survive export and parse")
    func escaping() throws {
        var setup = smallSetup()
        setup.hospital = .init(name: "第\"一\"医院 \\ 总院", nameEn: "First \"People's\" Hospital")
        let parsed = try SetupFile.parse(text: SetupFile.render(setup)).get()
        #expect(parsed.hospital == setup.hospital)
        #expect(parsed.sessions.map(\.hoursText) == ["08-12"])
    }
}
