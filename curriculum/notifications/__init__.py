"""Notifications: events for one person, shown in the app, emailed at once or in a daily digest."""
