import BookingCore
import BookingStore
import DeskUI
import Foundation
import Terminal
import Testing

/// Rule 15: a training database says so on every screen; a production one never does.
@Suite("The training mark on the title bar")
struct TrainingMarkTests {
    @Test("every screen of a training database says 培训 in its title bar, a production database's never")
    func titleBar() throws {
        let desk = try DeskFixture()
        #expect(desk.store.isTraining)
        for key in [Key.function(4), .function(11), .function(12)] {
            desk.press(.escape, .escape)
            desk.press(key)
            #expect(desk.lines[0].hasPrefix(" 【培训】示范人民医院"), "\(desk.lines[0])")
        }

        let folder = TemporaryFolder()
        let production = try Store.create(path: folder.path + "/hospital.db")
        _ = try production.applySetup(DemoHospital.setup(), by: tester)
        for language in [Language.zh, .en] {
            let terminal = MemoryTerminal(width: 120, height: 36)
            let app = DeskApp(backend: terminal, store: production, keymap: KeymapFiles.defaults().0, actor: clerk, language: language)
            app.draw()
            #expect(!terminal.lastLines[0].contains("培训") && !terminal.lastLines[0].contains("TRAINING"), "\(terminal.lastLines[0])")
        }
        let english = MemoryTerminal(width: 120, height: 36)
        let app = DeskApp(backend: english, store: desk.store, keymap: KeymapFiles.defaults().0, actor: clerk, language: .en)
        app.draw()
        #expect(english.lastLines[0].hasPrefix(" [TRAINING] "))
    }
}
