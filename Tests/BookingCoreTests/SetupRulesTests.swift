import BookingCore
import Testing

@Suite("Checking a setup before anything is stored")
struct SetupRulesTests {
    /// Cardiology with Dr Wang (D001) and two sessions, each line-numbered as if read from a file.
    static func cardiology() -> HospitalSetup {
        var setup = HospitalSetup()
        setup.hospital = .init(name: "示范人民医院", nameEn: "Demonstration People's Hospital")
        setup.departments = [.init(code: "CARD", name: "心内科", nameEn: "Cardiology", line: 5)]
        setup.resources = [.init(code: "D001", department: "CARD", kind: .clinic, name: "王建国", line: 12)]
        setup.sessions = [
            .init(resource: "D001", weekdays: [2], firstHour: 8, endHour: 12, capacity: 4, reserved: 2, line: 20),
            .init(resource: "D001", weekdays: [4], firstHour: 8, endHour: 12, capacity: 4, reserved: 1, line: 27),
        ]
        setup.clinics = [.init(code: "C01", name: "城东社区卫生服务中心", line: 40)]
        return setup
    }

    static func problems(_ setup: HospitalSetup, departments: Set<String> = [], resources: [String: ResourceKind] = [:]) -> [SetupProblem] {
        SetupRules.problems(in: setup, storedDepartments: departments, storedResources: resources)
    }

    @Test("a sound setup has no problems")
    func sound() {
        #expect(Self.problems(Self.cardiology()).isEmpty)
    }

    @Test("two sessions of one doctor overlapping on a Tuesday are refused at the later one's line")
    func overlapping() {
        var setup = Self.cardiology()
        setup.sessions.append(.init(resource: "D001", weekdays: [2, 3], firstHour: 11, endHour: 13, capacity: 4, reserved: 0, line: 33))
        let problems = Self.problems(setup)
        #expect(problems.count == 1)
        #expect(problems.first?.line == 33)
        #expect(problems.first?.field == "session[3].hours")
        #expect(problems.first?.reason == .overlaps(resource: "D001", weekday: 2, line: 20))
        #expect(problems.first?.description == "line 33: session[3].hours: overlaps another session of D001 on weekday 2 (line 20)")
        #expect(problems.first?.text(.zh) == "第 33 行，session[3].hours：与 D001 星期 2 的另一出诊时间重叠（第 20 行）")
    }

    @Test("back-to-back sessions (08–12 then 12–14) do not overlap")
    func adjacent() {
        var setup = Self.cardiology()
        setup.sessions.append(.init(resource: "D001", weekdays: [2], firstHour: 12, endHour: 14, capacity: 4, reserved: 0, line: 33))
        #expect(Self.problems(setup).isEmpty)
    }

    @Test("more reserved seats than capacity is refused")
    func reservedOverCapacity() {
        var setup = Self.cardiology()
        setup.sessions[1].reserved = 5
        #expect(Self.problems(setup) == [SetupProblem(line: 27, field: "session[2].reserved", reason: .reservedOverCapacity(4))])
        setup.sessions[1].reserved = 4
        #expect(Self.problems(setup).isEmpty)
    }

    @Test("a resource in an unknown department is refused, unless the department is already stored")
    func unknownDepartment() {
        var setup = Self.cardiology()
        setup.resources.append(.init(code: "D005", department: "NEUR", kind: .clinic, name: "张卫东", line: 15))
        #expect(Self.problems(setup) == [SetupProblem(line: 15, field: "resource[2].department", reason: .noDepartment("NEUR"))])
        #expect(Self.problems(setup, departments: ["NEUR"]).isEmpty)
    }

    @Test("a session for an unknown resource is refused, unless the resource is already stored")
    func unknownResource() {
        var setup = Self.cardiology()
        setup.sessions.append(.init(resource: "D999", weekdays: [1], firstHour: 8, endHour: 9, capacity: 1, reserved: 0, line: 50))
        #expect(Self.problems(setup) == [SetupProblem(line: 50, field: "session[3].resource", reason: .noResource("D999"))])
        #expect(Self.problems(setup, resources: ["D999": .clinic]).isEmpty)
    }

    @Test("a code used twice is refused at its second line", arguments: ["department", "resource", "clinic"])
    func duplicateCode(kind: String) {
        var setup = Self.cardiology()
        switch kind {
        case "department": setup.departments.append(.init(code: "CARD", name: "心内二科", nameEn: "Cardiology 2", line: 9))
        case "resource": setup.resources.append(.init(code: "D001", department: "CARD", kind: .clinic, name: "王二", line: 9))
        default: setup.clinics.append(.init(code: "C01", name: "重复", line: 9))
        }
        #expect(Self.problems(setup) == [SetupProblem(line: 9, field: "\(kind)[2].code", reason: .appearsTwice(kind == "department" ? "CARD" : kind == "resource" ? "D001" : "C01"))])
    }

    @Test("codes must be typeable upper-case identifiers; hours must run forwards; weekdays 1–7")
    func formats() {
        var setup = Self.cardiology()
        setup.departments[0].code = "card"
        setup.resources[0].department = "card"
        setup.sessions[0].firstHour = 12
        setup.sessions[0].endHour = 8
        setup.sessions[1].weekdays = [0, 8]
        let fields = Self.problems(setup).map(\.field)
        #expect(fields.contains("department[1].code"))
        #expect(fields.contains("session[1].hours"))
        #expect(fields.contains("session[2].weekdays"))
    }

    @Test("a horizon shorter for the alliance than for the public is refused")
    func horizons() {
        var setup = Self.cardiology()
        setup.departments[0].policy = BookingPolicy(publicHorizonDays: 7, allianceHorizonDays: 5, releaseLeadHours: 48)
        #expect(Self.problems(setup).map(\.field) == ["department[1].alliance_horizon_days"])
    }

    @Test("a day cannot be both a holiday and a make-up working day")
    func calendarClash() {
        var setup = Self.cardiology()
        setup.calendar = WorkCalendar(years: [2026], holidays: [day("2026-01-04")], workdays: [day("2026-01-04"): 5])
        #expect(Self.problems(setup).map(\.field) == ["calendar"])
    }

    @Test("problems print with their line for the administrator, in their language")
    func description() {
        let reserved = SetupProblem(line: 27, field: "session[2].reserved", reason: .reservedOverCapacity(4))
        #expect(reserved.description == "line 27: session[2].reserved: must be 0–capacity (4)")
        #expect(reserved.text(.zh) == "第 27 行，session[2].reserved：须在 0 到容量（4）之间")
        let calendar = SetupProblem(line: nil, field: "calendar", reason: .holidayAndWorkday(day("2026-01-04")))
        #expect(calendar.description == "calendar: 2026-01-04 is both a holiday and a make-up working day")
        #expect(calendar.text(.zh) == "calendar：2026-01-04 既是节假日又是调休工作日")
    }
}
