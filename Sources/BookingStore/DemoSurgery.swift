import BookingCore

/// The demo hospital's day-surgery queue: 24 cases across OR1 and OR2, the next theatre day's
/// lists partly ready so the night review has something to find, two more days partly filled,
/// and a queue with some cases fully checked (back-fill candidates) and some from referrals.
enum DemoSurgery {
    struct Case {
        let procedure: String
        let surgeon: String
        let minutes: Int
        let anaesthesia: Anaesthesia
        /// nil: stays in the queue; else (theatre day 0, 1, 2; theatre).
        let place: (day: Int, theatre: String)?
        let ticked: [ChecklistItem]
        let confirmed: Bool
        /// The clinic that referred the patient, and how urgently.
        let referral: (clinic: String, urgency: ReferralUrgency, reason: String)?
        let waitedDays: Int
    }

    static let all: [ChecklistItem] = ChecklistItem.allCases
    static let local: [ChecklistItem] = all.filter { $0 != .anaesthesiaReview }

    static let cases: [Case] = [
        // The next theatre day, OR1 (turnover 15): general surgery and orthopaedics.
        Case(procedure: "腹腔镜胆囊切除术", surgeon: "D014", minutes: 90, anaesthesia: .general, place: (0, "OR1"), ticked: all, confirmed: true,
             referral: ("C04", .routine, "胆囊结石伴反复胆绞痛，拟日间手术"), waitedDays: 24),
        Case(procedure: "腹股沟疝修补术", surgeon: "D014", minutes: 60, anaesthesia: .regional, place: (0, "OR1"),
             ticked: [.assessment, .labs, .anaesthesiaReview, .fasting, .escort], confirmed: false, referral: nil, waitedDays: 31),
        Case(procedure: "体表肿物切除术", surgeon: "D016", minutes: 30, anaesthesia: .local, place: (0, "OR1"), ticked: local, confirmed: false,
             referral: nil, waitedDays: 12),
        Case(procedure: "关节镜下半月板修复术", surgeon: "D017", minutes: 90, anaesthesia: .general, place: (0, "OR1"),
             ticked: [.assessment, .consent, .anaesthesiaReview, .fasting], confirmed: false,
             referral: ("C02", .routine, "右膝关节交锁疼痛，MRI示半月板撕裂"), waitedDays: 19),
        Case(procedure: "内固定取出术", surgeon: "D018", minutes: 60, anaesthesia: .regional, place: (0, "OR1"),
             ticked: [.assessment, .labs, .consent, .fasting, .escort], confirmed: false, referral: nil, waitedDays: 40),
        // The next theatre day, OR2 (turnover 20): ophthalmology and gynaecology.
        Case(procedure: "白内障超声乳化摘除术", surgeon: "D026", minutes: 30, anaesthesia: .local, place: (0, "OR2"), ticked: local, confirmed: true,
             referral: ("C03", .routine, "双眼视物模糊，右眼白内障"), waitedDays: 22),
        Case(procedure: "白内障超声乳化摘除术", surgeon: "D026", minutes: 30, anaesthesia: .local, place: (0, "OR2"),
             ticked: [.assessment, .labs, .consent, .fasting], confirmed: false, referral: nil, waitedDays: 26),
        Case(procedure: "翼状胬肉切除术", surgeon: "D027", minutes: 30, anaesthesia: .local, place: (0, "OR2"), ticked: local, confirmed: false,
             referral: nil, waitedDays: 15),
        Case(procedure: "宫腔镜检查术", surgeon: "D020", minutes: 30, anaesthesia: .general, place: (0, "OR2"),
             ticked: [.assessment, .labs, .anaesthesiaReview, .escort], confirmed: false, referral: nil, waitedDays: 9),
        Case(procedure: "宫腔镜下子宫内膜息肉切除术", surgeon: "D021", minutes: 45, anaesthesia: .general, place: (0, "OR2"), ticked: all,
             confirmed: false, referral: ("C01", .routine, "异常子宫出血，超声示内膜息肉"), waitedDays: 17),
        // The two theatre days after: lists still being prepared.
        Case(procedure: "腹腔镜胆囊切除术", surgeon: "D015", minutes: 90, anaesthesia: .general, place: (1, "OR1"), ticked: [.assessment, .labs],
             confirmed: false, referral: nil, waitedDays: 20),
        Case(procedure: "痔切除术", surgeon: "D016", minutes: 45, anaesthesia: .regional, place: (1, "OR1"), ticked: [.assessment], confirmed: false,
             referral: nil, waitedDays: 14),
        Case(procedure: "关节镜下膝关节清理术", surgeon: "D019", minutes: 60, anaesthesia: .regional, place: (1, "OR1"), ticked: [], confirmed: false,
             referral: nil, waitedDays: 11),
        Case(procedure: "白内障超声乳化摘除术", surgeon: "D027", minutes: 30, anaesthesia: .local, place: (1, "OR2"), ticked: [.assessment, .labs],
             confirmed: false, referral: nil, waitedDays: 18),
        Case(procedure: "宫颈环形电切术", surgeon: "D022", minutes: 30, anaesthesia: .local, place: (1, "OR2"), ticked: [], confirmed: false,
             referral: nil, waitedDays: 8),
        Case(procedure: "腹股沟疝修补术", surgeon: "D015", minutes: 60, anaesthesia: .regional, place: (2, "OR1"), ticked: [], confirmed: false,
             referral: ("C04", .routine, "左侧腹股沟可复性包块1年"), waitedDays: 27),
        // The queue: some fully checked (they can back-fill a gap), some from referrals.
        Case(procedure: "腕管松解术", surgeon: "D018", minutes: 30, anaesthesia: .local, place: nil, ticked: local, confirmed: false,
             referral: ("C02", .routine, "右手麻木3月，肌电图示腕管综合征"), waitedDays: 15),
        Case(procedure: "腱鞘囊肿切除术", surgeon: "D019", minutes: 30, anaesthesia: .local, place: nil, ticked: local, confirmed: false,
             referral: nil, waitedDays: 35),
        Case(procedure: "乳腺纤维腺瘤切除术", surgeon: "D016", minutes: 40, anaesthesia: .local, place: nil, ticked: [.assessment, .labs],
             confirmed: false, referral: nil, waitedDays: 28),
        Case(procedure: "腹腔镜卵巢囊肿剥除术", surgeon: "D020", minutes: 90, anaesthesia: .general, place: nil, ticked: all, confirmed: false,
             referral: ("C01", .urgent, "左卵巢囊肿6cm，腹痛反复"), waitedDays: 18),
        Case(procedure: "白内障超声乳化摘除术", surgeon: "D026", minutes: 30, anaesthesia: .local, place: nil, ticked: local, confirmed: false,
             referral: nil, waitedDays: 30),
        Case(procedure: "关节镜下半月板修复术", surgeon: "D017", minutes: 90, anaesthesia: .general, place: nil, ticked: [.assessment],
             confirmed: false, referral: ("C03", .routine, "左膝扭伤后疼痛，半月板损伤"), waitedDays: 16),
        Case(procedure: "腹腔镜胆囊切除术", surgeon: "D014", minutes: 90, anaesthesia: .general, place: nil, ticked: [], confirmed: false,
             referral: nil, waitedDays: 7),
        Case(procedure: "体表肿物切除术", surgeon: "D014", minutes: 30, anaesthesia: .local, place: nil, ticked: local, confirmed: false,
             referral: nil, waitedDays: 21),
    ]
}

