import BookingCore
import Testing

@Suite("Seats, release and horizons (rules 1–3)")
struct SlotRulesTests {
    /// Dr Wang's Thursday 09:00 hour: four seats, two kept for the alliance until 48 h before.
    static func thursday9(publicUsed: Int = 0, reservedUsed: Int = 0, added: Int = 0, capacity: Int = 4, reserved: Int = 2) -> SlotState {
        SlotState(label: "D001@2026-11-26T09", date: day("2026-11-26"), hour: 9, capacity: capacity, reserved: reserved, added: added,
                  publicUsed: publicUsed, reservedUsed: reservedUsed)
    }

    @Test("reserved seats are released exactly 48 hours before the slot starts")
    func releaseMoment() {
        let slot = Self.thursday9()
        #expect(SlotRules.releaseMoment(of: slot) == at("2026-11-24T09:00"))
        #expect(!SlotRules.isReleased(slot, now: at("2026-11-24T08:59")))
        #expect(SlotRules.isReleased(slot, now: at("2026-11-24T09:00")))
        var imaging = slot
        imaging.policy = BookingPolicy(publicHorizonDays: 7, allianceHorizonDays: 14, releaseLeadHours: 24)
        #expect(SlotRules.releaseMoment(of: imaging) == at("2026-11-25T09:00"))
    }

