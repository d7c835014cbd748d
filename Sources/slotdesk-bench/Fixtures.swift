import BookingCore
import BookingStore
import Foundation
import GRDB

// The data each part runs on. Master data and slots go through the store (setup, slot
// generation); bulk patients and the half million past appointments of the large database are
// written with plain SQL in one transaction, as rows the schema accepts (its triggers keep the
// slots' seat counts), because registering 200,000 people one command at a time would measure
// nothing the issue asks about.

/// The administrator who sets up the benchmark hospitals.
let benchAdmin = Operator(name: "bench:admin", terminal: "-", roles: [.admin])

enum Fixtures {
    static let departmentNames: [(String, String)] = [
        ("心内科", "Cardiology"), ("呼吸内科", "Respiratory"), ("消化内科", "Gastroenterology"), ("神经内科", "Neurology"),
        ("内分泌科", "Endocrinology"), ("肾内科", "Nephrology"), ("普外科", "General Surgery"), ("骨科", "Orthopaedics"),
        ("泌尿外科", "Urology"), ("神经外科", "Neurosurgery"), ("妇科", "Gynaecology"), ("产科", "Obstetrics"),
        ("儿科", "Paediatrics"), ("眼科", "Ophthalmology"), ("耳鼻喉科", "ENT"), ("口腔科", "Stomatology"),
        ("皮肤科", "Dermatology"), ("中医科", "Traditional Medicine"), ("康复科", "Rehabilitation"), ("影像科", "Imaging"),
    ]
    static let titles = ["主任医师", "副主任医师", "主治医师"]

    /// A hospital of `departments` departments with `perDepartment` clinics each, every clinic
    /// running `sessions` (weekdays, first hour, end hour) with `capacity` seats of which
    /// `reserved` are for the alliance; clinic C01, and the official 2026 calendar.
    static func hospital(departments: Int, perDepartment: Int, sessions: [([Int], Int, Int)], capacity: Int, reserved: Int,
                         codePrefix: String = "") throws -> HospitalSetup {
        var setup = HospitalSetup()
        setup.hospital = .init(name: "基准测试医院", nameEn: "Benchmark Hospital")
        var rng = SplitMix(seed: 42)
        for d in 0..<departments {
            let (name, nameEn) = departmentNames[d % departmentNames.count]
            let code = codePrefix + String(format: "D%02d", d + 1)
            let suffix = d < departmentNames.count ? "" : "\(d / departmentNames.count + 1)"
            setup.departments.append(.init(code: code, name: name + suffix, nameEn: nameEn + suffix))
            for r in 0..<perDepartment {
                let resource = codePrefix + String(format: "R%03d", d * perDepartment + r + 1)
                setup.resources.append(.init(code: resource, department: code, kind: .clinic, name: PatientNames.name(using: &rng),
                                             title: titles[r % titles.count]))
                for (weekdays, first, end) in sessions {
                    setup.sessions.append(.init(resource: resource, weekdays: weekdays, firstHour: first, endHour: end,
                                                capacity: capacity, reserved: reserved))
                }
            }
        }
        setup.clinics = [.init(code: "C01", name: "城东社区卫生服务中心")]
        setup.calendar = try DemoHospital.setup().calendar
        return setup
    }

    /// Every day, 08:00–18:00.
    static let everyDay: [([Int], Int, Int)] = [([1, 2, 3, 4, 5, 6, 7], 8, 18)]
    /// A busy outpatient week: weekdays 08–12 and 13–18, weekends 08–12 (53 hours a week).
    static let outpatientWeek: [([Int], Int, Int)] = [([1, 2, 3, 4, 5], 8, 12), ([1, 2, 3, 4, 5], 13, 18), ([6, 7], 8, 12)]

    /// Creates a database with `setup` applied and slots generated over `dates` through the store.
    static func makeStore(at path: String, now: LocalDateTime, setup: HospitalSetup, slots dates: ClosedRange<LocalDate>?,
                          synchronous: Store.Synchronous = .normal) throws -> Store {
        // A training database: the benchmark runs on a simulated clock (rule 15).
        let store = try Store.create(path: path, training: true, now: now, synchronous: synchronous)
        _ = try store.applySetup(setup, by: benchAdmin)
        if let dates { _ = try store.generateSlots(from: dates.lowerBound, to: dates.upperBound, by: benchAdmin) }
        return store
    }

