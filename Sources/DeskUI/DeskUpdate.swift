import BookingCore
import BookingStore
import Terminal

extension DeskState {
    /// Applies one input and says what the app should run for it. Every change goes through a
    /// store command, which decides the rules; a refusal lands on the message line in the
    /// operator's language and changes nothing.
    public mutating func handle(_ input: DeskInput, actor: Operator) -> [DeskEffect] {
        if let covered = handleCover(input) { return covered }
        switch input {
        case let .tick(now): self.now = now; return []
        case .externalChange: return reload()
        case let .loaded(answer): return loaded(answer)
        case let .previewed(command, outcome): return previewed(command, outcome)
        case let .finished(outcome): return finished(outcome)
        case let .failed(effect, error): return failed(effect, error)
        case .action, .text, .erase: break
        }
        if slip != nil {
            // The slip closes as help does.
            if case .action = input { slip = nil }
            return []
        }
        if form != nil { return handleForm(input) }
        switch input {
        case let .text(text):
            // Letters typed in the department list jump to a department; anything else, and
            // everywhere else, is a search (an ID-card reader types digits, then Enter).
            if focus == .departments, PinyinKey.query(text) != nil { return jumpToDepartment(typing: text) }
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
            return handleDesk(action)
        default:
            break
        }
        return []
    }