extension Store {
    /// Adds the demo's day-surgery cases through the real commands; returns how many.
    func addDemoSurgery(patients: [Int64], by actor: Operator) throws(BookingError) -> Int {
        let now = self.now
        var days: [LocalDate] = []
        var after = now.date
        while days.count < 3, let next = try nextTheatreDay(after: after) {
            days.append(next)
            after = next
        }
        guard days.count == 3, patients.count > 60 + DemoSurgery.cases.count * 3 else { return 0 }
        let doctors = ["赵文", "钱红", "孙立", "李敏"]
        var added = 0
        for (i, c) in DemoSurgery.cases.enumerated() {
            // Patients from the middle of the demo list: not those of the referral inbox.
            let patient = patients[60 + i * 3]
            let since = now.adding(minutes: -(c.waitedDays * 1440 + i * 53))
            var referral: Int64?
            if let r = c.referral {
                // The clinic's referral for surgery, recorded when the patient started waiting (over
                // two weeks ago, so they are past the inbox: the case is already on the queue).
                let department = try read { db in
                    try String.fetchOne(db, sql: "SELECT d.code FROM resource r JOIN department d ON d.id = r.department_id WHERE r.code = ?",
                                        arguments: [c.surgeon]) ?? "GSUR"
                }
                let recorded = with(clock: FixedClock(since))
                referral = try recorded.addReferral(ReferralInput(patient: .id(patient), clinic: r.clinic, referringDoctor: doctors[i % doctors.count] + "医生",
                                                                  department: department, resource: c.surgeon, reason: r.reason, urgency: r.urgency),
                                                    by: actor).id
            }
            let added1 = try addSurgeryCase(SurgeryCaseInput(patient: .id(patient), procedure: c.procedure, surgeon: c.surgeon, estimatedMinutes: c.minutes,
                                                             anaesthesia: c.anaesthesia, referral: referral, waitingSince: since), by: actor)
            if !c.ticked.isEmpty {
                // Ticked over the past evening by the pre-op nurse; cataract patients, mostly
                // elderly, get the ward's escort-free care (免陪照护) instead of a relative.
                let when = with(clock: FixedClock(now.adding(minutes: -(60 + i * 7))))
                let escortFree = c.procedure.contains("白内障") && c.ticked.contains(.escort)
                _ = try when.tickChecklist(case: added1.id, items: c.ticked.filter { !escortFree || $0 != .escort }, note: nil, by: actor)
                if escortFree { _ = try when.tickChecklist(case: added1.id, items: [.escort], note: "免陪照护", by: actor) }
            }
            if let place = c.place {
                _ = try scheduleSurgery(case: added1.id, theatre: place.theatre, date: days[place.day], by: actor)
                if c.confirmed { _ = try confirmSurgery(case: added1.id, by: actor) }
            }
            added += 1
        }
        return added
    }
}
