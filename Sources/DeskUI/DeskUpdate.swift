import BookingCore
import BookingStore
import Terminal

extension DeskState {
    /// Applies one input. Every change goes through a store command, which decides the rules;
    /// a refusal lands on the message line in the operator's language and changes nothing.
    public mutating func handle(_ input: DeskInput, store: Store, actor: Operator) {
        if handleCovers(input, store: store, actor: actor) { return }
        if slip != nil {
            // The slip closes as help does.
            if case .action = input { slip = nil }
            return
        }
        if form != nil { return handleForm(input, store: store, actor: actor) }
        switch input {
        case .tick, .externalChange, .loaded, .finished, .previewed, .failed:
            break  // handled above, whatever covers the screen
        case let .text(text):
            // Letters typed in the department list jump to a department; anything else, and
            // everywhere else, is a search (an ID-card reader types digits, then Enter).
            if focus == .departments, PinyinKey.query(text) != nil { return jumpToDepartment(typing: text, store: store) }
            focus = .search
            showingResults = false
            if queryChosen || queryFailed {
                // The last query is done with (it found the patient in hand, or nobody): typing replaces it.
                search = TextField(limit: search.limit)
                queryChosen = false
                queryFailed = false
            }
            if !search.insert(text) { say("输入过长，已截断", "Input too long: cut to \(search.limit) characters", .error) }
        case .erase:
            if focus == .search {
                if queryChosen { search = TextField(limit: search.limit); queryChosen = false } else { search.deleteBackward() }
                queryFailed = false
                showingResults = false
            }
        case let .action(action):
            handleDesk(action, store: store, actor: actor)
        }
    }

    private mutating func handleDesk(_ action: DeskAction, store: Store, actor: Operator) {
        departmentJump = ""
        switch action {
        case .lists:
            lowerPane = LowerPane(rawValue: (lowerPane.rawValue + 1) % LowerPane.allCases.count) ?? .dayList
            focus = .list
            do { try reloadLists(from: store) } catch { refuse(error) }
        case .book where focus == .list && lowerPane == .waitlist:
            askToWait(store: store, actor: actor)
        case .cancel where focus == .list && lowerPane == .waitlist:
            guard waitlist.indices.contains(waitIndex) else { return say("候补名单是空的", "The waitlist is empty", .error) }
            let w = waitlist[waitIndex]
            confirmation = Confirmation(title: language.pick("移出候补", "Take off the waitlist"),
                                        lines: [language.pick("候补：", "Entry: ") + "\(w.id)  \(w.patientName)  \(w.department)  \(w.firstDate)–\(w.lastDate)"],
                                        change: .removeWaitlist(w.id))
        case .select where focus == .list && lowerPane == .notify, .book where focus == .list && lowerPane == .notify,
             .cancel where focus == .list && lowerPane == .notify, .checkin where focus == .list && lowerPane == .notify:
            actOnNotification(action, store: store, actor: actor)
        case .quit: wantsQuit = true
        case .help: showingHelp = true
        case .search: focus = .search
        case .register: form = RegistrationForm()
        case .clearSearch:
            search = TextField(limit: search.limit)
            queryChosen = false
            queryFailed = false
            results = []
            showingResults = false
            patient = nil
            patientAppointments = []
            focus = .search
            message = nil
        case .nextPane: focus = DeskPane(rawValue: (focus.rawValue + 1) % DeskPane.allCases.count) ?? .search
        case .previousPane: focus = DeskPane(rawValue: (focus.rawValue + DeskPane.allCases.count - 1) % DeskPane.allCases.count) ?? .search
        case .up: move(by: -1, store: store)
        case .down: move(by: 1, store: store)
        case .left: moveSideways(by: -1, store: store)
        case .right: moveSideways(by: 1, store: store)
        case .previousWeek: changeWeek(to: max(now.date, weekStart.adding(days: -7)), store: store)
        case .nextWeek: changeWeek(to: weekStart.adding(days: 7), store: store)
        case .today:
            gridDay = 0
            changeWeek(to: now.date, store: store)
        case .select: select(store: store, actor: actor)
        case .book: askToBook(store: store, actor: actor)
        case .slip:
            guard focus == .list, lowerPane == .dayList, let a = selectedAppointment else {
                return say("请先按 Tab 到当日名单，选择预约", "Press Tab to reach the day's list and choose the appointment first", .error)
            }
            do {
                let text = SlipLayout.lines(try store.appointmentSlip(a.id, language: language), width: 48, language: language,
                                            measure: DisplayWidth.width(of:))
                slip = (language.pick("预约凭条 \(a.id)（打印：slotdesk slip \(a.id) | lp）", "Slip \(a.id) (print: slotdesk slip \(a.id) | lp)"), text)
            } catch {
                refuse(error)
            }
        case .endOfDay:
            // End of the day: every appointment past its no-show deadline, counted first.
            askToSweepNoShows(store: store, actor: actor)
        case .checkin, .cancel, .noshow:
            // Acting on an appointment needs it in view: the cursor on the day's list.
            guard focus == .list, lowerPane == .dayList, let a = selectedAppointment else {
                return say("请先按 Tab 到当日名单，选择预约", "Press Tab to reach the day's list and choose the appointment first", .error)
            }
            actOn(a, action, store: store, actor: actor)
        case .back:
            if showingResults {
                showingResults = false
            } else if focus == .search && !search.text.isEmpty {
                search = TextField(limit: search.limit)
                queryChosen = false
                say("查找框已清空", "Search box cleared")
            } else if message != nil {
                message = nil
            } else {
                focus = .search
            }
        default:
            // Actions of other screens do nothing at the desk.
            break
        }
    }

