-- Indexes the benchmark (slotdesk-bench) found missing.

-- Finding a patient by identity or other document number, whatever its type: the desk's search
-- (`zs`, an ID-card reader's 18 characters) and `--patient NUMBER`. The unique index on
-- (document_type, document_number) cannot serve it, and 200,000 patients were read each time.
CREATE INDEX patient_document_number ON patient(document_number);
