import BookingCore
import Testing

/// Rules 1–3 and 9 for the alliance: reserved seats, their release, the horizons, per-clinic
/// fairness and the green-channel add-on.
@Suite("Reserved quota and add-ons")
struct QuotaRulesTests {
    /// A Cardiology slot on Friday 27 November at 09:00: 6 seats, 2 reserved, released 48 h before.
    func slot(publicUsed: Int = 0, reservedUsed: Int = 0, capacity: Int = 6, reserved: Int = 2, added: Int = 0,
              cap: Int? = nil, date: String = "2026-11-27") -> SlotState {
        SlotState(label: "D001@\(date)T09", date: day(date), hour: 9, capacity: capacity, reserved: reserved, added: added,
                  publicUsed: publicUsed, reservedUsed: reservedUsed,
                  policy: BookingPolicy(publicHorizonDays: 7, allianceHorizonDays: 14, releaseLeadHours: 48, clinicDailyCap: cap),
                  department: "CARD")
    }

    @Test("an alliance booking takes a reserved seat first, then a public one")
    func allianceUsesReservedFirst() throws {
        let now = at("2026-11-25T08:30")
        #expect(try SlotRules.seatFor(.alliance, in: slot(), now: now, clinicReservedToday: 0).get() == .reserved)
        #expect(try SlotRules.seatFor(.alliance, in: slot(reservedUsed: 2), now: now, clinicReservedToday: 0).get() == .publicPool)
    }

    @Test("the public cannot take the last seats while they are reserved, and can from the release minute")
    func publicWaitsForRelease() throws {
        let full = slot(publicUsed: 4)
        #expect(SlotRules.releaseMoment(of: full) == at("2026-11-25T09:00"))
        guard case let .failure(error) = SlotRules.seatFor(.publicDesk, in: full, now: at("2026-11-25T08:59"), clinicReservedToday: 0) else {
            Issue.record("a public booking took a reserved seat a minute before release")
            return
        }
        #expect(error == .publicSeatsReserved(slot: "D001@2026-11-27T09", releaseAt: at("2026-11-25T09:00")))
        #expect(try SlotRules.seatFor(.publicDesk, in: full, now: at("2026-11-25T09:00"), clinicReservedToday: 0).get() == .publicPool)
        let seats = SlotRules.availability(of: full, now: at("2026-11-25T09:00"))
        #expect(seats.released && seats.publicAvailable == 2 && seats.reservedAvailable == 0)
    }

    @Test("after release an alliance booking takes a public seat: nothing is reserved any more")
    func afterReleaseAllianceIsPublic() throws {
        #expect(try SlotRules.seatFor(.alliance, in: slot(), now: at("2026-11-26T10:00"), clinicReservedToday: 0).get() == .publicPool)
    }

    @Test("the alliance books 14 days ahead, the public 7")
    func horizons() throws {
        let now = at("2026-11-25T08:30")
        #expect(try SlotRules.seatFor(.alliance, in: slot(date: "2026-12-09"), now: now, clinicReservedToday: 0).get() == .reserved)
        #expect(SlotRules.seatFor(.alliance, in: slot(date: "2026-12-10"), now: now, clinicReservedToday: 0).failure == .outsideHorizon(slot: "D001@2026-12-10T09", days: 14))
        #expect(try SlotRules.seatFor(.publicDesk, in: slot(date: "2026-12-02"), now: now, clinicReservedToday: 0).get() == .publicPool)
        #expect(SlotRules.seatFor(.publicDesk, in: slot(date: "2026-12-03"), now: now, clinicReservedToday: 0).failure == .outsideHorizon(slot: "D001@2026-12-03T09", days: 7))
    }

