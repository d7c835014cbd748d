print("slotdesk")
