// DeskUI
