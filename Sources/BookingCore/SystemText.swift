import Foundation

/// Another program's own words (the TOML parser's, SQLite's, the C library's) inside a Chinese
/// message: kept as they are, in Chinese quotation marks, so the operator can pass them on to IT
/// while the sentence around them is in their language.
func quotedDetail(_ text: String) -> String { "“\(text)”" }

/// A system call's `errno`: the C library's own text in English; in Chinese the common reasons a
/// file cannot be created, opened or written, and the rest by number with the library's words.
func systemError(_ code: Int32, _ lang: Language) -> String {
    let own = String(cString: strerror(code))
    guard lang == .zh else { return own }
    switch code {
    case EACCES, EPERM: return "没有权限"
    case ENOENT: return "文件夹不存在"
    case ENOSPC: return "磁盘已满"
    case EDQUOT: return "超出磁盘配额"
    case EFBIG: return "文件超过系统允许的大小"
    case EROFS: return "只读文件系统"
    case EISDIR: return "是文件夹"
    case ENOTDIR: return "路径中有一段不是文件夹"
    case EEXIST: return "已存在"
    case ELOOP: return "是符号链接"
    case EIO: return "磁盘读写出错"
    case EXDEV: return "不在同一文件系统上"
    case ENAMETOOLONG: return "路径过长"
    case EMFILE, ENFILE: return "打开的文件过多"
    case EILSEQ: return "有无法转换的字符"
    case EINVAL: return "参数无效"
    default: return "系统错误 \(code)（\(quotedDetail(own))）"
    }
}