    /// The to-notify list: Enter marks the call made; F5 books the offered slot; F7 declines it.
    private mutating func actOnNotification(_ action: DeskAction, store: Store, actor: Operator) {
        guard notifications.indices.contains(notifyIndex) else { return say("没有待通知的患者", "No one to call", .error) }
        let n = notifications[notifyIndex]
        let l = language
        switch action {
        case .select:
            perform(store: store) { () throws(BookingError) in
                let done = try store.markNotified(n.id, by: actor)
                return l.pick("已通知：\(done.patientName)", "Told: \(done.patientName)")
            }
        case .checkin:
            // Rule 10: the desk telephones those on the list; their phone, never their ID, is shown.
            let why = n.kind == .stopClinic ? "to telephone: clinic stopped, \(n.appointment.slotLabel)"
                                            : "to telephone: booked from the waitlist, \(n.appointment.slotLabel)"
            do {
                let phone = try store.phoneToCall(notification: n.id, reason: why, by: actor)
                revealedPhones[n.id] = phone
                say("\(n.patientName) 电话：\(phone)（已记入审计）", "\(n.patientName)'s phone: \(phone) (recorded in the audit log)", .success)
            } catch {
                refuse(error)
            }
        default:
            guard let offer = n.offeredSlot else {
                return say("这位患者没有待确认的改约", "There is no offer to answer for this patient", .error)
            }
            let lines = [l.pick("患者：", "Patient: ") + n.patientName, l.pick("原预约：", "Was: ") + n.appointment.slotLabel,
                         l.pick("改约到：", "Offered: ") + "\(offer.label) \(offer.resourceName)"]
            confirmation = action == .book
                ? Confirmation(title: l.pick("改约到所提供时段", "Book the offered slot"), lines: lines, change: .acceptOffer(n.id))
                : Confirmation(title: l.pick("不改约，转入候补", "Decline: put on the waitlist"), lines: lines, change: .declineOffer(n.id))
        }
    }

    private mutating func actOn(_ a: AppointmentView, _ action: DeskAction, store: Store, actor: Operator) {
        let l = language
        // Refused at the first key: the same command, rolled back, says whether it would be done.
        do {
            switch action {
            case .cancel: _ = try store.cancel(appointment: a.id, by: actor, dryRun: true)
            case .noshow: _ = try store.markNoShow(appointment: a.id, by: actor, dryRun: true)
            default: break
            }
        } catch {
            return refuse(error)
        }
        switch action {
        case .checkin:
            perform(store: store) { () throws(BookingError) in
                let done = try store.checkIn(appointment: a.id, by: actor)
                return l.pick("已签到：\(done.patientName) \(done.slotLabel)", "Checked in: \(done.patientName) \(done.slotLabel)")
            }
        case .cancel:
            confirmation = Confirmation(title: l.pick("取消预约", "Cancel appointment"),
                                        lines: describe(a) + [l.pick("号源将退回号池。", "The seat goes back to the pool.")], change: .cancel(a.id))
        default:
            confirmation = Confirmation(title: l.pick("记为爽约", "Mark as no-show"),
                                        lines: describe(a) + [l.pick("90天内爽约3次将标记该患者。", "Three no-shows in 90 days flag the patient.")], change: .noShow(a.id))
        }
    }

