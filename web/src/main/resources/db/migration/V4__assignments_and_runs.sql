-- Assignments (tenant x rule x connector on a schedule) and the run ledger: one row per window,
-- unique per (assignment, window start), so planning twice or on two nodes cannot double a window.
-- Windows are the slices [start, end) of one frequency each, aligned to the frequency, that tile
-- an assignment's timeline; a run's query covers [query_start, window_end), the lookback.

create table assignment (
  id                uuid         primary key,
  tenant_id         uuid         not null references tenant (id),
  rule_id           varchar(200) not null,
  connector         varchar(16)  not null check (connector in ('DEFENDER', 'SENTINEL', 'LOCAL')),
  frequency_seconds bigint       not null check (frequency_seconds >= 300),
  lookback_seconds  bigint       not null check (lookback_seconds >= frequency_seconds),
  jitter_seconds    integer      not null check (jitter_seconds >= 0),
  state             varchar(16)  not null check (state in ('ACTIVE', 'PAUSED')),
  first_window_end  timestamptz  not null,
  created_at        timestamptz  not null,
  updated_at        timestamptz  not null,
  version           bigint       not null,
  constraint assignment_key unique (tenant_id, rule_id, connector)
);
create index assignment_tenant_idx on assignment (tenant_id);

create table hunt_run (
  id                    uuid         primary key,
  tenant_id             uuid         not null references tenant (id),
  assignment_id         uuid         not null references assignment (id),
  rule_id               varchar(200) not null,
  connector             varchar(16)  not null,
  window_start          timestamptz  not null,
  window_end            timestamptz  not null check (window_end > window_start),
  query_start           timestamptz  not null check (query_start <= window_start),
  trigger               varchar(16)  not null check (trigger in ('SCHEDULE', 'BACKFILL', 'MANUAL')),
  state                 varchar(16)  not null check (state in ('PLANNED', 'RUNNING', 'SUCCEEDED', 'FAILED')),
  attempts              integer      not null default 0,
  claimed_by            varchar(200),
  lease_until           timestamptz,
  planned_at            timestamptz  not null,
  started_at            timestamptz,
  finished_at           timestamptz,
  duration_ms           bigint,
  outcome               varchar(16)  check (outcome in ('SUCCEEDED', 'PARTIAL', 'FAILED')),
  failure_class         varchar(32),
  failure_message       varchar(2000),
  retryable             boolean,
  rule_version_hash     char(64),
  query_hash            char(64),
  exclusion_set_version varchar(100),
  rows_before           bigint,
  rows_after            bigint,
  constraint hunt_run_window_key unique (assignment_id, window_start)
);
create index hunt_run_tenant_idx on hunt_run (tenant_id, window_start desc);
create index hunt_run_due_idx on hunt_run (assignment_id, state, window_start);

-- Rows an exclusion suppressed in a run, by exclusion id.
create table hunt_run_suppression (
  run_id       uuid         not null references hunt_run (id),
  exclusion_id varchar(200) not null,
  rows         bigint       not null,
  primary key (run_id, exclusion_id)
);
