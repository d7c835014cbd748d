import BookingCore
import BookingStore

/// A confirmed change as the store command it is, and what the message line says once the
/// store has carried it out.
extension Confirmation.Change {
    /// The store command, with the reason the operator typed where the change asks for one.
    func command(reason: String?) -> StoreCommand {
        switch self {
        case var .book(request):
            request.reason = reason
            return .book(request)
        case let .cancel(id): return .cancel(id)
        case let .noShow(id): return .markNoShow(id)
        case let .cancelReferral(id): return .cancelReferral(id, reason: reason ?? "")
        case let .waitlist(request): return .addToWaitlist(request)
        case let .removeWaitlist(id): return .removeFromWaitlist(id)
        case let .acceptOffer(id): return .acceptOffer(id)
        case let .declineOffer(id): return .declineOffer(id)
        case .sweepNoShows: return .sweepNoShows
        case let .postponeSurgery(id): return .postponeSurgery(id, reason: reason ?? "")
        case let .backfillSurgery(theatre, date, position, expecting):
            return .backfillSurgery(theatre: theatre, date: date, position: position, expecting: expecting)
        case let .scheduleSurgery(id, theatre, date): return .scheduleSurgery(id, theatre: theatre, date: date)
        case let .planSurgery(proposals): return .applySurgeryPlan(proposals)
        case let .tickConfirmedCase(id, item, undo): return .tickChecklist(id, item, undo: undo)
        }
    }

    /// What to say on the message line about what the store did.
    func report(_ outcome: CommandOutcome, _ l: Language) -> String {
        switch (self, outcome) {
        case let (.book, .booked(a)):
            let addOn = a.addOn ? l.pick("（加号）", " (add-on)") : ""
            return l.pick("已预约 \(a.id)：\(a.patientName) \(a.slotLabel) \(a.resourceName)（\(a.priority.label(l))）\(addOn)",
                          "Booked \(a.id): \(a.patientName) \(a.slotLabel) \(a.resourceName) (\(a.priority.label(l)))\(addOn)")
        case let (.cancel, .cancelled(a)):
            return l.pick("已取消 \(a.id)：\(a.patientName) \(a.slotLabel)", "Cancelled \(a.id): \(a.patientName) \(a.slotLabel)")
        case let (.noShow, .markedNoShow(a)):
            return l.pick("已记爽约 \(a.id)：\(a.patientName)", "No-show recorded \(a.id): \(a.patientName)")
        case let (.waitlist, .waitlisted(w, seat)):
            if let booked = seat {
                // A seat freed between the question and the answer: say which.
                return l.pick("有空位，已预约 \(booked.id)：\(booked.slotLabel) \(booked.resourceName)",
                              "A seat had freed: booked as appointment \(booked.id), \(booked.slotLabel) \(booked.resourceName)")
            }
            return l.pick("已加入候补 \(w.id)：\(w.patientName)（\(w.priority.label(l))）", "Waitlisted as \(w.id): \(w.patientName) (\(w.priority.label(l)))")
        case let (.removeWaitlist, .offWaitlist(w)):
            return l.pick("已移出候补：\(w.patientName)", "Taken off the waitlist: \(w.patientName)")
        case let (.acceptOffer, .rebooked(n)):
            let a = n.rebookedAppointmentID ?? 0, slot = n.rebookedSlot ?? ""
            return l.pick("已改约：\(n.patientName)，预约 \(a)，\(slot)", "Rebooked: \(n.patientName), appointment \(a) in \(slot)")
        case let (.declineOffer, .offerDeclined(n)):
            return l.pick("不改约，已转入候补：\(n.patientName)", "Offer declined: \(n.patientName) is on the waitlist")
        case let (.sweepNoShows, .noShowsSwept(marked)):
            return l.pick("已记爽约 \(marked) 个", "No-shows recorded: \(marked)")
        case let (.cancelReferral, .referralWithdrawn(r)):
            return l.pick("已撤销转诊单 \(r.id)：\(r.patientName)", "Referral \(r.id) withdrawn: \(r.patientName)")
        case let (.postponeSurgery, .postponed(r)):
            let c = r.surgeryCase
            let was = "\(r.freed.theatre) " + l.pick("第\(r.freed.position)台", "#\(r.freed.position)")
            return l.pick("已推迟 \(was) \(c.patientName) \(c.procedure)，退回队列（等待时间保留）",
                          "Postponed \(was) \(c.patientName) \(c.procedure): back to the queue (waiting time kept)")
        case let (.backfillSurgery(theatre, _, _, _), .backfilled(c)):
            return l.pick("已补台：\(c.patientName) \(c.procedure) → \(theatre) 第\(c.sequence ?? 0)台",
                          "Back-filled: \(c.patientName) \(c.procedure) → \(theatre) #\(c.sequence ?? 0)")
        case let (.scheduleSurgery(_, theatre, date), .scheduled(c)):
            return l.pick("已排入：\(c.patientName) \(c.procedure) → \(theatre) \(date) 第\(c.sequence ?? 0)台",
                          "Scheduled: \(c.patientName) \(c.procedure) → \(theatre) \(date) #\(c.sequence ?? 0)")
        case let (.planSurgery, .planned(booked)):
            return l.pick("已按建议排程 \(booked) 台", "Scheduled \(booked) cases as proposed")
        case let (.tickConfirmedCase(_, item, undo), .checklistTicked(after, _, _)):
            let place = after.theatre.map { "\($0) " + l.pick("第\(after.sequence ?? 0)台 ", "#\(after.sequence ?? 0) ") } ?? ""
            let back = after.status == .scheduled ? l.pick("，已退回待确认", "; back to unconfirmed") : ""
            return undo ? l.pick("已撤销 \(place)\(after.patientName)：\(item.label(.zh))\(back)", "Withdrawn for \(place)\(after.patientName): \(item.label(.en))\(back)")
                        : l.pick("已勾选 \(place)\(after.patientName)：\(item.label(.zh))\(back)", "Ticked for \(place)\(after.patientName): \(item.label(.en))\(back)")
        default:
            return l.pick("已完成", "Done")
        }
    }
}