    private mutating func move(by step: Int, store: Store) {
        if focus == .search && showingResults {
            resultIndex = min(max(0, resultIndex + step), max(0, results.count - 1))
            return
        }
        do {
            switch focus {
            case .search, .departments:
                guard !departments.isEmpty else { return }
                focus = .departments
                departmentIndex = min(max(0, departmentIndex + step), departments.count - 1)
                resourceIndex = 0
                try reloadResources(from: store)
            case .resources:
                guard !resources.isEmpty else { return }
                resourceIndex = min(max(0, resourceIndex + step), resources.count - 1)
                try reloadWeek(from: store)
            case .grid:
                let hours = gridHours
                if let i = hours.firstIndex(of: gridHour) { gridHour = hours[min(max(0, i + step), hours.count - 1)] }
            case .list:
                switch lowerPane {
                case .dayList: listIndex = min(max(0, listIndex + step), max(0, dayList.count - 1))
                case .waitlist: waitIndex = min(max(0, waitIndex + step), max(0, waitlist.count - 1))
                case .notify: notifyIndex = min(max(0, notifyIndex + step), max(0, notifications.count - 1))
                }
            }
        } catch {
            refuse(error)
        }
    }

    private mutating func moveSideways(by step: Int, store: Store) {
        guard focus == .grid else {
            focus = DeskPane(rawValue: min(max(0, focus.rawValue + step), DeskPane.allCases.count - 1)) ?? focus
            return
        }
        let day = gridDay + step
        if day < 0 {
            guard weekStart > now.date else { return }
            gridDay = 6
            changeWeek(to: max(now.date, weekStart.adding(days: -7)), store: store)
        } else if day > 6 {
            gridDay = 0
            changeWeek(to: weekStart.adding(days: 7), store: store)
        } else {
            gridDay = day
            do { try reloadDay(from: store) } catch { refuse(error) }
        }
    }

    private mutating func changeWeek(to start: LocalDate, store: Store) {
        weekStart = start
        do { try reloadWeek(from: store) } catch { refuse(error) }
    }

    private mutating func select(store: Store, actor: Operator) {
        switch focus {
        case .search:
            if showingResults, results.indices.contains(resultIndex) {
                choose(results[resultIndex], store: store)
                return
            }
            runSearch(store: store)
        case .departments: focus = .resources
        case .resources: focus = .grid
        case .grid: askToBook(store: store, actor: actor)
        case .list: break
        }
    }

    private mutating func runSearch(store: Store) {
        let query = search.text.trimmingWhitespace()
        guard !query.isEmpty else { return say("请输入姓名、拼音首字母、身份证号、电话或卡号", "Type a name, pinyin initials, ID number, phone or card number", .error) }
        do {
            results = try store.findPatients(query)
        } catch {
            return refuse(error)
        }
        resultIndex = 0
        switch results.count {
        case 0:
            // Nobody found: the patient in hand is not the one asked for, so F5 cannot book them.
            let had = patient != nil
            patient = nil
            patientAppointments = []
            queryFailed = true
            // An ID-card reader types 18 characters and Enter: an unknown number opens registration.
            if query.count == 18, query.dropLast().allSatisfy(\.isNumber) {
                form = RegistrationForm(identityNumber: query)
                say("未登记的身份证号，请登记新患者", "This identity number is not registered: register the patient", .info)
            } else if had {
                say("没有找到「\(query)」，已清除原选定患者", "No patient found for \"\(query)\": no patient is chosen now", .error)
            } else {
                say("没有找到「\(query)」", "No patient found for \"\(query)\"", .error)
            }
        case 1:
            choose(results[0], store: store)
        default:
            // Not yet the patient asked for: F5 must not book the one in hand before a choice.
            patient = nil
            patientAppointments = []
            showingResults = true
            say("找到 \(results.count) 名患者，上下键选择，Enter 确定", "\(results.count) patients found: choose with Up/Down and Enter")
        }
    }

