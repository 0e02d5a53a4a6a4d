-- The audit log: append-only and hash-chained. Each event's hash is SHA-256 over the previous
-- event's hash and this event's canonical content, so an edit anywhere breaks every later link.

create table audit_event (
  seq           bigint       primary key,
  occurred_at   timestamptz  not null,
  actor         varchar(200) not null,
  action        varchar(100) not null,
  object_type   varchar(100) not null,
  object_id     varchar(200) not null,
  tenant_id     uuid,
  before_state  jsonb,
  after_state   jsonb,
  previous_hash char(64)     not null,
  hash          char(64)     not null unique
);
create sequence audit_event_seq as bigint;
create index audit_event_tenant_idx on audit_event (tenant_id, seq);
create index audit_event_object_idx on audit_event (object_type, object_id, seq);
create index audit_event_actor_idx on audit_event (actor, seq);

create function audit_event_reject_change() returns trigger language plpgsql as $$
begin
  raise exception 'audit events are append-only: % is not allowed', tg_op
    using errcode = 'insufficient_privilege';
end;
$$;

create trigger audit_event_no_update before update or delete on audit_event
  for each row execute function audit_event_reject_change();
create trigger audit_event_no_truncate before truncate on audit_event
  for each statement execute function audit_event_reject_change();