    /// Writes `count` patients with valid resident identity numbers (rule 4) and their pinyin keys;
    /// returns their ids in order.
    @discardableResult
    static func insertPatients(path: String, count: Int, today: LocalDate, seed: UInt64 = 2026) throws -> [Int64] {
        let queue = try DatabaseQueue(path: path)
        defer { try? queue.close() }
        return try queue.write { db in
            let insert = try db.makeStatement(sql: """
                INSERT INTO patient (name, document_type, document_number, birth_date, sex, phone, card_number, pinyin, pinyin_initials, created_at)
                VALUES (?, 'resident', ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            var rng = SplitMix(seed: seed)
            var ids: [Int64] = []
            ids.reserveCapacity(count)
            let created = LocalDateTime(date: today, hour: 7).description
            let offset = try Int.fetchOne(db, sql: "SELECT count(*) FROM patient") ?? 0
            for i in offset..<(offset + count) {
                let (name, key) = PatientNames.nameAndKey(using: &rng)
                let person = PatientNames.identity(index: i, today: today)
                let phone = String(format: "1%02d%08d", 30 + i % 60, i)
                let card: String? = i % 3 == 0 ? nil : String(format: "88%08d", i)
                try insert.execute(arguments: [name, person.number, person.birth.description, person.sex, phone, card,
                                               key.full, key.initials, created])
                ids.append(db.lastInsertedRowID)
            }
            return ids
        }
    }
}

/// Plausible Chinese names with their pinyin keys, and identity numbers that pass GB 11643.
enum PatientNames {
    static let surnames = Array("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓彭田董袁潘蒋蔡余杜叶程苏魏吕丁沈任姚卢姜崔钟谭陆汪范金廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严洪武赖")
    static let givenParts = Array("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚英华建国志红玉梅丹萍鹏飞宇浩然轩欣怡涵雨桐诺佳琪思远晨阳文斌海燕春秀凤云波辉林峰慧颖婷")
    static let regions = ["110105", "110108", "310104", "310115", "330106", "320102", "440106", "420106", "510107", "370102", "410105", "430104"]

    /// Pinyin of each character, read once: the store's own key for the surname (with its
    /// polyphonic readings), and for each given-name character alone.
    static let surnameKeys: [Character: PinyinKey] = Dictionary(uniqueKeysWithValues: surnames.map { ($0, PinyinKey(name: String($0))) })
    static let givenKeys: [Character: PinyinKey] = Dictionary(givenParts.map { ($0, PinyinKey(name: String($0))) }, uniquingKeysWith: { a, _ in a })

    static func name(using rng: inout SplitMix) -> String { nameAndKey(using: &rng).0 }

    static func nameAndKey(using rng: inout SplitMix) -> (String, (full: String, initials: String)) {
        let surname = surnames.randomElement(using: &rng)!
        let givenLength = Int.random(in: 0..<10, using: &rng) < 7 ? 2 : 1
        let given = (0..<givenLength).map { _ in givenParts.randomElement(using: &rng)! }
        let keys = [surnameKeys[surname]!] + given.map { givenKeys[$0]! }
        return (String(surname) + String(given), (keys.map(\.full).joined(), keys.map(\.initials).joined()))
    }

    /// The `index`th person: a unique (birth date, sequence) pair, ages 0–79.
    static func identity(index: Int, today: LocalDate) -> (number: String, birth: LocalDate, sex: String) {
        let span = 29_000
        let birth = today.adding(days: -(index % span) - 30)
        let sequence = (index / span) % 1000
        let region = regions[index % regions.count]
        let body = region + String(format: "%04d%02d%02d%03d", birth.year, birth.month, birth.day, sequence)
        let check = ResidentIdentity.checkCharacter(for: body.map { Int(String($0))! })
        return (body + String(check), birth, sequence % 2 == 1 ? "M" : "F")
    }
}
