-- One normalisation per concept (schema 7). The rewriting is done by the migration's hook in Rust
-- (src/time.rs, src/search.rs), inside this migration's transaction:
-- - every time column in one fixed-width UTC shape with microseconds (time::stamp), so that text
--   order is time order (before, two shapes were mixed and misordered changes within one second);
-- - filing_domains and the search index hold each domain's comparison key (beian_core::domain::key:
--   `www.a.cn` and `a.cn` are one filed domain), and primary_domain its normalised written form.
SELECT 1;
