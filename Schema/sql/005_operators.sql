-- Rule 13: the people who sign in to SlotDesk, their roles, and the clinics a coordinator is
-- bound to. A password is stored only as a salted slow hash (PBKDF2-SHA256, at least 210,000
-- rounds, self-describing: pbkdf2-sha256$ROUNDS$SALT$HASH, base64); never in plain text.

CREATE TABLE operator (
    id              INTEGER PRIMARY KEY,
    username        TEXT NOT NULL UNIQUE CHECK (length(username) BETWEEN 2 AND 32
                                                AND username GLOB '[a-z]*' AND username NOT GLOB '*[^a-z0-9._-]*'),
    display_name    TEXT NOT NULL CHECK (length(display_name) BETWEEN 1 AND 64),
    password_hash   TEXT NOT NULL CHECK (password_hash GLOB 'pbkdf2-sha256$[0-9]*$?*$?*' AND length(password_hash) BETWEEN 40 AND 200),
    -- an initial or reset password must be changed at the next sign-in
    must_change     INTEGER NOT NULL DEFAULT 1 CHECK (must_change IN (0, 1)),
    -- wrong passwords in a row; the fifth locks the operator until locked_until (hospital time)
    failed_count    INTEGER NOT NULL DEFAULT 0 CHECK (failed_count BETWEEN 0 AND 100),
    locked_until    TEXT CHECK (locked_until IS NULL OR locked_until GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]'),
    disabled        INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);

CREATE TABLE operator_role (
    operator_id     INTEGER NOT NULL REFERENCES operator(id) ON DELETE CASCADE,
    role            TEXT NOT NULL CHECK (role IN ('desk', 'coordinator', 'night', 'admin')),
    PRIMARY KEY (operator_id, role)
) WITHOUT ROWID;

-- A coordinator bound to clinics books alliance seats for those clinics only.
CREATE TABLE operator_clinic (
    operator_id     INTEGER NOT NULL REFERENCES operator(id) ON DELETE CASCADE,
    clinic_id       INTEGER NOT NULL REFERENCES alliance_clinic(id),
    PRIMARY KEY (operator_id, clinic_id)
) WITHOUT ROWID;

-- Only a coordinator is bound to clinics.
CREATE TRIGGER operator_clinic_coordinator BEFORE INSERT ON operator_clinic
WHEN NOT EXISTS (SELECT 1 FROM operator_role WHERE operator_id = NEW.operator_id AND role = 'coordinator')
BEGIN
    SELECT RAISE(ABORT, 'only a coordinator is bound to alliance clinics');
END;

-- Operators are disabled, never deleted: the audit log names them.
CREATE TRIGGER operator_kept BEFORE DELETE ON operator
BEGIN
    SELECT RAISE(ABORT, 'operators are never deleted; disable instead');
END;

-- The audit view filters by operator and by entity.
CREATE INDEX audit_operator ON audit(operator, at);
CREATE INDEX audit_entity ON audit(entity, entity_id);
