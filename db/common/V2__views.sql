-- Views for people writing SQL (shared by H2 and PostgreSQL). daily_rank differs per vendor: V3.

-- Long format: one row per (OK observation, category).
CREATE VIEW rank_history AS
SELECT t.target_key,
       t.label,
       t.group_name,
       t.url,
       o.observed_at,
       o.scheduled_at,
       o.run_id,
       o.id          AS observation_id,
       c.marketplace,
       c.name        AS category_name,
       c.node_id,
       r.rank,
       r.is_main
  FROM rank r
  JOIN observation o ON o.id = r.observation_id
  JOIN target t      ON t.id = o.target_id
  JOIN category c    ON c.id = r.category_id
 WHERE o.outcome = 'OK';

-- The newest rank per target and category, read from the maintained latest_rank_entry table.
CREATE VIEW latest_rank AS
SELECT t.target_key,
       t.label,
       t.group_name,
       t.url,
       t.active,
       c.marketplace,
       c.name        AS category_name,
       c.node_id,
       l.rank,
       l.is_main,
       l.observed_at,
       l.observation_id
  FROM latest_rank_entry l
  JOIN target t   ON t.id = l.target_id
  JOIN category c ON c.id = l.category_id;
