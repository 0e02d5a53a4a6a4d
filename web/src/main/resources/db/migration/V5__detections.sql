-- Detections: one per (tenant, rule, the rule's grouping values), merged across the overlapping
-- windows of successive runs, with the runs that saw each one, triage state and comments.

create table detection (
  id                  uuid         primary key,
  tenant_id           uuid         not null references tenant (id),
  rule_id             varchar(200) not null,
  detection_key       char(64)     not null,
  grouping            jsonb        not null,
  first_seen          timestamptz  not null,
  last_seen           timestamptz  not null,
  event_count         bigint       not null,
  report_ids          jsonb        not null,
  report_ids_complete boolean      not null,
  sightings           integer      not null,
  state               varchar(16)  not null check (state in ('NEW', 'ACKNOWLEDGED', 'CLOSED')),
  resolution          varchar(16)  check (resolution in ('TRUE_POSITIVE', 'BENIGN', 'FALSE_POSITIVE')),
  assignee            varchar(200),
  closed_at           timestamptz,
  reopened_count      integer      not null,
  last_reopened_at    timestamptz,
  created_at          timestamptz  not null,
  updated_at          timestamptz  not null,
  version             bigint       not null,
  constraint detection_key_unique unique (tenant_id, rule_id, detection_key),
  check ((state = 'CLOSED') = (resolution is not null))
);
create index detection_tenant_idx on detection (tenant_id, state, last_seen desc);

create table detection_run (
  detection_id uuid not null references detection (id),
  run_id       uuid not null references hunt_run (id),
  primary key (detection_id, run_id)
);

create table detection_comment (
  id           uuid          primary key,
  detection_id uuid          not null references detection (id),
  tenant_id    uuid          not null references tenant (id),
  author       varchar(200)  not null,
  body         varchar(10000) not null,
  created_at   timestamptz   not null
);
create index detection_comment_idx on detection_comment (detection_id, created_at);
