import BookingCore
import GRDB

extension Store {
    /// The free slot of the same department closest in time to the cancelled one that the patient
    /// may take now, by their channel's pool and horizon, the clinic's daily cap and rules 5 and 7
    /// (rule 10, `StopClinicRules.nearest`). Seats already offered to others and not yet taken or
    /// declined count as taken (never more offers for a slot than it has free seats); `except` is
    /// an offer being replaced. At most `limit` free slots are considered, the nearest by days first.
    ///
    /// The slots are read outward from the original date (`FreeSlotWalk`) and checked only as far
    /// as the answer needs: the first one the patient may take, by days away, says how many days
    /// away the answer can be at most (one more: hours across midnight); of the slots that near,
    /// the answer is the first the patient may take in `StopClinicRules`' order of preference.
    /// Ordering every free slot of the department by its distance and checking all of the
    /// nearest days took some 70 ms a patient on a hospital with a year of slots, and a holiday
    /// stop's transactions of ten patients up to 1.6 s.
    func nearestFreeSlot(_ db: Database, for a: AppointmentView, now: LocalDateTime, except: Int64? = nil,
                         limit: Int = Store.nearestSlotLimit) throws -> SlotRow? {
        var walk = try FreeSlotWalk(db, department: a.department, around: a.date, from: now.date, limit: limit)
        let clinicID = try Self.clinicID(db, code: a.clinic)
        var verdicts: [Int64: SlotRow?] = [:]
        // The slot, when the patient may take it now.
        func mayTake(_ free: FreeSlotWalk.Slot) throws -> SlotRow? {
            if let known = verdicts[free.id] { return known }
            var verdict: SlotRow?
            // `seat` refuses a slot on a holiday before anything else (rule 12): a holiday stop
            // passes over the rest of the day's slots without reading them.
            if !free.holiday {
                var slot = try Self.slotRow(db, .id(free.id))
                let offered = try Self.openOffers(db, slot: slot.id, except: except)
                slot.state.publicUsed += offered
                if case .success = try Self.seat(db, for: a.channel, in: slot, clinic: clinicID, code: a.clinic, now: now) {
                    slot.state.publicUsed -= offered
                    if (try? checkPatientRules(db, patient: a.patientID, slot: slot, now: now, reason: a.flagReason ?? "stop-clinic")) != nil {
                        verdict = slot
                    }
                }
            }
            verdicts[free.id] = verdict
            return verdict
        }
        var index = 0
        var first: FreeSlotWalk.Slot?
        while first == nil, let slot = try walk.slot(at: index) {
            if try mayTake(slot) != nil { first = slot }
            index += 1
        }
        guard let first else { return nil }
        // The slots at most a day further than the first and at most as near in time, most
        // preferred first (in the walk's order when they start together, as
        // `StopClinicRules.nearest` takes the first listed): the first of them the patient may
        // take is the nearest of all they may take.
        let original = LocalDateTime(date: a.date, hour: a.hour)
        let bound = StopClinicRules.distance(first.start, from: original)
        let ranked = try walk.slots(throughDays: first.days + 1).enumerated()
            .map { (preference: StopClinicRules.preference($0.element.start, to: original), offset: $0.offset, slot: $0.element) }
            .filter { $0.preference.distance <= bound }
            .sorted { ($0.preference.distance, $0.preference.laterFirst, $0.offset) < ($1.preference.distance, $1.preference.laterFirst, $1.offset) }
        for candidate in ranked {
            if let taken = try mayTake(candidate.slot) { return taken }
        }
        return nil
    }

    /// How many free slots, nearest by days first, a patient of a stopped session is checked
    /// against before they go to the waitlist instead.
    static let nearestSlotLimit = 400
}

/// A department's free slots from today on, read outward from a date: by days away, then date,
/// then hour, then resource (the order the department's resources were made in, as the query
/// that ordered them all read them), a few days at a time and only as far as asked. Each read is
/// a range of the slot's (resource, date, hour) index per resource of the department, so it
/// costs the slots it returns, not the department's year of slots.
struct FreeSlotWalk {
    struct Slot {
        let id: Int64
        let resource: Int64
        let start: LocalDateTime
        /// `start.minuteNumber`, for sorting.
        let minute: Int
        /// Whole days from the original date, either way.
        let days: Int
        /// The day is a holiday in the loaded calendar (slots generated before it was loaded).
        let holiday: Bool
    }

