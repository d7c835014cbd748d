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
    case quotaBoard = "quota-board"
    case addOn = "add-on"

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
        case .quotaBoard: return lang.pick("配额", "Quota")
        case .addOn: return lang.pick("加号", "Add-on")
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
        case .switchScreen: return lang.pick("在挂号窗口与转诊办之间切换", "switch between the front desk and the referral office")
        case .filterClinic: return lang.pick("按医联体机构筛选（循环）", "filter by alliance clinic (cycles)")
        case .filterDepartment: return lang.pick("按科室筛选（循环）", "filter by department (cycles)")
        case .quotaBoard: return lang.pick("显示/隐藏14天预留号源看板", "show or hide the 14-day reserved quota board")
        case .addOn: return lang.pick("绿色通道转诊加号到已满时段（规则9）", "add a green-channel referral to a full slot (rule 9)")
        }
    }
}

/// The screens (keymap scopes) a binding can belong to; `global` applies everywhere.
public enum KeyScope: String, CaseIterable, Sendable {
    case global, desk, coordinator, register, confirm, help
}
