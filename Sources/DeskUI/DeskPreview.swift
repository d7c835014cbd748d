import BookingCore
import BookingStore

/// Asking before a change at the desk: the store runs the very command, rolled back, so a refusal
/// comes at the first key with the way forward, and the question shows what the booking would be.
extension DeskState {
    /// F5 on a grid cell: the booking of the patient in hand into the slot under the cursor,
    /// previewed by the store (`.preview`); its answer opens the question.
    mutating func askToBook() -> [DeskEffect] {
        guard let p = patient else { say("请先查找并选定患者（F2）", "Find and choose a patient first (F2)", .error); return [] }
        guard resource != nil, department != nil else { say("请先选择科室和医生", "Choose a department and a doctor first", .error); return [] }
        guard let slot = selectedSlot else { say("光标所在处没有号源", "There is no slot under the cursor", .error); return [] }
        return [.preview(.book(BookingRequest(patient: .id(p.id), slot: .id(slot.id))))]
    }

    /// The slot of the week a booking request names.
    func bookedSlot(_ request: BookingRequest) -> SlotView? {
        guard case let .id(id) = request.slot else { return nil }
        return week.first { $0.id == id }
    }

    /// The booking would be made: a confirmation that shows the class, the pool and whether it is
    /// a same-day registration. A request previewed with a reason is a flagged patient's (rule 7).
    mutating func askToBook(_ request: BookingRequest, preview: AppointmentView) {
        guard let p = patient, let r = resource, let d = department, let slot = bookedSlot(request) else { return }
        let l = language
        let needsReason = request.reason != nil
        var plain = request
        plain.reason = nil
        let hour = slot.hour < 10 ? "0\(slot.hour)" : "\(slot.hour)"
        let next = slot.hour + 1 < 10 ? "0\(slot.hour + 1)" : "\(slot.hour + 1)"
        let kind = preview.sameDay ? l.pick("当日挂号", "same-day registration") : l.pick("预约", "appointment ahead")
        // The age today, as on the patient line: the age on the slot's day would show, cell by
        // cell, the day a birthday falls, and with it the masked digits (rule 14).
        var lines = [
            l.pick("患者：", "Patient: ") + "\(p.name)  \(p.sex?.label(l) ?? "")  " + (p.age(on: now.date).map { l.pick("\($0)岁", "age \($0)") } ?? ""),
            l.pick("科室：", "Department: ") + d.displayName(l),
            l.pick("医生/设备：", "Resource: ") + r.name + (r.title.map { " " + $0 } ?? ""),
            l.pick("时间：", "Time: ") + "\(slot.date) \(Frame.weekday(slot.date, l)) \(hour):00–\(next):00",
            l.pick("类别：", "Class: ") + preview.priority.label(l) + l.pick("  号池：", "  Pool: ") + poolLabel(preview.pool)
                + "  " + kind,
            l.pick("当前可约：", "Free now: ") + "\(slot.available)",
        ]
        if needsReason {
            lines.append(l.pick("注意：该患者90天内爽约 \(p.recentNoShows) 次，须填写原因（规则7）", "Note: \(p.recentNoShows) no-shows in 90 days; a reason is required (rule 7)"))
        }
        confirmation = Confirmation(title: l.pick("确认预约", "Confirm booking"), lines: lines, change: .book(plain),
                                    reason: needsReason ? TextField(limit: 100) : nil)
    }

    func poolLabel(_ pool: SeatPool) -> String {
        pool == .reserved ? language.pick("医联体预留", "alliance reserved") : language.pick("公共号", "public")
    }

    /// A refusal on the message line, with what the clerk can do instead.
    mutating func refuse(_ error: BookingError, wayForward: String?) {
        message = DeskMessage(text: error.message(language) + (wayForward.map { " — " + $0 } ?? ""), kind: .error)
    }

