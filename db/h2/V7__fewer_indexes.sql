-- rankkeeper schema, version 7 (H2 only): no index that only doubles another one.
--
-- H2 gives a foreign key an index of its own unless an index on exactly its columns exists, so
-- V1's foreign keys had made: observation(target_id) beside the unique (target_id, scheduled_at),
-- a second observation(run_id), rank(observation_id) beside the primary key and rank(category_id).
-- With WRITE_DELAY=0 every commit writes each changed index page to the file, and an index
-- ordered by target changes one page per observation: observation(target_id) alone was about a
-- third of the write cost.
--
-- observation_run_fk is added again, and H2 now uses observation_run_idx for it. The foreign
-- keys observation -> target, rank -> observation and rank -> category go on H2 (as
-- latest_rank_entry -> category did in V1): the writer takes every id it writes from rows of those
-- tables, in the same transaction for a rank and its observation, and targets and categories are
-- never deleted. PostgreSQL keeps them all: it makes no index for a foreign key.

ALTER TABLE observation DROP CONSTRAINT observation_target_fk;

ALTER TABLE observation DROP CONSTRAINT observation_run_fk;
ALTER TABLE observation ADD CONSTRAINT observation_run_fk FOREIGN KEY (run_id) REFERENCES scrape_run (id);

ALTER TABLE rank DROP CONSTRAINT rank_observation_fk;
ALTER TABLE rank DROP CONSTRAINT rank_category_fk;

-- rank's primary key is an index beside the rows (H2 clusters a table only by a single BIGINT
-- key), so a rank read through it costs a second lookup for rank and is_main. This index holds
-- them too: the export reads ranks from it in order, a target's history looks them up in it.
-- Its entries are appended (observation ids grow), so a commit changes few of its pages.
CREATE INDEX rank_covering_idx ON rank (observation_id, category_id, rank, is_main);
