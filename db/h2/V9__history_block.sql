-- rankkeeper schema, version 9 (H2): attempts packed per target into blocks, for its history.
--
-- One target's ~1,000 attempts are ~1,000 observation rows and ~3,000 rank rows spread over the
-- whole file (rows sit in id order, ids in time order): reading them took ~2,000 page reads.
-- history_block holds the same attempts again, packed: a few dozen neighbouring rows per target.
-- The rows are derived: observation and rank stay the record. The writer never rewrites a block
-- at a commit (with WRITE_DELAY=0 and REUSE_SPACE=FALSE each rewritten page grows the file; a block
-- appended per commit made the file 15 times larger); the packer adds them in the background, for
-- the attempts observed before history_pack.packed_before. An attempt that arrives older than that
-- is appended to its target's blocks by the writer. A history reads the blocks, then the attempts
-- observed since packed_before from observation.
--
-- H2 keeps a table's rows in the order of a single BIGINT primary key, so a target's blocks sit
-- side by side: block_key = target_id * 2^24 + block number. No foreign key: H2 would index
-- target_id for it (see V7); block keys come from rows of target, which are never deleted.
CREATE TABLE history_block (
    block_key          BIGINT  NOT NULL PRIMARY KEY,
    target_id          BIGINT  NOT NULL,
    entry_count        INTEGER NOT NULL,
    oldest_observed_at TIMESTAMP WITH TIME ZONE NOT NULL,
    newest_observed_at TIMESTAMP WITH TIME ZONE NOT NULL,
    entries            VARBINARY(1000000) NOT NULL
);

-- One row: attempts observed before packed_before are in history_block. Writers and the packer
-- lock it for the length of a transaction, so an attempt is packed exactly once.
CREATE TABLE history_pack (
    id            INTEGER NOT NULL PRIMARY KEY,
    packed_before TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT history_pack_one_row CHECK (id = 1)
);
INSERT INTO history_pack (id, packed_before) VALUES (1, TIMESTAMP WITH TIME ZONE '1970-01-01 00:00:00+00');

-- the packer reads attempts in time order; ids grow with time, so this index is appended to
CREATE INDEX observation_observed_idx ON observation (observed_at, id);
