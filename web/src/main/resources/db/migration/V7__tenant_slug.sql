-- A tenant's key: unique, immutable, and the name of its group at the identity provider
-- (/tenants/<slug>), through which a token's tenants claim maps to tenant ids.

alter table tenant add column slug varchar(63);

-- Tenants created before keys existed get one from their name, with a piece of their id when two
-- names would give the same key.
update tenant t
   set slug = coalesce(nullif(trim(both '-' from left(regexp_replace(lower(t.display_name), '[^a-z0-9]+', '-', 'g'), 50)), ''), 'tenant')
              || case when (select count(*) from tenant o
                             where trim(both '-' from left(regexp_replace(lower(o.display_name), '[^a-z0-9]+', '-', 'g'), 50))
                                 = trim(both '-' from left(regexp_replace(lower(t.display_name), '[^a-z0-9]+', '-', 'g'), 50))) > 1
                      then '-' || left(t.id::text, 8) else '' end;

alter table tenant alter column slug set not null;
alter table tenant add constraint tenant_slug_key unique (slug);
alter table tenant add constraint tenant_slug_format check (slug ~ '^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$');