    private let db: Database
    private let department: String
    private let original: LocalDate
    private let originalDay: Int
    private let today: LocalDate
    /// The department's last slot date (nil without slots): past it, and before today, there is
    /// nothing to read.
    private let last: LocalDate?
    private let limit: Int
    /// The slots read so far, in order; every slot fewer than `nextDays` days away is here (up to `limit`).
    private(set) var read: [Slot] = []
    private var nextDays = 0
    private var width = 1

    init(_ db: Database, department: String, around original: LocalDate, from today: LocalDate, limit: Int) throws {
        self.db = db
        self.department = department
        self.original = original
        originalDay = original.dayNumber
        self.today = today
        self.limit = limit
        last = try String.fetchOne(db.cachedStatement(sql: """
            SELECT max((SELECT max(s.date) FROM slot s WHERE s.resource_id = r.id))
            FROM resource r JOIN department d ON d.id = r.department_id WHERE d.code = ? AND r.kind <> 'theatre'
            """), arguments: [department]).flatMap(LocalDate.init)
    }

    /// The `index`th free slot in the walk's order; nil past the last or past `limit`.
    mutating func slot(at index: Int) throws -> Slot? {
        while index >= read.count, try readMore() {}
        return index < read.count ? read[index] : nil
    }

    /// The free slots at most `days` days away, in the walk's order (within `limit`).
    mutating func slots(throughDays days: Int) throws -> ArraySlice<Slot> {
        while nextDays <= days, try readMore() {}
        return read.prefix { $0.days <= days }
    }

    /// Reads the next days away: one day at a time while they hold many free slots, twice as
    /// many days each time while they hold few. False when no day is left between today and the
    /// department's last slot date.
    private mutating func readMore() throws -> Bool {
        guard read.count < limit, let last,
              original.adding(days: -nextDays) >= today || original.adding(days: nextDays) <= last else { return false }
        let from = nextDays, through = nextDays + width - 1
        var found: [Slot] = []
        // Before the original date (from a day away), then on and after it.
        if through >= 1 {
            found += try free(from: original.adding(days: -through), through: original.adding(days: -max(1, from)))
        }
        found += try free(from: original.adding(days: from), through: original.adding(days: through))
        found.sort { ($0.days, $0.minute, $0.resource) < ($1.days, $1.minute, $1.resource) }
        read += found.prefix(limit - read.count)
        nextDays = through + 1
        width = found.count < 100 ? min(2 * width, 32) : 1
        return true
    }

    /// The department's free slots (not withdrawn, a seat left, not a theatre) dated from `first`
    /// through `last`, from today on.
    private func free(from first: LocalDate, through last: LocalDate) throws -> [Slot] {
        let first = max(first, today)
        guard first <= last else { return [] }
        var dates: [String: (date: LocalDate, day: Int)] = [:]
        return try Row.fetchAll(db.cachedStatement(sql: """
            SELECT s.id, s.date, s.hour, EXISTS (SELECT 1 FROM calendar_day c WHERE c.date = s.date AND c.kind = 'holiday'), s.resource_id
            FROM slot s
            WHERE s.resource_id IN (SELECT r.id FROM resource r JOIN department d ON d.id = r.department_id WHERE d.code = ? AND r.kind <> 'theatre')
              AND s.date BETWEEN ? AND ? AND s.withdrawn = 0 AND s.public_used + s.reserved_used < s.capacity + s.added
            """), arguments: [department, first.description, last.description]).compactMap { row in
            // A few dates among many rows: each is parsed once.
            let text: String = row[1]
            if dates[text] == nil, let date = LocalDate(text) { dates[text] = (date, date.dayNumber) }
            guard let (date, day) = dates[text] else { return nil }
            let hour: Int = row[2]
            return Slot(id: row[0], resource: row[4], start: LocalDateTime(date: date, hour: hour), minute: day * 1440 + hour * 60,
                        days: abs(day - originalDay), holiday: row[3])
        }
    }
}
