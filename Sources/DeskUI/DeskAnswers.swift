import BookingCore
import BookingStore
import Terminal

/// What the desk does with the store's answers: the lists it asked for, a preview that opens
/// the question, a change made, a refusal with the way forward.
extension DeskState {
    mutating func loaded(_ answer: StoreAnswer) -> [DeskEffect] {
        switch answer {
        case let .patients(query, patients):
            return found(query, patients)
        case let .patient(p) where form?.existing == p.id:
            let effects = chooseFromForm(p)
            say("已选定已登记的患者：\(p.name)（患者号 \(p.id)）", "Chose the registered patient: \(p.name) (patient \(p.id))", .success)
            return effects
        case let .appointmentSlip(id, content):
            let text = SlipLayout.lines(content, width: 48, language: language, measure: DisplayWidth.width(of:))
            slip = (language.pick("预约凭条 \(id)（打印：slotdesk slip \(id) | lp）", "Slip \(id) (print: slotdesk slip \(id) | lp)"), text)
            return []
        default:
            return show(answer)
        }
    }

    /// A change the store would make: the question before it, or the way forward.
    mutating func previewed(_ command: StoreCommand, _ outcome: CommandOutcome) -> [DeskEffect] {
        switch (command, outcome) {
        case let (.book(request), .booked(preview)):
            askToBook(request, preview: preview)
        case let (.addToWaitlist(request), .waitlisted(entry, seat)):
            askToWait(request, entry: entry, seat: seat)
        case let (.sweepNoShows, .noShowsSwept(count)):
            askToSweepNoShows(count)
        case let (.cancel(id), .cancelled):
            guard let a = dayList.first(where: { $0.id == id }) else { return [] }
            confirmation = Confirmation(title: language.pick("取消预约", "Cancel appointment"),
                                        lines: describe(a) + [language.pick("号源将退回号池。", "The seat goes back to the pool.")], change: .cancel(a.id))
        case let (.markNoShow(id), .markedNoShow):
            guard let a = dayList.first(where: { $0.id == id }) else { return [] }
            confirmation = Confirmation(title: language.pick("记为爽约", "Mark as no-show"),
                                        lines: describe(a) + [language.pick("90天内爽约3次将标记该患者。", "Three no-shows in 90 days flag the patient.")],
                                        change: .noShow(a.id))
        default:
            break
        }
        return []
    }

    /// A change made: say what it did and read the screen again.
    mutating func finished(_ outcome: CommandOutcome) -> [DeskEffect] {
        let l = language
        if let done = answering {
            answering = nil
            message = DeskMessage(text: done.change.report(outcome, l), kind: .success)
            return reload()
        }
        switch outcome {
        case let .checkedIn(done):
            message = DeskMessage(text: l.pick("已签到：\(done.patientName) \(done.slotLabel)", "Checked in: \(done.patientName) \(done.slotLabel)"), kind: .success)
        case let .notified(done):
            message = DeskMessage(text: l.pick("已通知：\(done.patientName)", "Told: \(done.patientName)"), kind: .success)
        case let .phoneRevealed(id, phone):
            revealedPhones[id] = phone
            let name = notifications.first { $0.id == id }?.patientName ?? ""
            say("\(name) 电话：\(phone)（已记入审计）", "\(name)'s phone: \(phone) (recorded in the audit log)", .success)
            return []
        case let .registered(p):
            let effects = chooseFromForm(p)
            say("已登记：\(p.name)（患者号 \(p.id)）", "Registered: \(p.name) (patient \(p.id))", .success)
            return effects
        default:
            break
        }
        return reload()
    }

    /// The store refused: say why (with the way forward where there is one).
    mutating func failed(_ effect: DeskEffect, _ error: BookingError) -> [DeskEffect] {
        switch effect {
        case let .preview(.book(request)):
            if case .patientFlagged = error, request.reason == nil {
                // Rule 7: a flagged patient may be booked with a reason; the rest of the rules still answer.
                var asked = request
                asked.reason = "?"
                return [.preview(.book(asked))]
            }
            refuse(error, wayForward: bookedSlot(request).flatMap { wayForward(error, slot: $0) })
        case .run(.registerPatient):
            if case let .duplicatePatient(existing) = error, var f = form { f.existing = existing; form = f }
            refuse(error)
        case .run(.revealPhone), .read:
            refuse(error)
        case .run:
            answering = nil
            refuse(error)
            return reload()
        case .preview:
            refuse(error)
        }
        return []
    }
}
