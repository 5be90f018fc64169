-- rankkeeper schema, version 8 (H2 only): the unique key on attempts leads with the time.
--
-- Same constraint, same name, same rows refused: one observation per (target, scheduled fire
-- time). With WRITE_DELAY=0 H2 writes every index page a commit changed. An index led by
-- target_id changes one page per observation (each target's entries sit in their own page), while
-- one led by scheduled_at only grows at its end, since runs are stored in time order. Its lookups
-- (the writer's duplicate check, a recovered run's "which targets are done") give both columns or
-- the fire time, so the order suits them. PostgreSQL keeps (target_id, scheduled_at): it updates
-- index pages in place.
ALTER TABLE observation DROP CONSTRAINT observation_target_scheduled_unique;
ALTER TABLE observation ADD CONSTRAINT observation_target_scheduled_unique UNIQUE (scheduled_at, target_id);
