// If SlotDesk crashes (a Swift trap is SIGILL or SIGTRAP, a bad pointer SIGSEGV) while ncurses
// owns the terminal, the receptionist would be left with no echo, no line editing and the
// alternate screen, and would have to know to type `reset`. This gives the terminal back first.
//
// A signal handler may only make async-signal-safe calls, so everything it needs (the terminal
// modes from before ncurses, the bytes that leave the alternate screen) is prepared in install()
// into memory allocated once, and the handler only calls tcsetattr, write and sigaction.
// It then puts back the previous handler and returns: the faulting instruction runs again and
// crashes exactly as it would have, with the Swift runtime's backtrace on a usable terminal.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CNCursesW
import Synchronization

enum CrashRestore {
    private static let fatalSignals: [Int32] = [SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP, SIGABRT]
    private static let resetCapacity = 256

    // Written only by install(), before `armed` is set; read only by the handler after.
    nonisolated(unsafe) private static let savedModes = UnsafeMutablePointer<termios>.allocate(capacity: 1)
    nonisolated(unsafe) private static let previousActions = UnsafeMutablePointer<sigaction>.allocate(capacity: 65)
    nonisolated(unsafe) private static let resetBytes = UnsafeMutablePointer<UInt8>.allocate(capacity: resetCapacity)
    private static let resetLength = Atomic<Int>(0)
    private static let haveModes = Atomic<Bool>(false)
    private static let installed = Atomic<Bool>(false)
    private static let armed = Atomic<Bool>(false)

    /// Remembers the terminal modes as they are now, before ncurses changes them.
    static func saveModes() {
        guard !haveModes.load(ordering: .acquiring) else { return }
        if tcgetattr(STDIN_FILENO, savedModes) == 0 { haveModes.store(true, ordering: .releasing) }
    }

    /// Prepares the reset bytes from terminfo (call after newterm) and installs the handlers.
    static func arm() {
        prepareResetBytes()
        if installed.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged {
            for signalNumber in fatalSignals {
                var action = sigaction()
                action.__sigaction_handler.sa_handler = { signalNumber in CrashRestore.handle(signalNumber) }
                sigemptyset(&action.sa_mask)
                action.sa_flags = 0
                _ = sigaction(signalNumber, &action, previousActions + Int(signalNumber))
            }
        }
        armed.store(true, ordering: .releasing)
    }

    /// After endwin the terminal is fine again; a later crash needs no repair.
    static func disarm() {
        armed.store(false, ordering: .releasing)
    }

    private static func handle(_ signalNumber: Int32) {
        if armed.exchange(false, ordering: .acquiringAndReleasing) {
            if haveModes.load(ordering: .acquiring) { _ = tcsetattr(STDIN_FILENO, TCSANOW, savedModes) }
            let length = resetLength.load(ordering: .acquiring)
            if length > 0 { _ = write(STDOUT_FILENO, resetBytes, length) }
        }
        _ = sigaction(signalNumber, previousActions + Int(signalNumber), nil)
    }

    /// Leave the alternate screen, show the cursor, plain attributes, start a fresh line.
    private static func prepareResetBytes() {
        var bytes: [UInt8] = []
        for capability in ["sgr0", "cnorm", "rmcup"] {
            guard let value = tigetstr(capability), Int(bitPattern: value) != -1 else { continue }
            var pointer = value
            while pointer.pointee != 0 {
                bytes.append(UInt8(bitPattern: pointer.pointee))
                pointer += 1
            }
        }
        bytes += [13, 10]
        let length = min(bytes.count, resetCapacity)
        for index in 0..<length { resetBytes[index] = bytes[index] }
        resetLength.store(length, ordering: .releasing)
    }
}
