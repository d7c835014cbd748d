import BookingCore

/// Every action a key can be bound to. The names are the keymap's vocabulary; help screens,
/// the function-key bar and tests use the same names.
public enum DeskAction: String, CaseIterable, Sendable {
    case help, quit, redraw
    case search, register, book, checkin, cancel, noshow
    case nextPane = "next-pane", previousPane = "previous-pane"
    case up, down, left, right
    case previousWeek = "previous-week", nextWeek = "next-week", today
    case select, back, save, confirm
    case nextField = "next-field", previousField = "previous-field"
    case clearSearch = "clear-search"
    case switchScreen = "switch-screen"
    case filterClinic = "filter-clinic", filterDepartment = "filter-department"
    /// The audit log's filter: by the kind of action recorded.
    case filterAction = "filter-action"
    case quotaBoard = "quota-board"
    case addOn = "add-on"
    /// The desk's lower pane: the day's list, the waitlist, the to-notify list.
    case lists
    // The call queue a clinic nurse leaves open.
    case callNext = "call-next", recall, skip, finish
    case followUps = "follow-ups"
    /// The utilisation picture (heat map and department bars), from any screen.
    case utilisation
    // The day-surgery night review (rule 11).
    case confirmCase = "confirm-case", postpone, backfill, plan, schedule
    case moveUp = "move-up", moveDown = "move-down"
    case previousDay = "previous-day", nextDay = "next-day"
    case tickAssessment = "tick-assessment", tickLabs = "tick-labs", tickConsent = "tick-consent"
    case tickAnaesthesia = "tick-anaesthesia", tickFasting = "tick-fasting", tickEscort = "tick-escort"
    /// Scrolls a long text (the help) by a page.
    case previousPage = "previous-page", nextPage = "next-page"

    /// Short label for the function-key bar.
    public func label(_ lang: Language) -> String {
        switch self {
        case .help: return lang.pick("帮助", "Help")
        case .quit: return lang.pick("退出", "Quit")
        case .redraw: return lang.pick("重绘", "Redraw")
        case .search: return lang.pick("查找", "Find")
        case .register: return lang.pick("登记", "Register")
        case .book: return lang.pick("预约", "Book")
        case .checkin: return lang.pick("签到", "Check in")
        case .cancel: return lang.pick("取消", "Cancel")
        case .noshow: return lang.pick("爽约", "No-show")
        case .nextPane: return lang.pick("下一栏", "Next pane")
        case .previousPane: return lang.pick("上一栏", "Prev pane")
        case .up: return lang.pick("上", "Up")
        case .down: return lang.pick("下", "Down")
        case .left: return lang.pick("左", "Left")
        case .right: return lang.pick("右", "Right")
        case .previousWeek: return lang.pick("上周", "Prev week")
        case .nextWeek: return lang.pick("下周", "Next week")
        case .today: return lang.pick("今天", "Today")
        case .select: return lang.pick("选定", "Select")
        case .back: return lang.pick("返回", "Back")
        case .save: return lang.pick("保存", "Save")
        case .confirm: return lang.pick("确认", "Confirm")
        case .nextField: return lang.pick("下一项", "Next field")
        case .previousField: return lang.pick("上一项", "Prev field")
        case .clearSearch: return lang.pick("清除", "Clear")
        case .switchScreen: return lang.pick("切换", "Screen")
        case .filterClinic: return lang.pick("机构", "Clinic")
        case .filterDepartment: return lang.pick("科室", "Dept")
        case .filterAction: return lang.pick("类别", "Action")
        case .quotaBoard: return lang.pick("配额", "Quota")
        case .addOn: return lang.pick("加号", "Add-on")
        case .lists: return lang.pick("名单", "Lists")
        case .callNext: return lang.pick("叫号", "Call")
        case .recall: return lang.pick("重呼", "Recall")
        case .skip: return lang.pick("过号", "Skip")
        case .finish: return lang.pick("完成", "Done")
        case .followUps: return lang.pick("随访", "Follow-ups")
        case .utilisation: return lang.pick("利用率", "Usage")
        case .confirmCase: return lang.pick("确认", "Confirm")
        case .postpone: return lang.pick("推迟", "Postpone")
        case .backfill: return lang.pick("补台", "Back-fill")
        case .plan: return lang.pick("排程", "Plan")
        case .schedule: return lang.pick("排入", "Schedule")
        case .moveUp: return lang.pick("上移", "Earlier")
        case .moveDown: return lang.pick("下移", "Later")
        case .previousDay: return lang.pick("前一天", "Prev day")
        case .nextDay: return lang.pick("后一天", "Next day")
        case .tickAssessment: return lang.pick("评估", "Assessment")
        case .tickLabs: return lang.pick("化验", "Labs")
        case .tickConsent: return lang.pick("同意", "Consent")
        case .tickAnaesthesia: return lang.pick("麻醉评估", "Anaesthesia")
        case .tickFasting: return lang.pick("禁食", "Fasting")
        case .tickEscort: return lang.pick("陪护", "Escort")
        case .previousPage: return lang.pick("上一页", "Page up")
        case .nextPage: return lang.pick("下一页", "Page down")
        }
    }

