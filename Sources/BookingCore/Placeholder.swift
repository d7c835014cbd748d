// BookingCore
