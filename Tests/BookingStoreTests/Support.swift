import BookingCore
import BookingStore
import Foundation
import GRDB
import Schema
import Testing

/// Shorthands so the tests read like the hospital's day.
func day(_ text: String) -> LocalDate {
    guard let date = LocalDate(text) else { fatalError("test date \(text) does not parse") }
    return date
}

func at(_ text: String) -> LocalDateTime {
    guard let moment = LocalDateTime(text) else { fatalError("test moment \(text) does not parse") }
    return moment
}

/// `D001@2026-11-26T09`, as the desk names a slot.
func slot(_ label: String) -> SlotReference {
    guard let reference = SlotReference(label) else { fatalError("test slot \(label) does not parse") }
    return reference
}

/// What a command refused with, or nil when it went through.
func refusal<T>(_ command: () throws -> T, sourceLocation: SourceLocation = #_sourceLocation) -> BookingError? {
    do {
        _ = try command()
        return nil
    } catch let error as BookingError {
        return error
    } catch {
        Issue.record("not a BookingError: \(error)", sourceLocation: sourceLocation)
        return nil
    }
}

/// A resident identity number for a birth date `YYYYMMDD` and a sequence number (check digit by the core).
func identityNumber(region: String = "110105", birth: String = "19800101", sequence: Int) -> String {
    let body = region + birth + String(sequence % 1000 + 1000).dropFirst()
    return body + String(ResidentIdentity.checkCharacter(for: body.map { Int(String($0))! }))
}

/// One hospital on a real SQLite file in its own temporary folder, removed when the test ends.
struct Hospital {
    let folder: URL
    let path: String
    let store: Store

    /// Ms Li at registration window 3, Mr Zhao in the referral office, Dr Chen the administrator.
    static let desk = Operator(name: "desk:li", terminal: "/dev/pts/3", roles: [.desk])
    static let referralOffice = Operator(name: "coordinator:zhao", terminal: "/dev/pts/7", roles: [.coordinator])
    static let admin = Operator(name: "admin:chen", terminal: "/dev/pts/1", roles: [.admin])

    /// The store as it would read the clock at `moment`.
    func at(_ moment: String) -> Store { store.with(clock: FixedClock(BookingStoreTests.at(moment))) }

    /// The same file opened by a plain SQLite connection, to look at rows or try to break them.
    func rawDatabase() throws -> DatabaseQueue { try DatabaseQueue(path: path) }

    func count(_ sql: String, _ arguments: StatementArguments = []) throws -> Int {
        try rawDatabase().read { db in try Int.fetchOne(db, sql: sql, arguments: arguments) ?? 0 }
    }

    func auditRows() throws -> Int { try count("SELECT count(*) FROM audit") }

    /// Registers a resident patient, born `birth`, the `n`th of the test.
    @discardableResult
    func patient(_ name: String, _ n: Int, birth: String = "19800101", phone: String? = nil, card: String? = nil) throws -> PatientView {
        try store.registerPatient(PatientInput(name: name, documentType: .resident, documentNumber: identityNumber(birth: birth, sequence: n),
                                               phone: phone, cardNumber: card), by: Self.desk)
    }

    /// Patients 张三, 李四, 王五 … as they come to the window, numbered from `first`.
    func patients(_ count: Int, first: Int = 1) throws -> [PatientView] {
        let surnames = Array("张李王赵钱孙周吴郑冯陈褚卫蒋沈韩杨朱秦尤许何吕施")
        let given = Array("一二三四五六七八九十")
        return try (0..<count).map { i in
            let n = first + i
            return try patient(String(surnames[n % surnames.count]) + String(given[n % given.count]) + String(given[(n / 10) % given.count]), n)
        }
    }

    func book(_ patient: PatientView, _ label: String, store: Store? = nil) throws(BookingError) -> AppointmentView {
        try (store ?? self.store).book(BookingRequest(patient: .id(patient.id), slot: slot(label)), by: Self.desk)
    }

    func slotView(_ label: String, store: Store? = nil) throws -> SlotView {
        guard case let .at(resource, date, hour) = slot(label) else { fatalError() }
        let found = try (store ?? self.store).slots(SlotFilter(from: date, resource: resource)).first { $0.hour == hour }
        return try #require(found, "no slot \(label)")
    }
}

/// A fresh folder under the system's temporary directory, removed afterwards.
func withTemporaryFolder<T>(_ body: (URL) throws -> T) throws -> T {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("slotdesk-test-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    return try body(folder)
}

/// The demo hospital's master data and `days` days of empty slots from `now` (no demo patients, no bookings),
/// so every seat count in a test is the demo setup's own number.
func withDemoHospital<T>(now: String = "2026-11-25T08:30", days: Int = 14, _ body: (Hospital) throws -> T) throws -> T {
    try withTemporaryFolder { folder in
        let path = folder.appendingPathComponent("slotdesk.db").path
        let store = try Store.create(path: path, training: true, now: at(now))
        _ = try store.applySetup(DemoHospital.setup(), by: Hospital.admin)
        if days > 0 {
            _ = try store.generateSlots(from: store.now.date, to: store.now.date.adding(days: days - 1), by: Hospital.admin)
        }
        return try withExtendedLifetime(store) { try body(Hospital(folder: folder, path: path, store: store)) }
    }
}

/// A tiny hospital whose numbers a test can count on: one department TEST, one clinic R1 that runs
/// every day 08–12 with `capacity` seats and `reserved` of them for the alliance, and clinic C01.
func smallSetup(capacity: Int = 4, reserved: Int = 0) -> HospitalSetup {
    var setup = HospitalSetup()
    setup.hospital = .init(name: "测试医院", nameEn: "Test Hospital")
    setup.departments = [.init(code: "TEST", name: "测试科", nameEn: "Testing")]
    setup.resources = [.init(code: "R1", department: "TEST", kind: .clinic, name: "测试门诊")]
    setup.sessions = [.init(resource: "R1", weekdays: [1, 2, 3, 4, 5, 6, 7], firstHour: 8, endHour: 12, capacity: capacity, reserved: reserved)]
    setup.clinics = [.init(code: "C01", name: "城东社区卫生服务中心")]
    setup.calendar = WorkCalendar(years: [2026])
    return setup
}

func withSmallHospital<T>(now: String = "2026-11-25T08:30", capacity: Int = 4, reserved: Int = 0, _ body: (Hospital) throws -> T) throws -> T {
    try withTemporaryFolder { folder in
        let path = folder.appendingPathComponent("small.db").path
        let store = try Store.create(path: path, training: true, now: at(now))
        _ = try store.applySetup(smallSetup(capacity: capacity, reserved: reserved), by: Hospital.admin)
        _ = try store.generateSlots(from: store.now.date, to: store.now.date.adding(days: 7), by: Hospital.admin)
        return try withExtendedLifetime(store) { try body(Hospital(folder: folder, path: path, store: store)) }
    }
}

/// A database at `path` as an older SlotDesk left it: every shipped migration before `version`
/// (a file-name prefix such as "011"), run by a plain migrator, for tests of what later ones do.
func olderDatabase(at path: String, before version: String) throws -> DatabaseQueue {
    let older = try DatabaseQueue(path: path)
    var migrator = DatabaseMigrator()
    for file in try Migrations.all() where file.name < version {
        migrator.registerMigration(file.name) { db in try db.execute(sql: file.sql) }
    }
    try migrator.migrate(older)
    return older
}