    /// The label when the bar is short of room: the same words cut to what still says them.
    public func shortLabel(_ lang: Language) -> String {
        switch self {
        case .register: return lang.pick("登记", "Reg")
        case .checkin: return lang.pick("签到", "ChkIn")
        case .noshow: return lang.pick("爽约", "NoShow")
        case .utilisation: return lang.pick("利用", "Usage")
        case .followUps: return lang.pick("随访", "Follow")
        case .filterDepartment: return lang.pick("科室", "Dept")
        case .filterClinic: return lang.pick("机构", "Clinic")
        case .confirmCase: return lang.pick("确认", "OK")
        case .postpone: return lang.pick("推迟", "Postp")
        case .backfill: return lang.pick("补台", "Fill")
        case .schedule: return lang.pick("排入", "Sched")
        case .moveUp: return lang.pick("上移", "Up")
        case .moveDown: return lang.pick("下移", "Down")
        case .previousDay: return lang.pick("前一天", "Prev")
        case .nextDay: return lang.pick("后一天", "Next")
        case .previousPage: return lang.pick("上页", "PgUp")
        case .nextPage: return lang.pick("下页", "PgDn")
        default: return label(lang)
        }
    }

    /// One line for the help screen.
    public func explanation(_ lang: Language) -> String {
        switch self {
        case .help: return lang.pick("显示本屏按键说明", "show the keys of this screen")
        case .quit: return lang.pick("退出 SlotDesk", "leave SlotDesk")
        case .redraw: return lang.pick("重画屏幕", "redraw the screen")
        case .search: return lang.pick("到查找框：姓名、拼音首字母、身份证、电话、卡号", "go to the search box: name, pinyin initials, ID, phone, card")
        case .register: return lang.pick("登记新患者", "register a new patient")
        case .book: return lang.pick("为选定患者预约光标所在时段", "book the selected patient into the slot under the cursor")
        case .checkin: return lang.pick("为所选预约签到", "check in the selected appointment")
        case .cancel: return lang.pick("取消所选预约", "cancel the selected appointment")
        case .noshow: return lang.pick("将所选预约记为爽约", "mark the selected appointment a no-show")
        case .nextPane: return lang.pick("移到下一栏", "move to the next pane")
        case .previousPane: return lang.pick("移到上一栏", "move to the previous pane")
        case .up, .down, .left, .right: return lang.pick("移动光标", "move the cursor")
        case .previousWeek: return lang.pick("号源表向前一周", "show the previous week")
        case .nextWeek: return lang.pick("号源表向后一周", "show the next week")
        case .today: return lang.pick("回到今天", "back to today")
        case .select: return lang.pick("选定光标所在项", "choose the item under the cursor")
        case .back: return lang.pick("返回/关闭", "go back or close")
        case .save: return lang.pick("保存", "save")
        case .confirm: return lang.pick("确认", "confirm")
        case .nextField: return lang.pick("下一项", "next field")
        case .previousField: return lang.pick("上一项", "previous field")
        case .clearSearch: return lang.pick("清除患者与查找", "clear the patient and the search")
        case .switchScreen: return lang.pick("下一屏：挂号、转诊办、日间手术、叫号（管理员另有审计）", "next screen: desk, referral office, day surgery, call queue (and the audit log for admins)")
        case .filterClinic: return lang.pick("按医联体机构筛选（循环）", "filter by alliance clinic (cycles)")
        case .filterDepartment: return lang.pick("按科室筛选（循环）", "filter by department (cycles)")
        case .filterAction: return lang.pick("按记录类别筛选（循环）", "filter by the kind of action recorded (cycles)")
        case .quotaBoard: return lang.pick("显示/隐藏14天预留号源看板", "show or hide the 14-day reserved quota board")
        case .addOn: return lang.pick("绿色通道转诊加号到已满时段（规则9）", "add a green-channel referral to a full slot (rule 9)")
        case .lists: return lang.pick("下方切换：当日名单、候补、待通知；候补中 F5 加入、F7 移出；待通知中 Enter 已通知、F5 改约、F7 不改约",
                                      "lower pane: day list, waitlist, to-notify; waitlist: F5 add, F7 remove; to-notify: Enter told, F5 rebook, F7 decline")
        case .callNext: return lang.pick("叫下一位候诊患者", "call the next patient waiting")
        case .recall: return lang.pick("再次呼叫当前患者", "call the current patient again")
        case .skip: return lang.pick("过号：当前患者未到，排到后两位之后", "skip: the called patient is not here; back after the next two")
        case .finish: return lang.pick("当前患者就诊完成", "the called patient has been seen")
        case .followUps: return lang.pick("在转诊收件箱与出院随访下转单之间切换（规则11）", "switch between the referral inbox and the follow-ups sent down after discharge (rule 11)")
        case .utilisation: return lang.pick("号源利用率：一周热力图（日×时）与各科室条形图；Esc 或再按一次返回",
                                            "slot utilisation: the week's heat map (days × hours) and each department's bar; Esc or again to go back")
        case .confirmCase: return lang.pick("确认所选手术：术前核查齐全才能确认（规则11）", "confirm the selected case: only with its checklist complete (rule 11)")
        case .postpone: return lang.pick("推迟所选手术（需填原因），退回队列、保留等待时间，并提出补台建议",
                                         "postpone the selected case (with a reason): back to the queue, waiting time kept; proposes a back-fill")
        case .backfill: return lang.pick("用核查齐全、时间放得下的最高优先级病例补上空出的台", "fill the gap with the highest-priority ready case that fits")
        case .plan: return lang.pick("按优先级和等待时间为未来3天提出排程建议，确认后排入", "propose the next 3 theatre days from the queue; booked on confirmation")
        case .schedule: return lang.pick("把队列中所选病例排到当天光标所在手术室的末台", "put the selected queued case last on this day's theatre under the cursor")
        case .moveUp: return lang.pick("所选手术提前一台", "move the selected case one place earlier")
        case .moveDown: return lang.pick("所选手术推后一台", "move the selected case one place later")
        case .previousDay: return lang.pick("查看前一天的手术列表", "show the day before")
        case .nextDay: return lang.pick("查看后一天的手术列表", "show the day after")
        case .tickAssessment: return lang.pick("勾选/撤销：术前评估", "tick or untick: pre-op assessment")
        case .tickLabs: return lang.pick("勾选/撤销：化验检查", "tick or untick: labs")
        case .tickConsent: return lang.pick("勾选/撤销：知情同意", "tick or untick: consent")
        case .tickAnaesthesia: return lang.pick("勾选/撤销：麻醉评估（局麻不需要）", "tick or untick: anaesthesia review (not for local)")
        case .tickFasting: return lang.pick("勾选/撤销：禁食告知", "tick or untick: fasting instructions given")
        case .tickEscort: return lang.pick("勾选/撤销：陪护或免陪照护已安排", "tick or untick: escort or escort-free care arranged")
        case .previousPage: return lang.pick("向上翻一页", "scroll up a page")
        case .nextPage: return lang.pick("向下翻一页", "scroll down a page")
        }
    }
}

/// The screens (keymap scopes) a binding can belong to; `global` applies everywhere.
public enum KeyScope: String, CaseIterable, Sendable {
    case global, desk, coordinator, surgery, register, confirm, help, queue, utilisation, login, audit
}