    /// What to do instead, for the refusals that have a next step.
    func wayForward(_ error: BookingError, slot: SlotView) -> String? {
        let l = language
        switch error {
        case let .outsideHorizon(_, days):
            let opens = SlotRules.horizonOpens(for: slot.date, horizonDays: days)
            return l.pick("\(opens) 起可约", "bookable from \(opens)")
        case .slotFull:
            let lists = key(.lists, fallback: "F12"), add = key(.book, fallback: "F5")
            return l.pick("按 \(lists) 到候补，\(add) 加入候补", "\(lists) for the waitlist, then \(add) to wait")
        default:
            return nil
        }
    }

    /// F5 in the waitlist: the chosen patient waits for the department (and doctor) in view, for
    /// the week from the day under the cursor. When a seat is free now, the box names it and asks
    /// whether to book it; nothing is booked without the clerk's Enter.
    mutating func askToWait() -> [DeskEffect] {
        guard let p = patient else { say("请先查找并选定患者（F2）", "Find and choose a patient first (F2)", .error); return [] }
        guard let d = department else { say("请先选择科室", "Choose a department first", .error); return [] }
        let first = max(selectedDate, now.date)
        return [.preview(.addToWaitlist(WaitlistRequest(patient: .id(p.id), department: d.code, resource: resource?.code,
                                                        firstDate: first, lastDate: first.adding(days: 6))))]
    }

    /// The store's answer to the waitlist preview: the question to wait, or the free seat to book.
    mutating func askToWait(_ request: WaitlistRequest, entry: WaitlistView, seat: AppointmentView?) {
        guard let p = patient, let d = department else { return }
        let l = language
        let first = request.firstDate
        let preview = (entry: entry, booked: seat)
        let header = [l.pick("患者：", "Patient: ") + p.name,
                      l.pick("科室：", "Department: ") + d.displayName(l) + (resource.map { "  " + $0.name } ?? ""),
                      l.pick("日期：", "Dates: ") + "\(first) – \(first.adding(days: 6))"]
        if let seat = preview.booked {
            let hour = seat.hour < 10 ? "0\(seat.hour)" : "\(seat.hour)"
            confirmation = Confirmation(title: l.pick("有空位：预约这个时段？", "A seat is free: book it?"), lines: header + [
                l.pick("空位：", "Free seat: ") + "\(seat.date) \(Frame.weekday(seat.date, l)) \(hour):00  \(seat.resourceName)  (\(seat.slotLabel))",
                l.pick("类别：", "Class: ") + seat.priority.label(l) + l.pick("  号池：", "  Pool: ") + poolLabel(seat.pool),
                l.pick("Enter 预约此时段；Esc 不预约，也不加入候补。", "Enter books this slot; Esc books nothing and does not wait."),
            ], change: .book(BookingRequest(patient: .id(p.id), slot: .id(seat.slotID))))
            return
        }
        confirmation = Confirmation(title: l.pick("加入候补", "Put on the waitlist"), lines: header + [
            l.pick("类别：", "Class: ") + preview.entry.priority.label(l),
            l.pick("有号时按类别和候补先后自动预约，并列入待通知名单。", "Booked automatically by class and waiting time when a seat frees; then on the to-notify list."),
        ], change: .waitlist(request))
    }

    /// F8 away from the day's list: the end of the day — every booked appointment past its
    /// no-show deadline (rule 7), counted before anything is marked.
    mutating func askToSweepNoShows(_ count: Int) {
        let l = language
        guard count > 0 else {
            return say("没有逾期未签到的预约", "No appointment is past its no-show deadline", .info)
        }
        confirmation = Confirmation(title: l.pick("日终：记爽约", "End of the day: no-shows"), lines: [
            l.pick("逾期未签到（时段结束30分钟后）的预约：\(count) 个", "Appointments not checked in by slot end + 30 minutes: \(count)"),
            l.pick("确认后全部记为爽约（规则7）。", "Confirm to mark them all as no-shows (rule 7)."),
        ], change: .sweepNoShows(expected: count))
    }
}
