-- Runs finished since an instant, across tenants: the health summary's outcomes of the last day
-- and its latest failures. Without this index each of those reads the whole run ledger, which at
-- MSSP sizes (millions of runs) makes the admin's health page the slowest page of the portal.
create index hunt_run_finished_idx on hunt_run (finished_at desc);
