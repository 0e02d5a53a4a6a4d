-- Every version of every rule Huntboard has offered: the catalog's rule files as found at each
-- start, and rules imported through the API (whose YAML is kept, since no file holds it). A run
-- records the content hash of the version it ran; this table says what that hash was.

create table rule_version (
  id           bigserial    primary key,
  rule_id      varchar(200) not null,
  content_hash char(64)     not null,
  origin       varchar(16)  not null check (origin in ('CATALOG', 'IMPORTED')),
  name         varchar(500) not null,
  content      text,
  recorded_by  varchar(200) not null,
  recorded_at  timestamptz  not null,
  check ((origin = 'IMPORTED') = (content is not null))
);
-- A catalog version is recorded once, however many nodes start with it.
create unique index rule_version_catalog_key on rule_version (rule_id, content_hash)
  where origin = 'CATALOG';
create index rule_version_rule_idx on rule_version (rule_id, id desc);
