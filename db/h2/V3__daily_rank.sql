-- daily_rank for H2: per target, category and UTC day, the first, last, lowest and highest rank.
-- Vendor-specific only because of the UTC day expression: H2 converts TIMESTAMP WITH TIME ZONE to DATE in the session time zone, even after AT TIME ZONE 'UTC', so the day is formatted in UTC explicitly.
CREATE VIEW daily_rank AS
SELECT d.target_key,
       d.label,
       d.group_name,
       d.marketplace,
       d.category_name,
       d.node_id,
       d.utc_day,
       MIN(d.first_rank) AS first_rank,
       MIN(d.last_rank)  AS last_rank,
       MIN(d.rank)       AS min_rank,
       MAX(d.rank)       AS max_rank,
       COUNT(*)          AS observations
  FROM (SELECT o.target_id,
               r.category_id,
               t.target_key,
               t.label,
               t.group_name,
               c.marketplace,
               c.name AS category_name,
               c.node_id,
               r.rank,
               CAST(FORMATDATETIME(o.observed_at, 'yyyy-MM-dd', 'en', 'UTC') AS DATE) AS utc_day,
               FIRST_VALUE(r.rank) OVER (PARTITION BY o.target_id, r.category_id, CAST(FORMATDATETIME(o.observed_at, 'yyyy-MM-dd', 'en', 'UTC') AS DATE)
                                         ORDER BY o.observed_at, o.id) AS first_rank,
               FIRST_VALUE(r.rank) OVER (PARTITION BY o.target_id, r.category_id, CAST(FORMATDATETIME(o.observed_at, 'yyyy-MM-dd', 'en', 'UTC') AS DATE)
                                         ORDER BY o.observed_at DESC, o.id DESC) AS last_rank
          FROM rank r
          JOIN observation o ON o.id = r.observation_id
          JOIN target t      ON t.id = o.target_id
          JOIN category c    ON c.id = r.category_id
         WHERE o.outcome = 'OK') d
 GROUP BY d.target_id, d.category_id, d.utc_day, d.target_key, d.label, d.group_name,
          d.marketplace, d.category_name, d.node_id;
