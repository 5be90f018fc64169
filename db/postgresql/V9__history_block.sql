-- rankkeeper schema, version 9 (PostgreSQL): attempts packed per target into blocks, for its
-- history. See db/h2/V9__history_block.sql: the same tables with PostgreSQL's binary type and a
-- foreign key (PostgreSQL makes no index for one).
CREATE TABLE history_block (
    block_key          BIGINT  NOT NULL PRIMARY KEY,
    target_id          BIGINT  NOT NULL,
    entry_count        INTEGER NOT NULL,
    oldest_observed_at TIMESTAMP WITH TIME ZONE NOT NULL,
    newest_observed_at TIMESTAMP WITH TIME ZONE NOT NULL,
    entries            BYTEA   NOT NULL,
    CONSTRAINT history_block_target_fk FOREIGN KEY (target_id) REFERENCES target (id)
);

CREATE TABLE history_pack (
    id            INTEGER NOT NULL PRIMARY KEY,
    packed_before TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT history_pack_one_row CHECK (id = 1)
);
INSERT INTO history_pack (id, packed_before) VALUES (1, TIMESTAMP WITH TIME ZONE '1970-01-01 00:00:00+00');

CREATE INDEX observation_observed_idx ON observation (observed_at, id);
