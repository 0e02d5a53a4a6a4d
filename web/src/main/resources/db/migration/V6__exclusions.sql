-- Exclusions of one tenant and one rule, their decision and comment history, and their backtests.
-- An exclusion's id (as text) is the tag its rows carry in the compiled query and the key of its
-- suppressions in hunt_run_suppression. The lifecycle is enforced by the application's model
-- (org.huntboard.core.exclusion.Exclusion); the checks below keep a stray write from storing an
-- impossible row (an approver who is the proposer, a closed exclusion without a closing time).

create table exclusion (
  id                  uuid           primary key,
  tenant_id           uuid           not null references tenant (id),
  rule_id             varchar(200)   not null,
  filter_text         varchar(10000) not null,
  filter_version      integer        not null check (filter_version >= 1),
  justification       varchar(4000)  not null,
  ticket              varchar(200),
  proposer            varchar(200)   not null,
  approver            varchar(200),
  state               varchar(16)    not null
                      check (state in ('PROPOSED', 'APPROVED', 'REJECTED', 'EXPIRED', 'REVOKED')),
  created_at          timestamptz    not null,
  approved_at         timestamptz,
  expires_at          timestamptz    not null check (expires_at > created_at),
  closed_at           timestamptz,
  closed_by           varchar(200),
  close_reason        varchar(4000),
  renews              uuid           references exclusion (id),
  source_template_id  varchar(64),
  source_detection_id uuid           references detection (id),
  -- Whether the guards found it broad (an alternative that tests a single field).
  broad_by_guards     boolean        not null,
  -- The latest backtest of the current filter version, for the over-broad flag.
  backtest_rows_before bigint,
  backtest_rows_hidden bigint,
  -- Accumulated from the ledger in the transaction that finishes each run that applied it.
  hit_count           bigint         not null default 0,
  rows_seen           bigint         not null default 0,
  runs_applied        bigint         not null default 0,
  last_hit_at         timestamptz,
  last_applied_at     timestamptz,
  version             bigint         not null,
  check ((approver is null) = (approved_at is null)),
  check (approver is null or approver <> proposer),
  check ((state in ('REJECTED', 'EXPIRED', 'REVOKED')) = (closed_at is not null)),
  check (renews is null or renews <> id)
);
create index exclusion_tenant_idx on exclusion (tenant_id, state, expires_at);
create index exclusion_active_idx on exclusion (tenant_id, rule_id) where state = 'APPROVED';
create index exclusion_expiry_idx on exclusion (expires_at) where state = 'APPROVED';
-- One open renewal per exclusion at a time.
create unique index exclusion_open_renewal on exclusion (renews)
  where renews is not null and state = 'PROPOSED';

-- Decisions and comments, oldest first: what the exclusion's page shows as its history.
create table exclusion_event (
  id             uuid           primary key,
  -- Insertion order: several entries can share one instant.
  seq            bigint         generated always as identity,
  exclusion_id   uuid           not null references exclusion (id),
  tenant_id      uuid           not null references tenant (id),
  kind           varchar(16)    not null
                 check (kind in ('PROPOSED', 'AMENDED', 'BACKTESTED', 'APPROVED', 'REJECTED',
                                 'REVOKED', 'RENEWED', 'EXPIRED', 'COMMENTED')),
  actor          varchar(200)   not null,
  body           varchar(10000),
  filter_version integer        not null,
  occurred_at    timestamptz    not null
);
create index exclusion_event_idx on exclusion_event (exclusion_id, seq);

-- The rule over the last N days on the tenant's connector, with and without the exclusion.
create table exclusion_backtest (
  id                uuid         primary key,
  -- Insertion order: several backtests can share one instant.
  seq               bigint       generated always as identity,
  exclusion_id      uuid         not null references exclusion (id),
  tenant_id         uuid         not null references tenant (id),
  requested_by      varchar(200) not null,
  created_at        timestamptz  not null,
  days              integer      not null check (days >= 1),
  window_start      timestamptz  not null,
  window_end        timestamptz  not null check (window_end > window_start),
  filter_version    integer      not null,
  connector         varchar(16)  not null,
  query_hash        char(64)     not null,
  rows_before       bigint       not null,
  rows_after        bigint       not null,
  rows_hidden       bigint       not null,
  partial           varchar(32),
  detections_closed jsonb        not null,
  sample_rows       jsonb        not null,
  sample_complete   boolean      not null,
  check (rows_before = rows_after + rows_hidden)
);
create index exclusion_backtest_idx on exclusion_backtest (exclusion_id, seq desc);
