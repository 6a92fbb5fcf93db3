-- Notifications in the app are read from the audit log (who is told of
-- which action is the core's rule); this keeps, per user, when they last
-- looked, so the desk can say how many are new.
CREATE TABLE notification_marks (
    user_id TEXT PRIMARY KEY REFERENCES users (id),
    seen_at TEXT NOT NULL
);
-- The newest events first, for the notification list.
CREATE INDEX audit_events_by_at ON audit_events (at);
