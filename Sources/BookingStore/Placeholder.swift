// BookingStore