    private mutating func handleDesk(_ action: DeskAction) -> [DeskEffect] {
        departmentJump = ""
        switch action {
        case .lists:
            lowerPane = LowerPane(rawValue: (lowerPane.rawValue + 1) % LowerPane.allCases.count) ?? .dayList
            focus = .list
            return reloadLists()
        case .book where focus == .list && lowerPane == .waitlist:
            return askToWait()
        case .cancel where focus == .list && lowerPane == .waitlist:
            guard waitlist.indices.contains(waitIndex) else { say("候补名单是空的", "The waitlist is empty", .error); return [] }
            let w = waitlist[waitIndex]
            confirmation = Confirmation(title: language.pick("移出候补", "Take off the waitlist"),
                                        lines: [language.pick("候补：", "Entry: ") + "\(w.id)  \(w.patientName)  \(w.department)  \(w.firstDate)–\(w.lastDate)"],
                                        change: .removeWaitlist(w.id))
        case .select where focus == .list && lowerPane == .notify, .book where focus == .list && lowerPane == .notify,
             .cancel where focus == .list && lowerPane == .notify, .checkin where focus == .list && lowerPane == .notify:
            return actOnNotification(action)
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
        case .up: return move(by: -1)
        case .down: return move(by: 1)
        case .left: return moveSideways(by: -1)
        case .right: return moveSideways(by: 1)
        case .previousWeek: return changeWeek(to: max(now.date, weekStart.adding(days: -7)))
        case .nextWeek: return changeWeek(to: weekStart.adding(days: 7))
        case .today:
            gridDay = 0
            return changeWeek(to: now.date)
        case .select: return select()
        case .book: return askToBook()
        case .slip:
            guard focus == .list, lowerPane == .dayList, let a = selectedAppointment else {
                say("请先按 Tab 到当日名单，选择预约", "Press Tab to reach the day's list and choose the appointment first", .error)
                return []
            }
            return [.read(.appointmentSlip(a.id, language))]
        case .endOfDay:
            // End of the day: every appointment past its no-show deadline, counted first.
            return [.preview(.sweepNoShows)]
        case .checkin, .cancel, .noshow:
            // Acting on an appointment needs it in view: the cursor on the day's list.
            guard focus == .list, lowerPane == .dayList, let a = selectedAppointment else {
                say("请先按 Tab 到当日名单，选择预约", "Press Tab to reach the day's list and choose the appointment first", .error)
                return []
            }
            // Cancel and no-show are refused at the first key: the same command, rolled back,
            // says whether it would be done. Check-in is done at once.
            switch action {
            case .cancel: return [.preview(.cancel(a.id))]
            case .noshow: return [.preview(.markNoShow(a.id))]
            default: return [.run(.checkIn(a.id))]
            }
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
        return []
    }

    /// The to-notify list: Enter marks the call made; F6 shows the phone; F5 books the offered
    /// slot; F7 declines it.
    private mutating func actOnNotification(_ action: DeskAction) -> [DeskEffect] {
        guard notifications.indices.contains(notifyIndex) else { say("没有待通知的患者", "No one to call", .error); return [] }
        let n = notifications[notifyIndex]
        let l = language
        switch action {
        case .select:
            return [.run(.markNotified(n.id))]
        case .checkin:
            // Rule 10: the desk telephones those on the list; their phone, never their ID, is shown.
            let why = n.kind == .stopClinic ? "to telephone: clinic stopped, \(n.appointment.slotLabel)"
                                            : "to telephone: booked from the waitlist, \(n.appointment.slotLabel)"
            return [.run(.revealPhone(notification: n.id, reason: why))]
        default:
            guard let offer = n.offeredSlot else {
                say("这位患者没有待确认的改约", "There is no offer to answer for this patient", .error)
                return []
            }
            let lines = [l.pick("患者：", "Patient: ") + n.patientName, l.pick("原预约：", "Was: ") + n.appointment.slotLabel,
                         l.pick("改约到：", "Offered: ") + "\(offer.label) \(offer.resourceName)"]
            confirmation = action == .book
                ? Confirmation(title: l.pick("改约到所提供时段", "Book the offered slot"), lines: lines, change: .acceptOffer(n.id))
                : Confirmation(title: l.pick("不改约，转入候补", "Decline: put on the waitlist"), lines: lines, change: .declineOffer(n.id))
        }
        return []
    }

    private mutating func move(by step: Int) -> [DeskEffect] {
        if focus == .search && showingResults {
            resultIndex = min(max(0, resultIndex + step), max(0, results.count - 1))
            return []
        }
        switch focus {
        case .search, .departments:
            guard !departments.isEmpty else { return [] }
            focus = .departments
            departmentIndex = min(max(0, departmentIndex + step), departments.count - 1)
            resourceIndex = 0
            return reloadResources()
        case .resources:
            guard !resources.isEmpty else { return [] }
            resourceIndex = min(max(0, resourceIndex + step), resources.count - 1)
            return reloadWeek()
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
        return []
    }

    private mutating func moveSideways(by step: Int) -> [DeskEffect] {
        guard focus == .grid else {
            focus = DeskPane(rawValue: min(max(0, focus.rawValue + step), DeskPane.allCases.count - 1)) ?? focus
            return []
        }
        let day = gridDay + step
        if day < 0 {
            guard weekStart > now.date else { return [] }
            gridDay = 6
            return changeWeek(to: max(now.date, weekStart.adding(days: -7)))
        } else if day > 6 {
            gridDay = 0
            return changeWeek(to: weekStart.adding(days: 7))
        } else {
            gridDay = day
            return reloadDay()
        }
    }

    private mutating func changeWeek(to start: LocalDate) -> [DeskEffect] {
        weekStart = start
        return reloadWeek()
    }

    private mutating func select() -> [DeskEffect] {
        switch focus {
        case .search:
            if showingResults, results.indices.contains(resultIndex) { return choose(results[resultIndex]) }
            return runSearch()
        case .departments: focus = .resources
        case .resources: focus = .grid
        case .grid: return askToBook()
        case .list: break
        }
        return []
    }

    private mutating func runSearch() -> [DeskEffect] {
        let query = search.text.trimmingWhitespace()
        guard !query.isEmpty else {
            say("请输入姓名、拼音首字母、身份证号、电话或卡号", "Type a name, pinyin initials, ID number, phone or card number", .error)
            return []
        }
        return [.read(.findPatients(query))]
    }

    /// The patients the query found: one is chosen at once, several are listed, none says so.
    mutating func found(_ query: String, _ patients: [PatientView]) -> [DeskEffect] {
        results = patients
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
            return choose(results[0])
        default:
            // Not yet the patient asked for: F5 must not book the one in hand before a choice.
            patient = nil
            patientAppointments = []
            showingResults = true
            say("找到 \(results.count) 名患者，上下键选择，Enter 确定", "\(results.count) patients found: choose with Up/Down and Enter")
        }
        return []
    }

    private mutating func choose(_ p: PatientView) -> [DeskEffect] {
        patient = p
        queryChosen = true
        showingResults = false
        focus = resource == nil ? .departments : .grid
        say("已选患者：\(p.name)", "Patient: \(p.name)", .success)
        return reloadPatientAppointments()
    }

    /// Letters typed in the department list: the first department whose code or pinyin initials
    /// begin with them (`card`, `xnk` for 心内科).
    private mutating func jumpToDepartment(typing text: String) -> [DeskEffect] {
        let typed = departmentJump + text.lowercased()
        func matches(_ d: DepartmentView, _ prefix: String) -> Bool {
            d.code.lowercased().hasPrefix(prefix) || PinyinKey(name: d.name).initials.hasPrefix(prefix)
                || d.nameEn.lowercased().hasPrefix(prefix)
        }
        // A letter that matches nothing after the others starts over from that letter.
        let prefix = departments.contains { matches($0, typed) } ? typed : text.lowercased()
        guard let i = departments.firstIndex(where: { matches($0, prefix) }) else {
            departmentJump = ""
            say("没有以「\(prefix)」开头的科室", "No department starts with \"\(prefix)\"", .error)
            return []
        }
        departmentJump = prefix
        let d = departments[i]
        say("科室：\(d.displayName(language))（\(prefix)）", "Department: \(d.displayName(language)) (\(prefix))")
        guard i != departmentIndex else { return [] }
        departmentIndex = i
        resourceIndex = 0
        return reloadResources()
    }

    func describe(_ a: AppointmentView) -> [String] {
        let l = language
        return [l.pick("预约号：", "Appointment: ") + "\(a.id)", l.pick("患者：", "Patient: ") + a.patientName,
                l.pick("时段：", "Slot: ") + "\(a.slotLabel) \(a.resourceName)", l.pick("状态：", "Status: ") + a.status.label(l)]
    }

    private mutating func handleForm(_ input: DeskInput) -> [DeskEffect] {
        guard var f = form else { return [] }
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
            guard f.escapeDiscards() else {
                form = f
                say("表单已填写：再按 Esc 放弃", "The form has something typed: Esc again discards it")
                return []
            }
            form = nil
            say("已放弃登记", "Registration discarded")
            return []
        case .action(.save):
            // The identity number is registered already: choose that patient instead.
            if let id = f.existing { return [.read(.patient(id))] }
            return [.run(.registerPatient(f.input))]
        case .action(.quit): wantsQuit = true
        case .action(.help): showingHelp = true
        default: break
        }
        form = f
        return []
    }

    /// The patient the form ends with, registered now or before: in hand, their name in the search box.
    mutating func chooseFromForm(_ p: PatientView) -> [DeskEffect] {
        form = nil
        search = TextField(p.name, limit: search.limit)
        results = [p]
        return choose(p)
    }
}

extension DeskState: CoveredScreen {}
