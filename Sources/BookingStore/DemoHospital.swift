import BookingCore
import Foundation
import GRDB

/// What installing the demo hospital did.
public struct DemoReport: Sendable, Equatable {
    public var setup = SetupReport()
    public var slots: GenerationReport?
    public var patients = 0
    public var appointments = 0
    public var referrals = 0
    /// Day-surgery cases on the queue and the next theatre days' lists (rule 11).
    public var surgeryCases = 0
    /// True when the database already held patients, so none were added.
    public var keptExistingPatients = false
    /// The demo operators added (usernames); those already present are kept as they are.
    public var operators: [String] = []
}

/// The demo hospital: the bundled setup file (11 departments, 34 resources, the official 2026
/// calendar), two weeks of slots from today, a few hundred patients with plausible names and
/// valid identity numbers, and bookings made through the real booking command.
public enum DemoHospital {
    /// `Sources/BookingStore/Demo/demo.toml`, embedded in the program at build time.
    public static func setupText() throws(BookingError) -> String {
        String(decoding: PackageResources.demo_toml, as: UTF8.self)
    }

    public static func setup() throws(BookingError) -> HospitalSetup {
        switch SetupFile.parse(text: try setupText()) {
        case let .success(setup): return setup
        case let .failure(error): throw error
        }
    }

    /// The demo's operators, one per kind of work. Their passwords (`demo-` and the username)
    /// are for the demo only and printed in the README: never use them on real data.
    public static let operators: [OperatorInput] = [
        OperatorInput(username: "desk1", displayName: "李娜", roles: [.desk], password: "demo-desk1", mustChangePassword: false),
        OperatorInput(username: "desk2", displayName: "王芳", roles: [.desk], password: "demo-desk2", mustChangePassword: false),
        OperatorInput(username: "referral1", displayName: "赵强", roles: [.coordinator], clinics: ["C01", "C02"], password: "demo-referral1",
                      mustChangePassword: false),
        OperatorInput(username: "night1", displayName: "陈静", roles: [.night], password: "demo-night1", mustChangePassword: false),
        OperatorInput(username: "admin", displayName: "周明", roles: [.admin], password: "demo-admin", mustChangePassword: false),
    ]

    static let surnames = Array("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓彭田董袁潘蒋蔡余杜叶程苏魏吕丁沈任姚卢姜崔钟谭陆汪范金廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严洪武赖")
    static let givenParts = Array("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚英华建国志红玉梅丹萍鹏飞宇浩然轩欣怡涵雨桐诺佳琪思远晨阳文斌海燕春秀凤云丽波辉林峰慧颖婷")
    /// County-level region codes (GB/T 2260) from a few provinces.
    static let regions = ["110105", "110108", "310104", "310115", "330106", "320102", "440106", "420106", "510107", "370102", "410105", "430104"]

    /// A deterministic generator, so every demo database holds the same people.
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// `count` patients as the desk would register them, with valid resident identity numbers.
    public static func patients(count: Int, today: LocalDate, seed: UInt64 = 2026) -> [PatientInput] {
        var rng = SplitMix(state: seed)
        var result: [PatientInput] = []
        var used = Set<String>()
        while result.count < count {
            let surname = surnames.randomElement(using: &rng)!
            let givenLength = Int.random(in: 0..<10, using: &rng) < 7 ? 2 : 1
            let given = String((0..<givenLength).map { _ in givenParts.randomElement(using: &rng)! })
            // Ages 1–92, a quarter of them 65 or older like a real outpatient day.
            let age = Int.random(in: 0..<4, using: &rng) == 0 ? Int.random(in: 65...92, using: &rng) : Int.random(in: 1...64, using: &rng)
            let birth = today.adding(days: -(age * 365 + Int.random(in: 0..<365, using: &rng)))
            let region = regions.randomElement(using: &rng)!
            let sequence = Int.random(in: 0..<1000, using: &rng)
            let body = region + String(format: "%04d%02d%02d%03d", birth.year, birth.month, birth.day, sequence)
            let check = ResidentIdentity.checkCharacter(for: body.map { Int(String($0))! })
            let number = body + String(check)
            guard used.insert(number).inserted else { continue }
            let prefixes = ["130", "131", "135", "136", "138", "139", "150", "151", "158", "159", "177", "180", "186", "187", "189"]
            let phone = prefixes.randomElement(using: &rng)! + String(format: "%08d", Int.random(in: 0..<100_000_000, using: &rng))
            let card = result.count % 3 == 0 ? nil : String(format: "88%08d", 10_000 + result.count)
            result.append(PatientInput(name: String(surname) + given, documentType: .resident, documentNumber: number,
                                       phone: phone, cardNumber: card))
        }
        return result
    }
}