    @Test("the minute before release the reserved seats are held; at the release minute they are public")
    func releaseEdge() {
        let slot = Self.thursday9()
        #expect(Seats(SlotRules.availability(of: slot, now: at("2026-11-24T08:59")))
            == Seats(2, 2, false))
        #expect(Seats(SlotRules.availability(of: slot, now: at("2026-11-24T09:00")))
            == Seats(4, 0, true))
    }

    @Test("with the public seats gone, a public booking the minute before release is refused; at release it gets a seat")
    func publicWaitsForRelease() {
        let slot = Self.thursday9(publicUsed: 2)
        #expect(SlotRules.seatFor(.publicDesk, in: slot, now: at("2026-11-24T08:59"), clinicReservedToday: 0)
            == .failure(.publicSeatsReserved(slot: "D001@2026-11-26T09", releaseAt: at("2026-11-24T09:00"))))
        #expect(SlotRules.seatFor(.publicDesk, in: slot, now: at("2026-11-24T09:00"), clinicReservedToday: 0) == .success(.publicPool))
    }

    @Test("an alliance booking takes a reserved seat first, then a public one")
    func allianceSeatChoice() {
        let before = at("2026-11-23T10:00")
        #expect(SlotRules.seatFor(.alliance, in: Self.thursday9(), now: before, clinicReservedToday: 0) == .success(.reserved))
        #expect(SlotRules.seatFor(.alliance, in: Self.thursday9(reservedUsed: 1), now: before, clinicReservedToday: 0) == .success(.reserved))
        #expect(SlotRules.seatFor(.alliance, in: Self.thursday9(reservedUsed: 2), now: before, clinicReservedToday: 0) == .success(.publicPool))
        #expect(SlotRules.seatFor(.alliance, in: Self.thursday9(publicUsed: 2, reservedUsed: 2), now: before, clinicReservedToday: 0) == .failure(.slotFull(slot: "D001@2026-11-26T09")))
        // Once released, nothing is reserved any more: the alliance books from the public pool.
        #expect(SlotRules.seatFor(.alliance, in: Self.thursday9(), now: at("2026-11-25T08:30"), clinicReservedToday: 0) == .success(.publicPool))
        // A public booking never takes a reserved seat before release.
        #expect(SlotRules.seatFor(.publicDesk, in: Self.thursday9(), now: before, clinicReservedToday: 0) == .success(.publicPool))
    }

    @Test("a public patient takes the last seat; the next is refused with slotFull")
    func lastSeat() {
        let now = at("2026-11-25T08:30")
        let lastSeat = Self.thursday9(publicUsed: 2, reservedUsed: 1)
        #expect(SlotRules.availability(of: lastSeat, now: now).total == 1)
        #expect(SlotRules.seatFor(.publicDesk, in: lastSeat, now: now, clinicReservedToday: 0) == .success(.publicPool))
        let full = Self.thursday9(publicUsed: 3, reservedUsed: 1)
        #expect(SlotRules.seatFor(.publicDesk, in: full, now: now, clinicReservedToday: 0) == .failure(.slotFull(slot: "D001@2026-11-26T09")))
        #expect(SlotRules.seatFor(.alliance, in: full, now: now, clinicReservedToday: 0) == .failure(.slotFull(slot: "D001@2026-11-26T09")))
        #expect(Seats(SlotRules.availability(of: full, now: now)) == Seats(0, 0, true))
    }

    @Test("a green-channel add-on seat is part of the capacity")
    func addOn() {
        let now = at("2026-11-25T08:30")
        #expect(SlotRules.seatFor(.publicDesk, in: Self.thursday9(publicUsed: 4, added: 1), now: now, clinicReservedToday: 0) == .success(.publicPool))
        #expect(SlotRules.seatFor(.publicDesk, in: Self.thursday9(publicUsed: 5, added: 1), now: now, clinicReservedToday: 0) == .failure(.slotFull(slot: "D001@2026-11-26T09")))
    }

    @Test("the reserved part of a nearly full slot never counts more seats than are free")
    func reservedNeverExceedsFree() {
        // Before release, three public bookings (one came in after a reserved seat was cancelled), one seat left.
        let slot = Self.thursday9(publicUsed: 3, reservedUsed: 0)
        let seats = SlotRules.availability(of: slot, now: at("2026-11-23T10:00"))
        #expect(seats.total == 1)
        #expect(seats.publicAvailable == 0)
        #expect(seats.reservedAvailable == 1)
    }

    @Test("a slot cannot be booked at its start minute, but can a minute earlier")
    func slotStarted() {
        #expect(SlotRules.seatFor(.publicDesk, in: Self.thursday9(), now: at("2026-11-26T09:00"), clinicReservedToday: 0) == .failure(.slotStarted(slot: "D001@2026-11-26T09")))
        #expect(SlotRules.seatFor(.alliance, in: Self.thursday9(), now: at("2026-11-26T09:00"), clinicReservedToday: 0) == .failure(.slotStarted(slot: "D001@2026-11-26T09")))
        #expect(SlotRules.seatFor(.publicDesk, in: Self.thursday9(), now: at("2026-11-26T08:59"), clinicReservedToday: 0) == .success(.publicPool))
        #expect(SlotRules.seatFor(.publicDesk, in: Self.thursday9(), now: at("2026-11-27T08:00"), clinicReservedToday: 0) == .failure(.slotStarted(slot: "D001@2026-11-26T09")))
    }

    static func slot(on date: String) -> SlotState {
        SlotState(label: "X@\(date)T09", date: day(date), hour: 9, capacity: 4, reserved: 2)
    }

    @Test("the public books up to 7 days ahead: today + 7 allowed, today + 8 refused")
    func publicHorizon() {
        let now = at("2026-11-25T08:30")
        #expect(SlotRules.horizonEnd(today: now.date, channel: .publicDesk, policy: .standard) == day("2026-12-02"))
        #expect(SlotRules.seatFor(.publicDesk, in: Self.slot(on: "2026-12-02"), now: now, clinicReservedToday: 0) == .success(.publicPool))
        #expect(SlotRules.seatFor(.publicDesk, in: Self.slot(on: "2026-12-03"), now: now, clinicReservedToday: 0) == .failure(.outsideHorizon(slot: "X@2026-12-03T09", days: 7)))
    }

    @Test("alliance clinics book up to 14 days ahead: today + 14 allowed, today + 15 refused")
    func allianceHorizon() {
        let now = at("2026-11-25T23:59")
        #expect(SlotRules.horizonEnd(today: now.date, channel: .alliance, policy: .standard) == day("2026-12-09"))
        #expect(SlotRules.seatFor(.alliance, in: Self.slot(on: "2026-12-03"), now: now, clinicReservedToday: 0) == .success(.reserved))
        #expect(SlotRules.seatFor(.alliance, in: Self.slot(on: "2026-12-09"), now: now, clinicReservedToday: 0) == .success(.reserved))
        #expect(SlotRules.seatFor(.alliance, in: Self.slot(on: "2026-12-10"), now: now, clinicReservedToday: 0) == .failure(.outsideHorizon(slot: "X@2026-12-10T09", days: 14)))
    }

    @Test("a department's own horizon is used")
    func departmentHorizon() {
        var slot = Self.slot(on: "2026-11-28")
        slot.policy = BookingPolicy(publicHorizonDays: 2, allianceHorizonDays: 3, releaseLeadHours: 48)
        let now = at("2026-11-25T08:30")
        #expect(SlotRules.seatFor(.publicDesk, in: slot, now: now, clinicReservedToday: 0) == .failure(.outsideHorizon(slot: "X@2026-11-28T09", days: 2)))
        #expect(SlotRules.seatFor(.alliance, in: slot, now: now, clinicReservedToday: 0) == .success(.reserved))
    }

    @Test("rule refusals exit 1 and carry a stable code and a message in both languages")
    func refusalsAreRules() {
        let full = BookingError.slotFull(slot: "D001@2026-11-26T09")
        #expect(full.kind == .rule)
        #expect(full.code == "slot_full")
        #expect(full.message(.zh).contains("号源已满"))
        #expect(full.message(.en).contains("Slot full"))
        #expect(BookingError.publicSeatsReserved(slot: "S", releaseAt: at("2026-11-24T09:00")).message(.en).contains("2026-11-24 09:00"))
        #expect(BookingError.notFound(kind: "patient", key: "9").kind == .input)
        #expect(BookingError.storage(.sqlite(code: StorageProblem.SQLiteCode.ioError, message: "disk I/O error")).kind == .storage)
    }
}

/// The three numbers of a `SeatAvailability`, comparable in one expectation.
struct Seats: Equatable, CustomStringConvertible {
    let publicAvailable: Int, reservedAvailable: Int, released: Bool
    init(_ p: Int, _ r: Int, _ released: Bool) { (publicAvailable, reservedAvailable, self.released) = (p, r, released) }
    init(_ a: SeatAvailability) { self.init(a.publicAvailable, a.reservedAvailable, a.released) }
    var description: String { "public \(publicAvailable), reserved \(reservedAvailable)\(released ? ", released" : "")" }
}
