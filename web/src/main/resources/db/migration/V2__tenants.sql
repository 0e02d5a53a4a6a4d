-- Tenants, their connectors and their credential set. Every tenant-owned table carries tenant_id
-- so that each query can be scoped to the caller's tenants.

create table tenant (
  id              uuid         primary key,
  display_name    varchar(200) not null,
  entra_tenant_id uuid,
  created_at      timestamptz  not null,
  updated_at      timestamptz  not null,
  version         bigint       not null
);
create unique index tenant_display_name_key on tenant (lower(display_name));

create table tenant_connector (
  id            uuid          primary key,
  tenant_id     uuid          not null references tenant (id),
  kind          varchar(16)   not null check (kind in ('DEFENDER', 'SENTINEL', 'LOCAL')),
  workspace_ids varchar(2000),
  data_folder   varchar(1000),
  constraint tenant_connector_kind_key unique (tenant_id, kind)
);

-- One credential set per tenant. The secret (client secret or PEM certificate) is AES-GCM
-- ciphertext prefixed with the id of the key that encrypted it.
create table tenant_credential (
  tenant_id         uuid         primary key references tenant (id),
  kind              varchar(32)  not null check (kind in ('CLIENT_SECRET', 'CLIENT_CERTIFICATE', 'MANAGED_IDENTITY')),
  client_id         varchar(100),
  secret_ciphertext text,
  updated_at        timestamptz  not null,
  version           bigint       not null
);