extension Store {
    /// Loads the demo hospital into this database. Setup and slots are idempotent; patients and
    /// bookings are added only to a database that has no patients yet.
    public func installDemo(by actor: Operator, patients patientCount: Int = 320) throws(BookingError) -> DemoReport {
        var report = DemoReport()
        report.setup = try applySetup(try DemoHospital.setup(), by: actor)
        report.operators = try installDemoOperators(by: actor)
        let today = now.date
        report.slots = try generateSlots(from: today, to: today.adding(days: 13), by: actor)
        let existing = try read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM patient") ?? 0 }
        guard existing == 0 else {
            report.keptExistingPatients = true
            return report
        }
        let inputs = DemoHospital.patients(count: patientCount, today: today)
        var ids: [Int64] = []
        try write { db in
            for input in inputs {
                guard case let .success(valid) = PatientRules.validate(input, today: today) else { continue }
                ids.append(try insertPatient(db, valid))
            }
            try audit(db, by: actor, action: "patient.import", entity: "patient", id: nil, after: "demo: \(ids.count) patients")
        }
        report.patients = ids.count
        report.referrals = try addDemoReferrals(patients: ids, by: actor)
        report.surgeryCases = try addDemoSurgery(patients: ids, by: actor)
        // After the theatre lists, so no demo patient is booked into a surgeon's clinic on a day
        // they operate (rule 11).
        report.appointments = try bookDemoAppointments(patients: ids, by: actor)
        return report
    }

    /// Adds the demo operators whose usernames are not taken yet (rule 13); returns their names.
    @discardableResult
    public func installDemoOperators(by actor: Operator) throws(BookingError) -> [String] {
        var added: [String] = []
        for input in DemoHospital.operators {
            do {
                try addOperator(input, by: actor)
                added.append(input.username)
            } catch .operatorExists {
                continue
            }
        }
        return added
    }

    /// A referral inbox as a Monday morning finds it: a couple of green-channel patients, some
    /// urgent, mostly routine, sent over the past days by the four clinics.
    private func addDemoReferrals(patients: [Int64], by actor: Operator) throws(BookingError) -> Int {
        let cases: [(String, String, ReferralUrgency, String)] = [
            ("C01", "CARD", .green, "胸痛2小时，心电图示ST段抬高"), ("C03", "NEUR", .green, "突发右侧肢体无力，言语不清1小时"),
            ("C02", "CARD", .urgent, "反复胸闷气短2周，活动后加重"), ("C04", "RESP", .urgent, "咳嗽咳痰伴发热5天，血氧93%"),
            ("C01", "ENDO", .routine, "2型糖尿病血糖控制不佳，调整方案"), ("C02", "ORTH", .routine, "右膝关节疼痛半年，拟评估手术"),
            ("C03", "OPHT", .routine, "双眼视物模糊，白内障待评估"), ("C04", "GSUR", .routine, "腹股沟可复性包块，疝待手术评估"),
            ("C01", "IMAG", .routine, "肺部结节随访，需胸部CT"), ("C02", "PEDS", .urgent, "患儿反复喘息，基层治疗效果欠佳"),
            ("C03", "OBGY", .routine, "孕24周，妊娠期糖尿病筛查异常"), ("C04", "CARD", .routine, "高血压控制不佳，心脏超声评估"),
        ]
        let doctors = ["赵文", "钱红", "孙立", "李敏"]
        let today = now
        var added = 0
        for (i, c) in cases.enumerated() where i < patients.count {
            // Recorded over the last few days, so the inbox shows waiting times.
            let recorded = with(clock: FixedClock(today.adding(minutes: -((i % 5) * 1440 + i * 37))))
            let input = ReferralInput(patient: .id(patients[patients.count - 1 - i]), clinic: c.0, referringDoctor: doctors[i % doctors.count] + "医生",
                                      department: c.1, reason: c.3, urgency: c.2)
            _ = try recorded.addReferral(input, by: actor)
            added += 1
        }
        return added
    }

    /// Fills the coming week about a third full, through the real booking command, with a few
    /// alliance bookings in reserved seats, so the screens show a believable day.
    private func bookDemoAppointments(patients: [Int64], by actor: Operator) throws(BookingError) -> Int {
        let today = now.date
        let upcoming = try slots(SlotFilter(from: today, to: today.adding(days: 6))).filter { !$0.started }
        let clinics = try read { db in try String.fetchAll(db, sql: "SELECT code FROM alliance_clinic ORDER BY code") }
        var rng = DemoHospital.SplitMix(state: 7)
        var booked = 0
        var patientIndex = 0
        let operating = Set(try read { db in
            try String.fetchAll(db, sql: """
                SELECT DISTINCT r.code || '@' || c.date FROM surgery_case c JOIN resource r ON r.id = c.surgeon_id WHERE c.theatre_id IS NOT NULL
                """)
        })
        for slot in upcoming where !patients.isEmpty {
            // The random draws are made for every slot all the same, so the rest of the week stays as it was.
            let surgeonOperates = operating.contains("\(slot.resource)@\(slot.date)")
            let wanted = Int.random(in: 0...max(0, slot.capacity / 2), using: &rng)
            for n in 0..<wanted {
                let patient = patients[patientIndex % patients.count]
                patientIndex += 1
                let alliance = n == 0 && slot.reserved > 0 && !clinics.isEmpty && Int.random(in: 0..<3, using: &rng) == 0
                let request = BookingRequest(patient: .id(patient), slot: .id(slot.id), channel: alliance ? .alliance : .publicDesk,
                                             clinic: alliance ? clinics.randomElement(using: &rng) : nil)
                if surgeonOperates { continue }
                do {
                    _ = try book(request, by: actor)
                    booked += 1
                } catch {
                    // A demo patient already booked in that department that day, or at the limit: skip, as the desk would.
                    if error.kind == .storage { throw error }
                }
            }
        }
        return booked
    }
}
