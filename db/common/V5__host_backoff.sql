-- rankkeeper schema, version 5: per-host backoff that outlives a run and a restart, and that the
-- status command can show while the daemon runs.

CREATE TABLE host_backoff (
    host       VARCHAR(300) NOT NULL,
    until_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT host_backoff_pk PRIMARY KEY (host)
);
