import BookingCore
import Terminal

/// The new-patient form: opened empty from F3, or pre-filled when an ID-card reader typed an
/// identity number nobody has registered yet.
struct RegistrationForm: Equatable {
    enum Field: Int, CaseIterable {
        case name, documentType, number, phone, card
    }

    var name = TextField(limit: 40)
    var documentType: DocumentType = .resident
    var number = TextField(limit: 32)
    var phone = TextField(limit: 20)
    var card = TextField(limit: 32)
    var field: Field = .name
    /// The first Esc on a form with something typed only asks; a second Esc discards it.
    var discardAsked = false
    /// The patient this identity number already belongs to (rule 4, one identity, one patient):
    /// offered instead of a second record, until the number changes.
    var existing: Int64?

    init(identityNumber: String? = nil) {
        if let identityNumber { number = TextField(identityNumber, limit: 32) }
    }

    /// Birth date and sex as the resident identity number states them, shown before saving.
    func derived(today: LocalDate) -> Result<ResidentIdentity, IdentityNumberProblem>? {
        guard documentType == .resident, !number.text.isEmpty else { return nil }
        return ResidentIdentity.parse(number.text, today: today)
    }

    var input: PatientInput {
        PatientInput(name: name.text, documentType: documentType, documentNumber: number.text,
                     phone: phone.text.isEmpty ? nil : phone.text, cardNumber: card.text.isEmpty ? nil : card.text)
    }

    /// Whether anything has been typed, which Esc would throw away.
    var isFilled: Bool { !(name.text + number.text + phone.text + card.text).isEmpty }

    /// Whether Esc discards the form now: at once when it is empty, else at the second Esc.
    mutating func escapeDiscards() -> Bool {
        if !isFilled || discardAsked { return true }
        discardAsked = true
        return false
    }

    mutating func type(_ text: String) -> Bool {
        discardAsked = false
        if field == .number || field == .documentType { existing = nil }
        switch field {
        case .name: return name.insert(text)
        case .number: return number.insert(text)
        case .phone: return phone.insert(text)
        case .card: return card.insert(text)
        case .documentType:
            // Typing on the document type cycles it, like a spin box.
            cycleDocumentType(by: 1)
            return true
        }
    }

    mutating func deleteBackward() {
        discardAsked = false
        if field == .number { existing = nil }
        switch field {
        case .name: name.deleteBackward()
        case .number: number.deleteBackward()
        case .phone: phone.deleteBackward()
        case .card: card.deleteBackward()
        case .documentType: break
        }
    }

    mutating func cycleDocumentType(by step: Int) {
        existing = nil
        let all = DocumentType.allCases
        let i = all.firstIndex(of: documentType) ?? 0
        documentType = all[(i + step + all.count) % all.count]
    }

    mutating func move(by step: Int) {
        discardAsked = false
        let all = Field.allCases
        field = all[(field.rawValue + step + all.count) % all.count]
    }

    /// Draws the form in a box; returns where the text cursor belongs.
    func render(into screen: inout Screen, language l: Language, today: LocalDate, keymap: Keymap) -> (x: Int, y: Int)? {
        let width = min(72, screen.width - 4), height = 14
        let area = Rect(x: (screen.width - width) / 2, y: max(1, (screen.height - height) / 2), width: width, height: height)
        let inner = screen.box(area, title: l.pick("登记新患者", "Register a patient"))
        guard !inner.isEmpty else { return nil }
        let labelWidth = l == .zh ? 12 : 16
        var cursor: (x: Int, y: Int)?
        let rows: [(Field, String, String)] = [
            (.name, l.pick("姓名", "Name"), name.text),
            (.documentType, l.pick("证件类型", "Document"), "< " + documentType.label(l) + " >"),
            (.number, l.pick("证件号码", "Number"), number.text),
            (.phone, l.pick("电话", "Phone"), phone.text),
            (.card, l.pick("就诊卡号", "Card"), card.text),
        ]
        for (i, row) in rows.enumerated() {
            let y = inner.y + i * 2
            let marker = row.0 == field ? "> " : "  "
            screen.put(marker + row.1, x: inner.x, y: y, style: row.0 == field ? Palette.heading : .plain)
            let fieldWidth = inner.width - labelWidth - 2
            let text = fieldTail(row.2, width: fieldWidth)
            screen.put(DisplayWidth.pad(text, toWidth: fieldWidth), x: inner.x + labelWidth, y: y, style: Palette.field)
            if row.0 == field && row.0 != .documentType {
                cursor = (inner.x + labelWidth + min(DisplayWidth.width(of: text), fieldWidth - 1), y)
            }
        }
        let info: String
        switch derived(today: today) {
        case let .success(identity)?:
            info = l.pick("出生日期 \(identity.birthDate)  性别 \(identity.sex.label(l))  年龄 \(identity.age(on: today))",
                          "born \(identity.birthDate), \(identity.sex.label(l)), age \(identity.age(on: today))")
        case let .failure(problem)?:
            info = l.pick("身份证号：", "Identity number: ") + problem.message(l)
        case nil:
            info = documentType == .resident ? l.pick("输入或刷身份证号，自动读出出生日期与性别", "Type or swipe the identity number; birth date and sex follow from it") : ""
        }
        let save = keymap.hint(for: .save, in: .register, fallback: "F5")
        let back = keymap.hint(for: .back, in: .register, fallback: "Esc")
        if discardAsked {
            screen.put(DisplayWidth.truncate(l.pick("再按 \(back) 放弃已填写的内容；\(save) 保存", "\(back) again throws away what is typed; \(save) saves"),
                                             toWidth: inner.width), x: inner.x, y: inner.y + 10, style: Palette.error)
        } else {
            screen.put(DisplayWidth.truncate(info, toWidth: inner.width), x: inner.x, y: inner.y + 10, style: Palette.dimmed)
        }
        let keys = existing.map { id in
            l.pick("\(save) 选定已登记的患者（患者号 \(id)）   \(back) 放弃", "\(save) choose the registered patient (patient \(id))   \(back) discard")
        } ?? l.pick("\(save) 保存   \(back) 放弃   Tab/Enter 下一项   证件类型处按左右键切换",
                    "\(save) save   \(back) discard   Tab/Enter next field   Left/Right change the document type")
        screen.put(DisplayWidth.truncate(keys, toWidth: inner.width), x: inner.x, y: inner.y + 11, style: existing == nil ? .plain : Palette.few)
        return cursor
    }
}