    private mutating func choose(_ p: PatientView, store: Store) {
        patient = p
        queryChosen = true
        showingResults = false
        focus = resource == nil ? .departments : .grid
        do { try reloadPatientAppointments(from: store) } catch { refuse(error) }
        say("已选患者：\(p.name)", "Patient: \(p.name)", .success)
    }

    /// Letters typed in the department list: the first department whose code or pinyin initials
    /// begin with them (`card`, `xnk` for 心内科).
    private mutating func jumpToDepartment(typing text: String, store: Store) {
        let typed = departmentJump + text.lowercased()
        func matches(_ d: DepartmentView, _ prefix: String) -> Bool {
            d.code.lowercased().hasPrefix(prefix) || PinyinKey(name: d.name).initials.hasPrefix(prefix)
                || d.nameEn.lowercased().hasPrefix(prefix)
        }
        // A letter that matches nothing after the others starts over from that letter.
        let prefix = departments.contains { matches($0, typed) } ? typed : text.lowercased()
        guard let i = departments.firstIndex(where: { matches($0, prefix) }) else {
            departmentJump = ""
            return say("没有以「\(prefix)」开头的科室", "No department starts with \"\(prefix)\"", .error)
        }
        departmentJump = prefix
        if i != departmentIndex {
            departmentIndex = i
            resourceIndex = 0
            do { try reloadResources(from: store) } catch { refuse(error) }
        }
        let d = departments[i]
        say("科室：\(d.displayName(language))（\(prefix)）", "Department: \(d.displayName(language)) (\(prefix))")
    }

    func describe(_ a: AppointmentView) -> [String] {
        let l = language
        return [l.pick("预约号：", "Appointment: ") + "\(a.id)", l.pick("患者：", "Patient: ") + a.patientName,
                l.pick("时段：", "Slot: ") + "\(a.slotLabel) \(a.resourceName)", l.pick("状态：", "Status: ") + a.status.label(l)]
    }

    mutating func performConfirmed(_ pending: Confirmation, store: Store, actor: Operator) {
        let l = language
        perform(store: store) { () throws(BookingError) in try pending.change.perform(store: store, actor: actor, reason: pending.reason?.text, language: l) }
    }

    private mutating func handleForm(_ input: DeskInput, store: Store, actor: Operator) {
        guard var f = form else { return }
        switch input {
        case let .text(text):
            if !f.type(text) { say("输入过长，已截断", "Input too long: cut", .error) }
        case .erase:
            f.deleteBackward()
        case .action(.nextField): f.move(by: 1)
        case .action(.previousField): f.move(by: -1)
        case .action(.left) where f.field == .documentType: f.cycleDocumentType(by: -1)
        case .action(.right) where f.field == .documentType: f.cycleDocumentType(by: 1)
        case .action(.back):
            guard f.escapeDiscards() else { form = f; return say("表单已填写：再按 Esc 放弃", "The form has something typed: Esc again discards it") }
            form = nil
            say("已放弃登记", "Registration discarded")
            return
        case .action(.save):
            do {
                if let id = f.existing {
                    // The identity number is registered already: choose that patient instead.
                    let p = try store.patient(.id(id))
                    form = nil
                    search = TextField(p.name, limit: search.limit)
                    results = [p]
                    choose(p, store: store)
                    return say("已选定已登记的患者：\(p.name)（患者号 \(p.id)）", "Chose the registered patient: \(p.name) (patient \(p.id))", .success)
                }
                let p = try store.registerPatient(f.input, by: actor)
                form = nil
                search = TextField(p.name, limit: search.limit)
                results = [p]
                choose(p, store: store)
                say("已登记：\(p.name)（患者号 \(p.id)）", "Registered: \(p.name) (patient \(p.id))", .success)
            } catch {
                if case let .duplicatePatient(existing) = error { f.existing = existing; form = f }
                refuse(error)
            }
            return
        case .action(.quit): wantsQuit = true
        case .action(.help): showingHelp = true
        case let .tick(now): self.now = now
        default: break
        }
        form = f
    }

    /// Runs one store command; on success reloads what the screen shows and says what was done.
    private mutating func perform(store: Store, _ command: () throws(BookingError) -> String) {
        do {
            let text = try command()
            reload(from: store)
            message = DeskMessage(text: text, kind: .success)
        } catch {
            reload(from: store)
            refuse(error)
        }
    }
}

extension DeskState: CoverableScreen {}