    @Test("a clinic at its daily cap books like the public, and is refused when only reserved seats remain")
    func clinicCap() throws {
        let now = at("2026-11-25T08:30")
        #expect(try SlotRules.seatFor(.alliance, in: slot(cap: 1), now: now, clinic: "C01", clinicReservedToday: 0).get() == .reserved)
        #expect(try SlotRules.seatFor(.alliance, in: slot(cap: 1), now: now, clinic: "C01", clinicReservedToday: 1).get() == .publicPool)
        let onlyReserved = slot(publicUsed: 4, cap: 1)
        #expect(SlotRules.seatFor(.alliance, in: onlyReserved, now: now, clinic: "C01", clinicReservedToday: 1).failure
                == .clinicCapReached(clinic: "C01", department: "CARD", date: day("2026-11-27"), cap: 1))
        #expect(try SlotRules.seatFor(.alliance, in: onlyReserved, now: now, clinic: "C02", clinicReservedToday: 0).get() == .reserved)
    }

    @Test("an add-on is for a green referral, by a coordinator or admin, into a full slot that has not started")
    func addOn() {
        let now = at("2026-11-25T08:30")
        let full = slot(publicUsed: 4, reservedUsed: 2)
        #expect(SlotRules.checkAddOn(urgency: .green, roles: [.coordinator], in: full, now: now) == nil)
        #expect(SlotRules.checkAddOn(urgency: .green, roles: [.admin], in: full, now: now) == nil)
        #expect(SlotRules.checkAddOn(urgency: .urgent, roles: [.coordinator], in: full, now: now) == .addOnNotGreen)
        #expect(SlotRules.checkAddOn(urgency: .green, roles: [.desk], in: full, now: now)
                == .notPermitted(permission: "appointment.add_on", roles: [.coordinator, .admin]))
        #expect(SlotRules.checkAddOn(urgency: .green, roles: [.coordinator], in: slot(publicUsed: 3, reservedUsed: 2), now: now)
                == .addOnNotFull(slot: "D001@2026-11-27T09"))
        #expect(SlotRules.checkAddOn(urgency: .green, roles: [.coordinator], in: full, now: at("2026-11-27T09:00"))
                == .slotStarted(slot: "D001@2026-11-27T09"))
        // With the add-on counted, the slot holds one more and is full again.
        #expect(SlotRules.availability(of: slot(publicUsed: 5, reservedUsed: 2, added: 1), now: now).total == 0)
    }

    @Test("a pending referral expires at the minute its expiry days have passed")
    func referralExpiry() {
        let created = at("2026-11-10T10:15")
        #expect(ReferralRules.effectiveStatus(stored: .pending, createdAt: created, expiryDays: 14, now: at("2026-11-24T10:14")) == .pending)
        #expect(ReferralRules.effectiveStatus(stored: .pending, createdAt: created, expiryDays: 14, now: at("2026-11-24T10:15")) == .expired)
        #expect(ReferralRules.effectiveStatus(stored: .booked, createdAt: created, expiryDays: 14, now: at("2026-12-24T10:15")) == .booked)
        #expect(ReferralRules.checkBookable(id: 3, status: .expired, direction: .up) == .referralNotBookable(referral: 3, status: .expired))
        #expect(ReferralRules.checkBookable(id: 3, status: .pending, direction: .down) != nil)
        #expect(ReferralUrgency.green.priority == .green && ReferralUrgency.routine.priority == .referral)
    }

    @Test("the permission matrix: the desk books the public, the referral office the alliance, the night shift neither")
    func permissions() {
        #expect(Permissions.allows([.desk], .bookPublic))
        #expect(!Permissions.allows([.desk], .bookAlliance))
        #expect(!Permissions.allows([.desk], .addOn))
        #expect(Permissions.allows([.coordinator], .bookAlliance) && Permissions.allows([.coordinator], .addOn))
        #expect(!Permissions.allows([.night], .bookPublic))
        #expect(Permission.allCases.allSatisfy { Permissions.allows([.admin], $0) })
        #expect(Permissions.allows([.night, .desk], .checkIn))
    }
}

extension Result {
    var failure: Failure? {
        if case let .failure(error) = self { return error }
        return nil
    }
}
